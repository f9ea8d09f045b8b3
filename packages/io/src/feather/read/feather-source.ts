import { type FileHandle, open } from 'node:fs/promises';
import { type Chunk, DfError, type DType, type ExprNode, type ScanOptions, type ScanSource, Schema, type SourceSplit } from '@df-stream/core';
import { ArrowImporter, arrowModule, chunkSizeOf } from '@df-stream/core/internal';
import type { Schema as ArrowSchema, Data, RecordBatch, RecordBatchReader } from 'apache-arrow';
import { rechunk } from '../../columnar/rechunk.js';
import { recut } from '../../columnar/recut.js';
import { expectFormat } from '../../file-signature.js';
import { FormatError } from '../../format-error.js';
import type { FeatherReadOptions } from '../feather-options.js';
import { EXPECT_ARROW_IPC, FEATHER_SIGNATURE } from '../ipc-signatures.js';
import { checkIpcFraming } from './check-ipc-framing.js';
import { featherError } from './feather-error.js';
import { ipcEndianness } from './ipc-endianness.js';
import { IpcFileReader } from './ipc-file-reader.js';
import { snapshotFileHandle } from './snapshot-file-handle.js';

/**
 * Bytes of the columns a query reads that a split part must have to be worth a worker thread: on the 1e7-row files a
 * worker paid for q3's three columns (about 315 MB, a tenth faster) and not for q1's two (about 210 MB), so the
 * threshold lies between the two (measurements in 617657b).
 */
const FEATHER_SPLIT_BYTES = 128 * 2 ** 20;

interface FileInfo {
  arrowSchema: ArrowSchema | undefined;
  /** The field names of the file, in order. */
  names: string[];
  schema: Schema;
}

/**
 * A Feather v2 / Arrow IPC file (or IPC stream) as a chunk source, read batch by batch: the file is never loaded
 * whole. A file whose selected columns are flat types (numbers, booleans, strings, string dictionaries, dates,
 * timestamps; uncompressed, LZ4 or ZSTD bodies), in the file or the stream format, is read by our own
 * `IpcFileReader` (only those columns' buffers); anything else through apache-arrow (`RecordBatchReader.from(handle)`),
 * and `explainLines` says why. The schema comes from the IPC schema, integer widths from the first batch.
 */
export class FeatherSource implements ScanSource {
  readonly description: string;
  private readonly chunkSize: number;
  private info: Promise<FileInfo> | undefined;
  private totalBytes: number | undefined;
  private bytesRead = 0;
  /** Whether the framing was checked: once per source, though `open` runs for the schema and again for each scan. */
  private framed = false;
  /** Why the last selection was read through apache-arrow rather than our own reader (undefined: our own). */
  private fallback: string | undefined;

  constructor(
    readonly path: string,
    private readonly options: FeatherReadOptions = {},
  ) {
    this.description = path;
    this.chunkSize = chunkSizeOf(options);
  }

  async schema(): Promise<Schema> {
    return (await this.load()).schema;
  }

  /** The file's size: a join compares it to pick the side it holds in memory. */
  async estimatedBytes(): Promise<number | undefined> {
    await this.load();
    return this.totalBytes;
  }

  explainLines(): string[] {
    return [this.fallback === undefined ? `SCAN ${this.description}` : `SCAN ${this.description} (apache-arrow reader: ${this.fallback})`];
  }

  scan(options: ScanOptions = {}): AsyncIterable<Chunk> {
    return this.batches(options.columns, options.keyColumns ?? []);
  }

  /**
   * The record batches of an IPC file cut into up to `n` contiguous runs, each read by `openSplit` (reader 'feather')
   * in a worker thread; undefined for a stream, a file of one batch, or a selection our reader leaves to apache-arrow.
   */
  async splits(n: number, _predicate?: ExprNode, read?: readonly string[]): Promise<SourceSplit[] | undefined> {
    const info = await this.load();
    const names = selection(info.names, this.options.columns, this.path);
    const own = await this.openOwn(names);
    if (own === undefined) return undefined;
    const count = own.reader.batchCount;
    await own.close();
    const batches = this.options.batches ?? Array.from({ length: count }, (_, i) => i);
    // IPC buffers need no decoding: a worker (a few hundred milliseconds to start) pays only for a big share of the
    // file (see FEATHER_SPLIT_BYTES). The columns a query reads are estimated as their share of the file's bytes.
    const bytes = read === undefined ? undefined : ((this.totalBytes ?? 0) * batches.length * read.length) / Math.max(1, count * info.names.length);
    const parts = Math.min(Math.floor(n), batches.length, bytes === undefined ? Infinity : Math.max(1, Math.floor(bytes / FEATHER_SPLIT_BYTES)));
    if (parts <= 1) return undefined;
    const columns = this.options.columns === undefined ? {} : { columns: [...this.options.columns] };
    return Array.from({ length: parts }, (_, p) => {
      const part = batches.slice(Math.floor((p * batches.length) / parts), Math.floor(((p + 1) * batches.length) / parts));
      const options: FeatherReadOptions = { ...columns, chunkSize: this.chunkSize, batches: part };
      return { reader: 'feather', args: [this.path, options] };
    });
  }

  /**
   * Bytes of the current scan: the buffers of the record batches (and dictionaries) read so far,
   * against the file's size; the whole file once the scan is through.
   */
  progress(): { bytesRead: number; totalBytes?: number } {
    return { bytesRead: this.totalBytes === undefined ? this.bytesRead : Math.min(this.bytesRead, this.totalBytes), totalBytes: this.totalBytes };
  }

  private load(): Promise<FileInfo> {
    this.info ??= this.readInfo();
    return this.info;
  }

  private async readInfo(): Promise<FileInfo> {
    const own = await this.openOwn(this.options.columns);
    if (own !== undefined) {
      try {
        const names = selection(
          own.reader.fields.map((f) => f.name),
          this.options.columns,
          this.path,
        );
        const declared = own.reader.declaredDTypes(names);
        const chunks = own.reader.chunks(names);
        const first = await chunks.next();
        await chunks.return(undefined);
        const narrowed = new Map<string, DType>();
        if (first.done !== true) first.value.schema.fields.forEach((f) => narrowed.set(f.name, f.dtype));
        const schema = new Schema(declared.fields.map((f) => ({ name: f.name, dtype: narrowed.get(f.name) ?? f.dtype })));
        return { arrowSchema: undefined, names: own.reader.fields.map((f) => f.name), schema };
      } catch (error) {
        throw featherError(error, this.path);
      } finally {
        await own.close();
      }
    }
    const session = await this.open();
    try {
      const arrowSchema = session.reader.schema;
      const names = selection(
        arrowSchema.fields.map((f) => f.name),
        this.options.columns,
        this.path,
      );
      const declared = ArrowImporter.dtypesOf(arrowSchema, names);
      // Integer widths are what the first batch's values need (the CSV reader samples the same way).
      const first = await session.reader.next();
      const narrowed = new Map<string, DType>();
      if (first.done !== true) {
        const chunk = new ArrowImporter().toChunk(first.value, names);
        chunk.schema.fields.forEach((f) => narrowed.set(f.name, f.dtype));
      }
      const schema = new Schema(declared.fields.map((f) => ({ name: f.name, dtype: narrowed.get(f.name) ?? f.dtype })));
      return { arrowSchema, names: arrowSchema.fields.map((f) => f.name), schema };
    } catch (error) {
      throw featherError(error, this.path);
    } finally {
      await session.close();
    }
  }

  private async open(): Promise<{ reader: Awaited<ReturnType<typeof RecordBatchReader.from>>; close: () => Promise<void> }> {
    const format = await expectFormat(this.path, EXPECT_ARROW_IPC);
    const handle = await open(this.path, 'r');
    const close = async (): Promise<void> => {
      await handle.close().catch(() => undefined);
    };
    try {
      this.totalBytes = (await handle.stat()).size;
      await checkEndianness(handle, format === FEATHER_SIGNATURE, this.path);
      if (!this.framed) checkIpcFraming(handle, this.totalBytes, format === FEATHER_SIGNATURE, this.path);
      this.framed = true;
      // Reads that fail when the file shrank under them, rather than spin (see snapshotFileHandle).
      const reader = await arrowModule().RecordBatchReader.from(snapshotFileHandle(handle, this.totalBytes, this.path));
      await reader.open();
      const closeAll = async (): Promise<void> => {
        await reader.cancel().catch(() => undefined);
        await close();
      };
      return { reader, close: closeAll };
    } catch (error) {
      await close();
      throw featherError(error, this.path);
    }
  }

  /**
   * Our own reader over the file or stream, when `columns` (all when undefined) are for it; undefined
   * (and `fallback` saying why) when apache-arrow must read them.
   */
  private async openOwn(columns: readonly string[] | undefined): Promise<{ reader: IpcFileReader; close: () => Promise<void> } | undefined> {
    const isFile = (await expectFormat(this.path, EXPECT_ARROW_IPC)) === FEATHER_SIGNATURE;
    const handle = await open(this.path, 'r');
    const close = async (): Promise<void> => {
      await handle.close().catch(() => undefined);
    };
    try {
      this.totalBytes = (await handle.stat()).size;
      await checkEndianness(handle, isFile, this.path);
      if (!this.framed) checkIpcFraming(handle, this.totalBytes, isFile, this.path);
      this.framed = true;
      const reader = isFile ? IpcFileReader.open(handle, this.totalBytes, this.path) : IpcFileReader.openStream(handle, this.totalBytes, this.path);
      const names = columns ?? reader.fields.map((f) => f.name);
      this.fallback = reader.unsupported(names);
      if (this.fallback !== undefined) {
        await close();
        return undefined;
      }
      return { reader, close };
    } catch (error) {
      await close();
      throw featherError(error, this.path);
    }
  }

  /** Our reader's batches (batch-sized chunks, cut or joined to about `chunkSize`), or apache-arrow's re-cut to `chunkSize`. */
  private async *batches(columns: readonly string[] | undefined, keyColumns: readonly string[]): AsyncGenerator<Chunk> {
    const info = await this.load();
    const names = selection(info.names, columns ?? this.options.columns, this.path);
    const own = await this.openOwn(names);
    if (own !== undefined) {
      yield* recut(this.ownBatches(own, names, keyColumns), this.chunkSize);
      return;
    }
    if (this.options.batches !== undefined) throw new DfError('internal', `${this.path}: a batch range for a file our reader does not read`);
    yield* rechunk(this.arrowBatches(names), this.chunkSize);
  }

  private async *arrowBatches(names: readonly string[]): AsyncGenerator<Chunk> {
    const session = await this.open();
    const arrowSchema = session.reader.schema;
    try {
      ArrowImporter.dtypesOf(arrowSchema, names);
    } catch (error) {
      await session.close();
      throw featherError(error, this.path);
    }
    const importer = new ArrowImporter();
    const sizes = new BatchSizer();
    let index = 0;
    this.bytesRead = 0;
    try {
      for (;;) {
        let result: IteratorResult<RecordBatch>;
        try {
          result = await session.reader.next();
        } catch (error) {
          throw featherError(error, this.path, index);
        }
        if (result.done === true) {
          this.bytesRead = this.totalBytes ?? this.bytesRead;
          break;
        }
        this.bytesRead += sizes.bytesOf(result.value);
        let chunk: Chunk;
        try {
          chunk = importer.toChunk(result.value, names);
        } catch (error) {
          throw featherError(error, this.path, index);
        }
        index++;
        yield chunk;
      }
    } finally {
      await session.close();
    }
  }

  private async *ownBatches(own: { reader: IpcFileReader; close: () => Promise<void> }, names: readonly string[], keyColumns: readonly string[]): AsyncGenerator<Chunk> {
    this.bytesRead = 0;
    const part = this.options.batches;
    const chunks = own.reader.chunks(names, part, keyColumns);
    // A part of the file (a split) counts its share of the file's bytes by batches, so the parts add up to the file.
    const share = (batches: number): number => (own.reader.batchCount === 0 ? 0 : ((this.totalBytes ?? 0) * batches) / own.reader.batchCount);
    try {
      for (;;) {
        let result: IteratorResult<Chunk>;
        try {
          result = await chunks.next();
        } catch (error) {
          throw featherError(error, this.path);
        }
        this.bytesRead = part === undefined ? own.reader.bytesRead : share(own.reader.batchesRead);
        if (result.done === true) {
          this.bytesRead = part === undefined ? (this.totalBytes ?? this.bytesRead) : share(part.length);
          break;
        }
        yield result.value;
      }
    } finally {
      await chunks.return(undefined);
      await own.close();
    }
  }
}

/** Approximate IPC body bytes of record batches: their buffers, plus each dictionary when it first appears. */
class BatchSizer {
  private readonly dictionaries = new WeakSet<object>();

  bytesOf(batch: RecordBatch): number {
    return this.dataBytes(batch.data);
  }

  private dataBytes(data: Data): number {
    let bytes = (data.values?.byteLength ?? 0) + (data.valueOffsets?.byteLength ?? 0) + (data.nullBitmap?.byteLength ?? 0) + (data.typeIds?.byteLength ?? 0);
    for (const child of data.children) bytes += this.dataBytes(child);
    const dictionary = data.dictionary;
    if (dictionary !== undefined) {
      for (const d of dictionary.data) {
        if (this.dictionaries.has(d)) continue;
        this.dictionaries.add(d);
        bytes += this.dataBytes(d);
      }
    }
    return bytes;
  }
}

async function checkEndianness(handle: FileHandle, isFile: boolean, path: string): Promise<void> {
  if ((await ipcEndianness(handle, isFile)) === 'big') {
    throw new FormatError('big-endian Arrow IPC data is not supported', {
      file: path,
      code: 'unsupported',
      format: 'feather',
      hint: 're-save the file on a little-endian machine (or with pyarrow, which converts)',
    });
  }
}

function selection(fileNames: readonly string[], columns: readonly string[] | undefined, path: string): string[] {
  const all = new Schema(dedupe(fileNames).map((name) => ({ name, dtype: 'int8' as DType })));
  if (columns === undefined) {
    if (all.length !== fileNames.length) {
      throw new FormatError('duplicate column names are not supported', {
        file: path,
        code: 'unsupported',
        format: 'feather',
        hint: 'select columns by unique names with { columns: [...] }',
      });
    }
    return all.names;
  }
  for (const c of columns) all.field(c);
  return [...columns];
}

function dedupe(names: readonly string[]): string[] {
  return [...new Set(names)];
}
