import { type Column, type DType, type IntDType, supertype } from '@df-stream/core';
import {
  allNullColumn,
  BigIntColumn,
  BoolColumn,
  bitmapByteLength,
  CategoricalColumn,
  categoricalFromKeys,
  codeArrayFor,
  Dictionary,
  type IntArray,
  intColumnOf,
  NumberColumn,
  neededIntDType,
  Utf8Column,
  widenInt,
} from '@df-stream/core/internal';
import { alignedView, type ViewType } from '../../columnar/aligned-view.js';
import { int64AsInt32, narrowInt64, toMicros } from '../../columnar/int64-words.js';
import { KeyInterner, viewOf } from '../../columnar/key-interner.js';
import { inlineViews } from './inline-views.js';
import { IPC_TYPE, type IpcField } from './ipc-schema.js';

/** One column's part of a record batch: its node and its buffers (validity first), decompressed, in file order. */
export interface IpcColumnData {
  readonly length: number;
  readonly nullCount: number;
  readonly buffers: readonly Uint8Array[];
  /** A view type's data buffers. */
  readonly variadic: readonly Uint8Array[];
}

/** A problem in one column's buffers (the caller names the file and batch). */
export class IpcDataError extends Error {}

const INT32_MAX = 2147483647;

/**
 * Turns the buffers of one column, batch after batch, into df-stream columns with the rules of core's
 * `ColumnImporter` (the apache-arrow path, whose results these must equal): integer widths only widen, a
 * dictionary-encoded column keeps one `Dictionary` for the file. Numeric buffers become typed-array views where they
 * are aligned; int64 is narrowed through its 32-bit halves; dictionary entries are interned once per dictionary
 * batch and indices mapped through one remap array.
 */
export class IpcColumnDecoder {
  /** The widest dtype chunks so far were given (ColumnImporter's `floor`). */
  private floor: DType | undefined;
  readonly dictionary = new Dictionary();
  /** Codes in `dictionary` of the file's dictionary entries so far (-1 for a null entry). */
  private remap = new Int32Array(0);
  private remapped = 0;
  /** Interns a key column's strings into `dictionary` (made on first use). */
  private interner: KeyInterner | undefined;

  constructor(
    private readonly field: IpcField,
    /** The dictionary's value field (a string type), for a dictionary-encoded column. */
    private readonly valueField?: IpcField,
    /** Whether a plain string column is read as categorical (a group-by key): each value interned into `dictionary`. */
    private readonly keyCategorical = false,
  ) {}

  /** The scan is over: the dictionary no longer counts the interner's table (see `KeyInterner.release`). */
  release(): void {
    this.interner?.release();
  }

  /** Adds one dictionary batch's entries (the caller applies replacements by starting a new decoder's remap). */
  addDictionary(data: IpcColumnData): void {
    const values = stringColumn(this.valueField ?? this.field, data);
    if (this.remap.length < this.remapped + values.length) {
      const grown = new Int32Array(Math.max(this.remapped + values.length, this.remap.length * 2));
      grown.set(this.remap.subarray(0, this.remapped));
      this.remap = grown;
    }
    const { offsets, data: bytes } = values;
    for (let i = 0; i < values.length; i++) {
      this.remap[this.remapped++] = values.isValid(i) ? this.dictionary.internBytes(bytes, offsets[i], offsets[i + 1]) : -1;
    }
  }

  /** Forgets the dictionary entries so far (a replacing dictionary batch); interned strings stay. */
  resetDictionary(): void {
    this.remapped = 0;
  }

  decode(data: IpcColumnData): Column {
    const column = this.convert(data);
    if (column.nullCount < column.length || this.floor === undefined) {
      this.floor = this.floor === undefined ? column.dtype : supertype(this.floor, column.dtype);
    }
    return column;
  }

  private convert(data: IpcColumnData): Column {
    const f = this.field;
    const n = data.length;
    if (f.dictionary !== undefined) return this.categorical(data);
    if (f.typeId === IPC_TYPE.Null) return allNullColumn(this.floor ?? 'int8', n, this.dictionary);
    const validity = validityOf(data);
    const nullCount = validity === null ? 0 : data.nullCount;
    switch (f.typeId) {
      case IPC_TYPE.Int:
        return this.int(data, validity, nullCount);
      case IPC_TYPE.FloatingPoint:
        return f.bitWidth === 2
          ? new NumberColumn('float64', view(data.buffers[1], Float64Array, n), validity, nullCount)
          : new NumberColumn('float32', view(data.buffers[1], Float32Array, n), validity, nullCount);
      case IPC_TYPE.Bool:
        return new BoolColumn(bytesOf(data.buffers[1], bitmapByteLength(n), 'boolean values'), n, validity, nullCount);
      case IPC_TYPE.Date:
        return new NumberColumn('date', f.unit === 0 ? view(data.buffers[1], Int32Array, n) : msToDays(view(data.buffers[1], Int32Array, 2 * n), n), validity, nullCount);
      case IPC_TYPE.Timestamp:
        return new BigIntColumn('timestamp', toMicros(view(data.buffers[1], BigInt64Array, n), f.unit), validity, nullCount);
      default:
        return this.keyCategorical ? this.interned(data, validity, nullCount) : stringColumn(f, data, validity, nullCount);
    }
  }

  /** A plain string column's values interned into `dictionary`, as codes: views straight from their 16 bytes. */
  private interned(data: IpcColumnData, validity: Uint8Array | null, nullCount: number): Column {
    const n = data.length;
    const dense = new Int32Array(n);
    const dictionary = this.dictionary;
    if (this.field.typeId === IPC_TYPE.Utf8View || this.field.typeId === IPC_TYPE.BinaryView) {
      const views = view(data.buffers[1], Int32Array, 4 * n);
      const raw = bytesOf(data.buffers[1], 16 * n, 'a views buffer');
      const interner = (this.interner ??= new KeyInterner(dictionary));
      // Inline views are interned by their words; the others (longer, empty, a negative length) come here.
      const other = (i: number): number => {
        const length = views[4 * i];
        if (length < 0) throw new IpcDataError(`a string view of length ${length} at row ${i}`);
        if (length === 0) return interner.internWords(raw, 16 * i + 4, 0, 0, 0, 0, 0);
        const buffer = data.variadic[views[4 * i + 2]];
        const at = views[4 * i + 3];
        if (buffer === undefined || at < 0 || at + length > buffer.length) throw new IpcDataError(`the string view at row ${i} points outside its data buffers`);
        return dictionary.internBytes(buffer, at, at + length);
      };
      interner.internViews(views, raw, validity, n, dense, other);
    } else {
      const strings = stringColumn(this.field, data, validity, nullCount);
      const { offsets, data: bytes } = strings;
      (this.interner ??= new KeyInterner(dictionary)).internRanges(viewOf(bytes), bytes, offsets, offsets.subarray(1), validity, n, dense);
    }
    const codes = codeArrayFor(dictionary.size, n);
    codes.set(dense);
    return new CategoricalColumn(codes, dictionary, validity, nullCount);
  }

  private int(data: IpcColumnData, validity: Uint8Array | null, nullCount: number): Column {
    const { bitWidth, signed } = this.field;
    const n = data.length;
    const raw = data.buffers[1];
    let values: IntArray;
    // What a signed int64 column's values need, found as they are narrowed (else measured below).
    let needed: IntDType | undefined;
    if (bitWidth === 64) {
      const words = view(raw, Int32Array, 2 * n);
      if (signed) {
        const narrow = narrowInt64(words, n, validity);
        needed = narrow?.needed;
        values = narrow?.values ?? view(raw, BigInt64Array, n);
      } else values = uint64AsInt32(words, n, validity) ?? uint64AsInt64(view(raw, BigUint64Array, n), validity, this.field.name);
    } else if (signed) values = bitWidth === 8 ? view(raw, Int8Array, n) : bitWidth === 16 ? view(raw, Int16Array, n) : view(raw, Int32Array, n);
    else {
      // Unsigned Arrow columns keep their width (ColumnImporter: their values need no scan to be known to fit).
      const own = bitWidth === 8 ? view(raw, Uint8Array, n) : bitWidth === 16 ? view(raw, Uint16Array, n) : view(raw, Uint32Array, n);
      return intColumnOf(widenInt(this.floor, bitWidth === 8 ? 'uint8' : bitWidth === 16 ? 'uint16' : 'uint32'), own, validity, nullCount);
    }
    return intColumnOf(widenInt(this.floor, needed ?? neededIntDType(values, validity)), values, validity, nullCount);
  }

  private categorical(data: IpcColumnData): Column {
    const n = data.length;
    const validity = validityOf(data);
    const nullCount = validity === null ? 0 : data.nullCount;
    const { bitWidth, signed } = this.field.dictionary ?? { bitWidth: 32, signed: true };
    const raw = data.buffers[1];
    const keys: IntArray =
      bitWidth === 8
        ? signed
          ? view(raw, Int8Array, n)
          : view(raw, Uint8Array, n)
        : bitWidth === 16
          ? signed
            ? view(raw, Int16Array, n)
            : view(raw, Uint16Array, n)
          : bitWidth === 32
            ? signed
              ? view(raw, Int32Array, n)
              : view(raw, Uint32Array, n)
            : (int64AsInt32(view(raw, Int32Array, 2 * n), n, validity) ?? fail(`dictionary keys past 2^31 in column ${this.field.name}`));
    return categoricalFromKeys(keys, validity, nullCount, this.remap, this.remapped, this.dictionary, (k, i) => {
      return new IpcDataError(`dictionary key ${k} at row ${i} is outside a dictionary of ${this.remapped} entries (column ${this.field.name})`);
    });
  }
}

function fail(detail: string): never {
  throw new IpcDataError(detail);
}

/** The validity bitmap as it is (Arrow's bit order is ours); none when the node has no nulls. */
function validityOf(data: IpcColumnData): Uint8Array | null {
  const bits = data.buffers[0];
  // An empty bitmap with nulls counted is read as "no bitmap", as apache-arrow does.
  if (data.nullCount <= 0 || bits === undefined || bits.length === 0) return null;
  return bytesOf(bits, bitmapByteLength(data.length), 'validity bitmap');
}

function bytesOf(bytes: Uint8Array | undefined, length: number, what: string): Uint8Array {
  if (bytes === undefined || bytes.length < length) throw new IpcDataError(`${what} of ${bytes?.length ?? 0} bytes; ${length} needed`);
  return bytes.subarray(0, length);
}

/** `count` elements over `bytes`: a view when aligned, else a copy (an unaligned view is not allowed). */
function view<T>(bytes: Uint8Array | undefined, Type: ViewType<T>, count: number): T {
  return alignedView(bytesOf(bytes, count * Type.BYTES_PER_ELEMENT, 'a values buffer'), Type, count);
}

function uint64AsInt32(words: Int32Array, n: number, validity: Uint8Array | null): Int32Array | undefined {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    if (words[2 * i + 1] !== 0 || lo < 0) {
      if (validity === null || (validity[i >>> 3] & (1 << (i & 7))) !== 0) return undefined;
      continue;
    }
    out[i] = lo;
  }
  return out;
}

function uint64AsInt64(values: BigUint64Array, validity: Uint8Array | null, column: string): BigInt64Array {
  const signed = new BigInt64Array(values.length);
  const max = 9223372036854775807n;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > max && (validity === null || (validity[i >>> 3] & (1 << (i & 7))) !== 0)) {
      throw new IpcDataError(`column ${column}: Uint64 value ${v} at row ${i} does not fit int64`);
    }
    signed[i] = v > max ? 0n : v;
  }
  return signed;
}

const MS_PER_DAY = 86_400_000;

/** Milliseconds (int64, as 32-bit halves) as days, rounded down, without a BigInt per value while exact as doubles. */
function msToDays(words: Int32Array, n: number): Int32Array {
  const days = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1];
    const ms = hi * 4294967296 + (words[2 * i] >>> 0);
    if (Math.abs(ms) <= Number.MAX_SAFE_INTEGER) {
      let d = Math.floor(ms / MS_PER_DAY);
      if (d * MS_PER_DAY > ms) d--;
      else if ((d + 1) * MS_PER_DAY <= ms) d++;
      days[i] = d;
    } else {
      const big = (BigInt(hi) << 32n) | BigInt(words[2 * i] >>> 0);
      const q = big / 86_400_000n;
      days[i] = Number(big % 86_400_000n !== 0n && big < 0n ? q - 1n : q);
    }
  }
  return days;
}

/** A Utf8, Binary, LargeUtf8, LargeBinary, Utf8View or BinaryView column as offsets + bytes. */
function stringColumn(field: IpcField, data: IpcColumnData, validity = validityOf(data), nullCount = validity === null ? 0 : data.nullCount): Utf8Column {
  const n = data.length;
  // Some writers give an empty array no offsets at all.
  if (n === 0) return new Utf8Column(new Int32Array(1), new Uint8Array(0));
  if (field.typeId === IPC_TYPE.Utf8View || field.typeId === IPC_TYPE.BinaryView) return fromViews(data, validity, nullCount);
  let offsets: Int32Array;
  const bytes = data.buffers[2] ?? new Uint8Array(0);
  if (field.typeId === IPC_TYPE.LargeUtf8 || field.typeId === IPC_TYPE.LargeBinary) {
    // Narrowed and checked in one pass (two took a tenth of a Feather q1's time).
    const words = view(data.buffers[1], Int32Array, 2 * (n + 1));
    offsets = new Int32Array(n + 1);
    let prev = 0;
    for (let i = 0; i <= n; i++) {
      const lo = words[2 * i];
      const hi = words[2 * i + 1];
      if (hi !== 0 || lo < 0) {
        throw new IpcDataError(hi < 0 ? `column ${field.name}: negative string offset` : `LargeUtf8 column ${field.name}: a chunk holds more than 2 GiB of strings`);
      }
      if (lo < prev) throw offsetsDecrease(field.name, i - 1);
      offsets[i] = prev = lo;
    }
    if (prev > bytes.length) throw offsetsPastEnd(field.name, bytes.length);
  } else if (field.typeId === IPC_TYPE.Utf8 || field.typeId === IPC_TYPE.Binary) {
    offsets = view(data.buffers[1], Int32Array, n + 1);
    checkOffsets(offsets, bytes.length, field.name);
  } else throw new IpcDataError(`column ${field.name}: type ${field.typeId} is not a string type`);
  const base = offsets[0];
  if (base === 0) return new Utf8Column(offsets, bytes.subarray(0, offsets[n]), validity, nullCount);
  const rebased = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) rebased[i] = offsets[i] - base;
  return new Utf8Column(rebased, bytes.subarray(base, offsets[n]), validity, nullCount);
}

function checkOffsets(offsets: Int32Array, byteLength: number, column: string): void {
  let prev = offsets[0];
  if (prev < 0) throw new IpcDataError(`column ${column}: negative string offset`);
  for (let i = 1; i < offsets.length; i++) {
    const o = offsets[i];
    if (o < prev) throw offsetsDecrease(column, i - 1);
    prev = o;
  }
  if (prev > byteLength) throw offsetsPastEnd(column, byteLength);
}

function offsetsDecrease(column: string, row: number): IpcDataError {
  return new IpcDataError(`column ${column}: string offsets decrease at row ${row}`);
}

function offsetsPastEnd(column: string, byteLength: number): IpcDataError {
  return new IpcDataError(`column ${column}: string offsets run past the ${byteLength}-byte data buffer`);
}

/**
 * Utf8View / BinaryView (Polars' default strings): 16-byte views, the string inline when up to 12 bytes, else a
 * (buffer, offset) into the data buffers, gathered into one offsets + bytes pair; null rows take no bytes.
 */
function fromViews(data: IpcColumnData, validity: Uint8Array | null, nullCount: number): Utf8Column {
  const n = data.length;
  const views = view(data.buffers[1], Int32Array, 4 * n);
  if (validity === null) {
    const inline = inlineViews(views, new Uint8Array(views.buffer, views.byteOffset, 16 * n), n);
    if (inline !== undefined) return new Utf8Column(inline.offsets, inline.bytes, null, 0);
  }
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (validity === null || (validity[i >>> 3] & (1 << (i & 7))) !== 0) {
      const length = views[4 * i];
      if (length < 0) throw new IpcDataError(`a string view of length ${length} at row ${i}`);
      if (length > 12) {
        const buffer = data.variadic[views[4 * i + 2]];
        const at = views[4 * i + 3];
        if (buffer === undefined || at < 0 || at + length > buffer.length) throw new IpcDataError(`the string view at row ${i} points outside its data buffers`);
      }
      total += length;
      if (total > INT32_MAX) throw new IpcDataError('a chunk holds more than 2 GiB of strings');
    }
    offsets[i + 1] = total;
  }
  // 12 bytes of room past the end: an inline string is written as the view's three words whatever its length (the
  // next string, written after it, overwrites what passes its end), with no loop or branch on the length.
  const bytes = new Uint8Array(total + 12);
  const out = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) {
    const start = offsets[i];
    const length = offsets[i + 1] - start;
    if (length === 0) continue;
    if (length <= 12) {
      // An inline string is the view's last three words (little-endian, as the file is).
      out.setInt32(start, views[4 * i + 1], true);
      out.setInt32(start + 4, views[4 * i + 2], true);
      out.setInt32(start + 8, views[4 * i + 3], true);
    } else {
      const buffer = data.variadic[views[4 * i + 2]];
      const at = views[4 * i + 3];
      bytes.set(buffer.subarray(at, at + length), start);
    }
  }
  return new Utf8Column(offsets, bytes.subarray(0, total), validity, nullCount);
}
