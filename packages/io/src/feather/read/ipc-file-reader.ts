import { fstatSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Chunk, DfError, type DType, Schema } from '@df-stream/core';
import { loadZstd, releaseZstdBuffers } from '../../columnar/zstd.js';
import { fileChangedError } from '../../file-changed-error.js';
import { FormatError } from '../../format-error.js';
import { BodyBuffers } from './body-buffers.js';
import { readIpcFooter, readMessage } from './check-ipc-framing.js';
import { decompressIpcBuffer } from './decompress-ipc-buffer.js';
import { type IpcBatchHeader, LZ4_FRAME, readIpcBatchHeader, ZSTD } from './ipc-batch-header.js';
import { type IpcColumnData, IpcColumnDecoder, IpcDataError } from './ipc-column-decoder.js';
import { DICTIONARY_MESSAGE, RECORD_BATCH_MESSAGE, readIpcFooterBlocks, SCHEMA_MESSAGE, TableReader } from './ipc-flatbuffers.js';
import { bufferCount, IPC_TYPE, type IpcField, readIpcSchema } from './ipc-schema.js';

/** Where a top-level field's node, buffers and variadic counts start in a record batch. */
interface FieldSlot {
  readonly field: IpcField;
  readonly node: number;
  readonly buffer: number;
  readonly buffers: number;
  readonly variadic: number;
}

/** A (dictionary) batch message: its header, where its body starts and where the next message does. */
interface Message {
  readonly header: IpcBatchHeader;
  readonly bodyStart: number;
  readonly end: number;
}

/** A batch body's buffers as read: the bytes at a body offset, and the buffers read into (see `BodyBuffers`). */
interface Body {
  (offset: number, length: number): Uint8Array;
  readonly buffers: readonly Uint8Array[];
}

/** The most bytes of batch bodies read ahead while the batch before them is decoded, and how many batches. */
const READ_AHEAD_MAX_BYTES = 64 * 2 ** 20;
const READ_AHEAD_BATCHES = 3;

/** Byte ranges closer than this are read as one (the gap is cheaper to read than another call). */
const COALESCE_GAP = 64 * 1024;

/**
 * df-stream's own reader of the Arrow IPC file format (Feather v2), and of the IPC stream format, for flat columns:
 * the footer and message headers through our flatbuffer reader (`ipc-flatbuffers.ts`, checked by `checkIpcFraming`
 * first), then, per record batch, only the selected columns' buffers, read with positional reads and decoded by
 * `IpcColumnDecoder`. A file's dictionary batches are read once, before the record batches (as apache-arrow's file
 * reader does); a stream's apply to the batches after them. `unsupported` says why a
 * file or a selection is not for this reader (nested types, decimals, an unknown codec, ...): the caller then reads
 * it with apache-arrow.
 */
export class IpcFileReader {
  private readonly slots: FieldSlot[] = [];
  private readonly byName = new Map<string, FieldSlot>();
  /** Record batch bodies are read into these, reused once their chunk has its own copies. */
  private readonly bodies = new BodyBuffers();
  /** Why the whole file is not for this reader (a field whose buffers it cannot count, a codec). */
  private fileProblem: string | undefined;
  /**
   * How far the current scan has gone through the file: the end of the last record batch read (its body's bytes
   * count as gone through even when only some columns' buffers were read, so progress reaches the file's size).
   */
  bytesRead = 0;
  /** Record batches the current scan has read. */
  batchesRead = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    readonly fields: readonly IpcField[],
    private readonly dictionaryBlocks: readonly number[],
    private readonly batchBlocks: readonly number[],
    private readonly dataEnd: number,
    /** The file's size when opened: a read that finds less means the file changed under the reader. */
    private readonly fileSize: number,
    /** For the IPC stream format: where the message after the schema starts (undefined for the file format). */
    private readonly streamStart?: number,
  ) {
    let node = 0;
    let buffer = 0;
    let variadic = 0;
    for (const field of fields) {
      const counts = bufferCount(field);
      if (counts === undefined) {
        this.fileProblem ??= `column ${field.name} has a type (id ${field.typeId}) whose layout this reader does not know`;
        break;
      }
      const slot = { field, node, buffer, buffers: counts.buffers, variadic };
      this.slots.push(slot);
      if (!this.byName.has(field.name)) this.byName.set(field.name, slot);
      node += counts.nodes;
      buffer += counts.buffers;
      variadic += counts.variadic;
    }
  }

  /** The file's footer and schema (the file's framing must have been checked: `checkIpcFraming`). */
  static open(handle: FileHandle, size: number, path: string): IpcFileReader {
    const { footer, footerStart } = readIpcFooter(handle, size, (detail) => {
      throw malformed(path, detail);
    });
    const t = new TableReader(footer);
    const schema = t.child(t.root(), 1);
    const fields = schema === undefined ? [] : readIpcSchema(t, schema);
    const { dictionaries, recordBatches } = readIpcFooterBlocks(footer);
    const reader = new IpcFileReader(handle, path, fields, dictionaries, recordBatches, footerStart, size);
    const first = dictionaries[0] ?? recordBatches[0];
    if (first !== undefined) reader.checkCodec(first);
    return reader;
  }

  /** An IPC stream's schema, its first message (the stream's framing must have been checked: `checkIpcFraming`). */
  static openStream(handle: FileHandle, size: number, path: string): IpcFileReader {
    const fail = (detail: string): never => {
      throw malformed(path, detail);
    };
    const first = readMessage(handle, 0, size, fail);
    if (first === undefined || first.headerType !== SCHEMA_MESSAGE) return fail('the stream does not start with a schema message');
    const t = new TableReader(first.metadata);
    const schema = t.child(t.root(), 2);
    const reader = new IpcFileReader(handle, path, schema === undefined ? [] : readIpcSchema(t, schema), [], [], size, size, first.end);
    if (first.end < size) reader.checkCodec(first.end);
    return reader;
  }

  /** A body codec other than LZ4_FRAME and ZSTD (a newer Arrow's) leaves the file to apache-arrow. */
  private checkCodec(offset: number): void {
    const message = readMessage(this.handle, offset, this.dataEnd, (detail) => {
      throw malformed(this.path, detail);
    });
    const codec = message === undefined ? undefined : readIpcBatchHeader(message.metadata).codec;
    if (codec !== undefined && codec !== LZ4_FRAME && codec !== ZSTD) this.fileProblem ??= `body compression codec ${codec} is not supported`;
  }

  /** Why `names` cannot be read by this reader, or undefined when they can. */
  unsupported(names: readonly string[]): string | undefined {
    if (this.fileProblem !== undefined) return this.fileProblem;
    for (const name of names) {
      const slot = this.byName.get(name);
      if (slot === undefined) return `no column ${name}`;
      const problem = typeProblem(slot.field);
      if (problem !== undefined) return `column ${name}: ${problem}`;
    }
    return undefined;
  }

  /** The dtypes the selected columns have before integer narrowing (core's `dtypeOfArrowType` for these types). */
  declaredDTypes(names: readonly string[]): Schema {
    return new Schema(names.map((name) => ({ name, dtype: declaredDType((this.byName.get(name) as FieldSlot).field) })));
  }

  /** Record batches of the file format (a stream has no index: 0). */
  get batchCount(): number {
    return this.streamStart === undefined ? this.batchBlocks.length : 0;
  }

  /**
   * The selected columns, one chunk per record batch (of `batches` only, for a file). String columns in `keyColumns`
   * (a group-by's keys) come categorical, each value interned as it is read: a group-by then hashes each distinct key
   * once, as the CSV reader's key columns.
   */
  async *chunks(names: readonly string[], batches?: readonly number[], keyColumns: readonly string[] = []): AsyncGenerator<Chunk> {
    this.bytesRead = 0;
    this.batchesRead = 0;
    const slots = names.map((name) => this.byName.get(name) as FieldSlot);
    const decoders = slots.map(
      (slot, c) => new IpcColumnDecoder(slot.field, slot.field.dictionary === undefined ? undefined : slot.field, keyColumns.includes(names[c])),
    );
    try {
      if (this.streamStart !== undefined) yield* this.streamChunks(this.streamStart, names, slots, decoders);
      else yield* this.fileChunks(names, slots, decoders, batches);
    } finally {
      for (const decoder of decoders) decoder.release();
    }
  }

  private async *fileChunks(
    names: readonly string[],
    slots: readonly FieldSlot[],
    decoders: readonly IpcColumnDecoder[],
    batches?: readonly number[],
  ): AsyncGenerator<Chunk> {
    await this.readDictionaries(slots, decoders);
    const indices = [...(batches ?? this.batchBlocks.keys())];
    for (const index of indices) {
      if (!(index >= 0 && index < this.batchBlocks.length))
        throw new DfError('usage', `${this.path}: record batch ${index} does not exist (the file has ${this.batchBlocks.length})`);
    }
    // The next batches' buffers are read while this one is decoded and consumed (READ_AHEAD_BATCHES ahead): the reads
    // would otherwise leave the thread idle, a third of a two-column scan's time.
    const ahead: { message: Message; body?: Promise<Body> }[] = [];
    let queued = 0;
    for (let i = 0; i < indices.length; i++) {
      this.batchesRead++;
      const current = ahead.shift() ?? this.readAhead(indices[queued++], slots);
      while (ahead.length < READ_AHEAD_BATCHES && queued < indices.length)
        ahead.push(this.readAhead(indices[queued++], slots, READ_AHEAD_MAX_BYTES / READ_AHEAD_BATCHES));
      yield await this.decodeBatch(current.message, names, slots, decoders, indices[i], current.body);
    }
  }

  /**
   * Batch `index`'s message, checked, and the read of its selected buffers started when its body is at most `limit`
   * bytes (only a batch of moderate size is read ahead: a file of a few huge batches would hold two at once).
   */
  private readAhead(index: number, slots: readonly FieldSlot[], limit = Infinity): { message: Message; body?: Promise<Body> } {
    const message = this.message(this.batchBlocks[index], index) as Message;
    if (message.header.headerType !== RECORD_BATCH_MESSAGE || message.header.batch === undefined) {
      throw malformed(this.path, `the footer's record batch ${index} is not a record batch message`, index);
    }
    if (message.header.bodyLength > limit) return { message };
    const body = this.readBody(message, slots, index);
    // Awaited when its batch's turn comes; until then (or if the consumer stops first) a failure is nobody's error.
    body.catch(() => undefined);
    return { message, body };
  }

  /**
   * The messages of an IPC stream in order: a dictionary batch of a selected column applies to the record batches
   * after it (a delta adds entries, anything else replaces them); the end-of-stream marker or the data's end stops.
   */
  private async *streamChunks(start: number, names: readonly string[], slots: readonly FieldSlot[], decoders: readonly IpcColumnDecoder[]): AsyncGenerator<Chunk> {
    let at = start;
    let index = 0;
    let dictionaries = 0;
    while (at < this.dataEnd) {
      const message = this.message(at, index, undefined, true);
      if (message === undefined) return;
      at = message.end;
      const { headerType } = message.header;
      if (headerType === DICTIONARY_MESSAGE) {
        await this.applyDictionary(message, slots, decoders, dictionaries++);
      } else if (headerType === RECORD_BATCH_MESSAGE) {
        yield await this.decodeBatch(message, names, slots, decoders, index++);
      } else throw malformed(this.path, `a message of type ${headerType} after the schema`, index);
    }
  }

  private async applyDictionary(message: Message, slots: readonly FieldSlot[], decoders: readonly IpcColumnDecoder[], i: number): Promise<void> {
    const id = message.header.dictionaryId;
    const targets = decoders.filter((_, c) => slots[c].field.dictionary?.id === id);
    if (targets.length === 0) return;
    const valueField = slots[decoders.indexOf(targets[0])].field;
    const field: IpcField = { ...valueField, dictionary: undefined };
    const slot: FieldSlot = { field, node: 0, buffer: 0, buffers: bufferCount(field)?.buffers ?? 3, variadic: 0 };
    const [data] = await this.columnData(message, [slot], undefined);
    for (const decoder of targets) {
      if (!message.header.isDelta) decoder.resetDictionary();
      try {
        decoder.addDictionary(data);
      } catch (error) {
        throw this.dataError(error, undefined, i);
      }
    }
  }

  private async decodeBatch(
    message: Message,
    names: readonly string[],
    slots: readonly FieldSlot[],
    decoders: readonly IpcColumnDecoder[],
    index: number,
    // Read ahead, or read here once the message is known to have a batch (a read started before a throw would leave
    // its failure with no handler).
    body?: Promise<Body>,
  ): Promise<Chunk> {
    const batch = message.header.batch;
    if (batch === undefined) throw malformed(this.path, 'a record batch message without a batch', index);
    const read = await (body ?? this.readBody(message, slots, index));
    const data = this.columnsOf(message, slots, index, read);
    const columns = [];
    const fields: { name: string; dtype: DType }[] = [];
    for (let c = 0; c < slots.length; c++) {
      if (data[c].length !== batch.length) throw malformed(this.path, `column ${names[c]} has ${data[c].length} values in a batch of ${batch.length} rows`, index);
      let column: ReturnType<IpcColumnDecoder['decode']>;
      try {
        column = decoders[c].decode(data[c]);
      } catch (error) {
        throw this.dataError(error, index);
      }
      columns.push(column);
      fields.push({ name: names[c], dtype: column.dtype });
    }
    this.bytesRead = Math.max(this.bytesRead, message.bodyStart + message.header.bodyLength);
    // After the body's read is awaited (a turn before it would leave a failed read with no handler for that turn).
    await releaseZstdBuffers();
    return new Chunk(new Schema(fields), this.bodies.settle(read.buffers, columns));
  }

  /**
   * Every dictionary batch of a selected dictionary-encoded column, interned into its decoder: a delta adds entries,
   * anything else replaces them (only the entries from the last replacement on are kept, as every record batch of a
   * file sees the dictionary as it stands after all dictionary batches).
   */
  private async readDictionaries(slots: readonly FieldSlot[], decoders: readonly IpcColumnDecoder[]): Promise<void> {
    const wanted = new Map<number, IpcColumnDecoder[]>();
    slots.forEach((slot, c) => {
      const id = slot.field.dictionary?.id;
      if (id !== undefined) wanted.set(id, [...(wanted.get(id) ?? []), decoders[c]]);
    });
    if (wanted.size === 0) return;
    const messages = this.dictionaryBlocks.map((offset, i) => ({ message: this.message(offset, undefined, i) as Message, i }));
    const lastReplacement = new Map<number, number>();
    for (const { message, i } of messages) {
      if (message.header.headerType !== DICTIONARY_MESSAGE) throw malformed(this.path, `dictionary block ${i} is not a dictionary batch`);
      if (!message.header.isDelta) lastReplacement.set(message.header.dictionaryId, i);
    }
    for (const { message, i } of messages) {
      const id = message.header.dictionaryId;
      const targets = wanted.get(id);
      if (targets === undefined || i < (lastReplacement.get(id) ?? 0)) continue;
      const valueField = slots[decoders.indexOf(targets[0])].field;
      // The dictionary batch holds one column: the values, laid out as the field's value type.
      const slot: FieldSlot = { field: { ...valueField, dictionary: undefined }, node: 0, buffer: 0, buffers: 0, variadic: 0 };
      const counts = bufferCount(slot.field);
      const [data] = await this.columnData(message, [{ ...slot, buffers: counts?.buffers ?? 3 }], undefined);
      for (const decoder of targets) {
        try {
          decoder.addDictionary(data);
        } catch (error) {
          throw this.dataError(error, undefined);
        }
      }
    }
  }

  /**
   * The message at `offset`, its header parsed (the framing check has verified it; this re-checks its bounds);
   * undefined for an end-of-stream marker where `endAllowed`.
   */
  private message(offset: number, batch: number | undefined, dictionary?: number, endAllowed = false): Message | undefined {
    const fail = (detail: string): never => {
      throw this.changed() ?? malformed(this.path, dictionary === undefined ? detail : `dictionary batch ${dictionary}: ${detail}`, batch);
    };
    const first = this.streamStart === undefined ? 8 : 0;
    if (!Number.isSafeInteger(offset) || offset < first || offset >= this.dataEnd) fail(`a message at byte ${offset}, outside the data`);
    const message = readMessage(this.handle, offset, this.dataEnd, fail);
    if (message === undefined) return endAllowed ? undefined : fail(`an end-of-stream marker at byte ${offset}`);
    const header = readIpcBatchHeader(message.metadata);
    if (header.codec !== undefined && header.codec !== LZ4_FRAME && header.codec !== ZSTD) fail(`body compression codec ${header.codec} is not supported`);
    return { header, bodyStart: message.bodyStart, end: message.end };
  }

  /** The selected columns' nodes and buffers of one (dictionary) batch: positional reads of only their bytes. */
  private async columnData(message: { header: IpcBatchHeader; bodyStart: number }, slots: readonly FieldSlot[], index: number | undefined): Promise<IpcColumnData[]> {
    return this.columnsOf(message, slots, index, await this.readBody(message, slots, index));
  }

  /** Reads the buffers of `slots` in a batch's body (checked against the batch first); `columnsOf` makes the columns. */
  private async readBody(message: { header: IpcBatchHeader; bodyStart: number }, slots: readonly FieldSlot[], index: number | undefined): Promise<Body> {
    const { batch, codec, bodyLength } = message.header;
    if (batch === undefined) throw malformed(this.path, 'a batch message without a batch', index);
    if (codec === ZSTD) await loadZstd();
    const ranges: { start: number; end: number }[] = [];
    for (const slot of slots) {
      if (slot.node >= batch.nodes.length || slot.buffer + slot.buffers > batch.buffers.length) {
        throw malformed(this.path, `the batch has ${batch.nodes.length} column nodes and ${batch.buffers.length} buffers, fewer than its schema needs`, index);
      }
      if (slot.field.typeId === IPC_TYPE.Utf8View || slot.field.typeId === IPC_TYPE.BinaryView) {
        if (slot.variadic >= batch.variadicCounts.length) throw malformed(this.path, 'a view column without its variadic buffer count', index);
      }
      for (const b of this.bufferIndices(slot, batch.variadicCounts, batch.buffers.length, index)) {
        const { offset, length } = batch.buffers[b];
        if (length > 0) ranges.push({ start: offset, end: offset + length });
      }
    }
    return this.readRanges(message.bodyStart, bodyLength, ranges, index);
  }

  /** The columns of `slots` from a body `readBody` read: decompressed here, so that reading can run ahead. */
  private columnsOf(message: { header: IpcBatchHeader }, slots: readonly FieldSlot[], index: number | undefined, body: Body): IpcColumnData[] {
    const { batch, codec } = message.header;
    if (batch === undefined) throw malformed(this.path, 'a batch message without a batch', index);
    return slots.map((slot) => {
      const take = (b: number): Uint8Array => {
        const { offset, length } = batch.buffers[b];
        const bytes = body(offset, length);
        if (codec === undefined) return bytes;
        try {
          return decompressIpcBuffer(codec, bytes);
        } catch (error) {
          throw malformed(this.path, `buffer ${b}: ${(error as Error).message}`, index);
        }
      };
      const own = this.bufferIndices(slot, batch.variadicCounts, batch.buffers.length, index);
      const fixed = slot.field.typeId === IPC_TYPE.Utf8View || slot.field.typeId === IPC_TYPE.BinaryView ? 2 : own.length;
      const node = batch.nodes[slot.node];
      return {
        length: node.length,
        nullCount: node.nullCount,
        buffers: own.slice(0, fixed).map(take),
        variadic: own.slice(fixed).map(take),
      };
    });
  }

  /** The indices of a top-level field's own buffers (a view type's data buffers after its two fixed ones). */
  private bufferIndices(slot: FieldSlot, variadicCounts: readonly number[], available: number, index: number | undefined): number[] {
    const isView = slot.field.typeId === IPC_TYPE.Utf8View || slot.field.typeId === IPC_TYPE.BinaryView;
    // Earlier view columns' data buffers shift this field's buffers.
    let shift = 0;
    for (let v = 0; v < slot.variadic; v++) shift += variadicCounts[v] ?? 0;
    const extra = isView ? (variadicCounts[slot.variadic] ?? 0) : 0;
    const first = slot.buffer + shift;
    const count = (isView ? 2 : slot.buffers) + extra;
    if (first + count > available) throw malformed(this.path, `the batch has ${available} buffers, fewer than its schema and view counts need`, index);
    return Array.from({ length: count }, (_, i) => first + i);
  }

  /**
   * Reads the byte ranges of a body (each checked to lie inside it: `checkIpcFraming`'s check, again here since
   * a buffer list is read per batch) with as few positional reads as the gaps allow, into buffers that start at
   * a range's start (body offsets are 8-byte aligned, so typed views over them are aligned too).
   */
  private async readRanges(bodyStart: number, bodyLength: number, ranges: { start: number; end: number }[], index: number | undefined): Promise<Body> {
    for (const r of ranges) {
      if (!(r.start >= 0 && r.end <= bodyLength && r.start <= r.end))
        throw malformed(this.path, `a buffer (bytes ${r.start}..${r.end}) outside its ${bodyLength}-byte body`, index);
    }
    ranges.sort((a, b) => a.start - b.start);
    const merged: { start: number; end: number; bytes: Uint8Array }[] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last !== undefined && r.start <= last.end + COALESCE_GAP) last.end = Math.max(last.end, r.end);
      else merged.push({ start: r.start, end: r.end, bytes: new Uint8Array(0) });
    }
    for (const m of merged) {
      const bytes = this.bodies.take(m.end - m.start);
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await this.handle.read(bytes, done, bytes.length - done, bodyStart + m.start + done);
        if (bytesRead === 0) {
          const at = bodyStart + m.start + done;
          throw this.changed(at) ?? malformed(this.path, `the file ended at byte ${at}, inside a batch body`, index);
        }
        done += bytesRead;
      }
      m.bytes = bytes;
    }
    const at = (offset: number, length: number): Uint8Array => {
      if (length === 0) return new Uint8Array(0);
      // Ranges are few per batch (a handful per selected column): a linear search is enough.
      for (const m of merged) if (offset >= m.start && offset + length <= m.end) return m.bytes.subarray(offset - m.start, offset - m.start + length);
      throw new FormatError(`internal: buffer at ${offset} not read`, { file: this.path, code: 'malformed', format: 'feather' });
    };
    return Object.assign(at, { buffers: merged.map((m) => m.bytes) });
  }

  /** The file changed error when the file is shorter than when it was opened (truncated while read). */
  private changed(at?: number): FormatError | undefined {
    const now = fstatSync(this.handle.fd).size;
    if (now >= this.fileSize) return undefined;
    return fileChangedError(this.path, 'feather', `it had ${this.fileSize} bytes when opened, ${now} now${at === undefined ? '' : ` (a read at byte ${at} found none)`}`);
  }

  private dataError(error: unknown, batch: number | undefined, dictionary?: number): Error {
    if (error instanceof IpcDataError) return malformed(this.path, dictionary === undefined ? error.message : `dictionary batch ${dictionary}: ${error.message}`, batch);
    return error as Error;
  }
}

function malformed(file: string, detail: string, batch?: number): FormatError {
  return new FormatError(detail, { file, code: 'malformed', format: 'feather', batch, hint: 'the file is truncated or corrupt' });
}

const STRING_TYPES: readonly number[] = [IPC_TYPE.Utf8, IPC_TYPE.Binary, IPC_TYPE.LargeUtf8, IPC_TYPE.LargeBinary, IPC_TYPE.Utf8View, IPC_TYPE.BinaryView];

/** Why this reader does not read a field's type (apache-arrow then does, or says it is unsupported). */
function typeProblem(field: IpcField): string | undefined {
  if (field.dictionary !== undefined) {
    if (!STRING_TYPES.includes(field.typeId)) return 'a dictionary of non-strings';
    if (![8, 16, 32, 64].includes(field.dictionary.bitWidth)) return `dictionary indices of ${field.dictionary.bitWidth} bits`;
    return undefined;
  }
  switch (field.typeId) {
    case IPC_TYPE.Null:
    case IPC_TYPE.Bool:
    case IPC_TYPE.Timestamp:
      return undefined;
    case IPC_TYPE.Int:
      return [8, 16, 32, 64].includes(field.bitWidth) ? undefined : `integers of ${field.bitWidth} bits`;
    case IPC_TYPE.FloatingPoint:
      return field.bitWidth === 1 || field.bitWidth === 2 ? undefined : 'half floats';
    case IPC_TYPE.Date:
      return field.unit === 0 || field.unit === 1 ? undefined : `date unit ${field.unit}`;
    default:
      return STRING_TYPES.includes(field.typeId) ? undefined : `type id ${field.typeId}`;
  }
}

function declaredDType(field: IpcField): DType {
  if (field.dictionary !== undefined) return 'categorical';
  switch (field.typeId) {
    case IPC_TYPE.Null:
      return 'int8';
    case IPC_TYPE.Bool:
      return 'bool';
    case IPC_TYPE.Int: {
      const w = field.bitWidth;
      if (field.signed) return w === 8 ? 'int8' : w === 16 ? 'int16' : w === 32 ? 'int32' : 'int64';
      return w === 8 ? 'uint8' : w === 16 ? 'uint16' : w === 32 ? 'uint32' : 'int64';
    }
    case IPC_TYPE.FloatingPoint:
      return field.bitWidth === 2 ? 'float64' : 'float32';
    case IPC_TYPE.Date:
      return 'date';
    case IPC_TYPE.Timestamp:
      return 'timestamp';
    default:
      return 'utf8';
  }
}
