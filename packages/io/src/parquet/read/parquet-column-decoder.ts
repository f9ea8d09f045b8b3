import { type Column, type DType, type IntDType, supertype } from '@df-stream/core';
import {
  BigIntColumn,
  BoolColumn,
  bitmapByteLength,
  CategoricalColumn,
  codeArrayFor,
  Dictionary,
  type IntArray,
  intColumnOf,
  NumberColumn,
  neededIntDType,
  newNumberArray,
  Utf8Column,
  widenInt,
} from '@df-stream/core/internal';
import type { ViewType } from '../../columnar/aligned-view.js';
import { int64AsInt32, narrowInt64, toMicros } from '../../columnar/int64-words.js';
import { KeyInterner, viewOf } from '../../columnar/key-interner.js';
import { type ByteArrays, copyBytes, MAX_PAGE_STRING_BYTES, readDeltaByteArrays, readDeltaLengthByteArrays, readPlainByteArrays } from './decode/byte-array-values.js';
import { gatherByteArrays } from './decode/byte-arrays-kernel.js';
import { ByteCursor } from './decode/byte-cursor.js';
import { copyWords } from './decode/copy-words.js';
import { readDeltaInt32, readDeltaInt64 } from './decode/delta-binary-packed.js';
import { pageFail } from './decode/page-data-error.js';
import { readRleHybrid, readValidityLevels } from './decode/rle-hybrid.js';
import type { ParquetColumnPlan } from './parquet-column-plan.js';
import { ENCODING, PHYSICAL } from './parquet-metadata.js';
import type { ParquetPage } from './parquet-page-reader.js';

/** A page's non-null values, densely, as the physical type decodes them. */
type Dense = Int32Array | BigInt64Array | Float32Array | Float64Array | ByteArrays | Bits;

interface Bits {
  readonly bits: Uint8Array;
  readonly length: number;
}

/**
 * Turns one leaf's pages, row group after row group, into df-stream columns. A dictionary page is decoded once:
 * strings of a categorical column are interned into the column's one `Dictionary` (a remap gives each entry's code),
 * so a data page's indices become codes without a string per row; numbers stay a typed array to gather from.
 * Integers are narrowed as the other readers narrow them: to the plan's dtype (from statistics), else to what each
 * page's values need, never narrower than earlier pages (ColumnImporter's rule).
 */
export class ParquetColumnDecoder {
  readonly dictionary = new Dictionary();
  private floor: DType | undefined;
  /** The current row group's dictionary: codes in `dictionary` (categorical), strings (utf8) or numbers. */
  private remap: Int32Array | undefined;
  private dictValues: Dense | undefined;

  /** Whether strings become codes: the plan's choice, until the dictionary passes `cap` (then utf8, as CSV falls back). */
  private categorical: boolean;

  constructor(
    private readonly plan: ParquetColumnPlan,
    /** Distinct strings kept before falling back to utf8 (SCAN_CATEGORICAL_CAP; more for a group-by's keys). */
    private readonly cap: number,
  ) {
    if (!plan.sampled && plan.kind !== 'string') this.floor = plan.dtype;
    this.categorical = plan.dtype === 'categorical';
  }

  /** The scan is over: the dictionary no longer counts the interner's table (see `KeyInterner.release`). */
  release(): void {
    this.interner?.release();
  }

  /** A new row group starts: its dictionary page (if any) replaces the last one. */
  startChunk(): void {
    this.remap = undefined;
    this.dictValues = undefined;
  }

  dictionaryPage(page: ParquetPage): void {
    if (page.encoding !== ENCODING.PLAIN && page.encoding !== ENCODING.PLAIN_DICTIONARY) pageFail(`a dictionary page in encoding ${page.encoding}`);
    const values = this.plain(new ByteCursor(page.body, 0, page.body.length), page.numValues);
    if (this.categorical) {
      const { offsets, data } = values as ByteArrays;
      const remap = new Int32Array(page.numValues);
      // Each row group brings its own dictionary page, mostly the same strings again: short ones find their codes
      // by their words, not by hashing and comparing their bytes with the dictionary's.
      const interner = (this.interner ??= new KeyInterner(this.dictionary));
      interner.internRanges(viewOf(data), data, offsets, offsets.subarray(1), null, page.numValues, remap);
      this.remap = remap;
    }
    // An int64 dictionary whose entries fit int32 is kept as int32: every gather from it is then 4 bytes, no BigInt.
    const signedInt64 = this.plan.kind === 'int64' && !(this.plan.leaf.logical.kind === 'int' && !this.plan.leaf.logical.signed);
    this.dictValues =
      signedInt64 && values instanceof BigInt64Array
        ? (int64AsInt32(new Int32Array(values.buffer, values.byteOffset, 2 * values.length), values.length, null) ?? values)
        : values;
  }

  dataPage(page: ParquetPage): Column {
    const n = page.numValues;
    // Past the cap the column goes on as utf8 (from this page; its row group's dictionary values are kept to gather).
    if (this.categorical && this.dictionary.size > this.cap) this.categorical = false;
    const { validity, nullCount } = this.levels(page);
    const c = page.definitionLevels === undefined ? this.afterLevels : new ByteCursor(page.body, 0, page.body.length);
    const count = n - nullCount;
    const encoding = page.encoding;
    if (encoding === ENCODING.RLE_DICTIONARY || encoding === ENCODING.PLAIN_DICTIONARY) {
      if (this.categorical) {
        const remap = this.remap ?? pageFail('dictionary indices before any dictionary page');
        return this.codesColumn(this.indices(c, count, remap), validity, nullCount, n);
      }
      const narrow = this.narrowDType();
      if (narrow !== undefined) {
        const out = newNumberArray(narrow, n);
        out.set(this.rows(this.indices(c, count, this.dictValues as Int32Array), validity, n));
        return new NumberColumn(narrow, out, validity, nullCount);
      }
      return this.build(gather(this.dictValues ?? pageFail('dictionary indices before any dictionary page'), this.indices(c, count)), validity, nullCount, n);
    }
    if (this.categorical && encoding === ENCODING.PLAIN) return this.internPlain(c, validity, nullCount, n);
    const dense = this.values(c, encoding, count);
    if (this.categorical) {
      const { offsets, data } = dense as ByteArrays;
      const codes = new Int32Array(count);
      for (let i = 0; i < count; i++) codes[i] = this.dictionary.internBytes(data, offsets[i], offsets[i + 1]);
      return this.codesColumn(codes, validity, nullCount, n);
    }
    return this.build(dense, validity, nullCount, n);
  }

  /** The cursor a v1 page's values start at, once `levels` has read past its definition levels. */
  private afterLevels = new ByteCursor(new Uint8Array(0), 0, 0);

  private levels(page: ParquetPage): { validity: Uint8Array | null; nullCount: number } {
    const n = page.numValues;
    if (this.plan.leaf.repetition === 0) {
      if (page.definitionLevels === undefined) this.afterLevels = new ByteCursor(page.body, 0, page.body.length);
      return { validity: null, nullCount: 0 };
    }
    if (page.definitionLevels !== undefined) {
      if (page.numNulls === 0) return { validity: null, nullCount: 0 };
      return readValidityLevels(new ByteCursor(page.definitionLevels, 0, page.definitionLevels.length), n);
    }
    const body = new ByteCursor(page.body, 0, page.body.length);
    this.afterLevels = body;
    if (page.levelEncoding === ENCODING.BIT_PACKED) {
      // The deprecated encoding packs levels most significant bit first.
      const bytes = body.take(bitmapByteLength(n));
      const bits = new Uint8Array(bitmapByteLength(n));
      let nulls = 0;
      for (let i = 0; i < n; i++) {
        if (((bytes[i >>> 3] >> (7 - (i & 7))) & 1) === 1) bits[i >>> 3] |= 1 << (i & 7);
        else nulls++;
      }
      return nulls === 0 ? { validity: null, nullCount: 0 } : { validity: bits, nullCount: nulls };
    }
    const length = body.uint32();
    if (length > body.end - body.pos) pageFail('definition levels run past the end of their page');
    const levels = readValidityLevels(new ByteCursor(page.body, body.pos, body.pos + length), n);
    body.pos += length;
    return levels;
  }

  /** Interns PLAIN pages' strings into `dictionary` (made on first use: most columns never need it). */
  private interner: KeyInterner | undefined;

  /** Dictionary indices of the page being decoded: consumed before the next page, so one buffer serves every page. */
  private indexScratch = new Int32Array(0);

  /** A page's `count` dictionary indices, or with `table` the entries they index (see `readRleHybrid`), in scratch. */
  private indices(c: ByteCursor, count: number, table?: Int32Array): Int32Array {
    if (this.indexScratch.length < count) this.indexScratch = new Int32Array(Math.max(count, 2 * this.indexScratch.length));
    const out = this.indexScratch.subarray(0, count);
    if (count === 0) return out;
    const width = c.byte();
    readRleHybrid(c, width, count, out, 0, table);
    return out;
  }

  private values(c: ByteCursor, encoding: number, count: number): Dense {
    const physical = this.plan.leaf.physical;
    switch (encoding) {
      case ENCODING.PLAIN:
        return this.plain(c, count);
      case ENCODING.DELTA_BINARY_PACKED:
        if (physical === PHYSICAL.INT32) return readDeltaInt32(c, count);
        if (physical === PHYSICAL.INT64) return readDeltaInt64(c, count);
        break;
      case ENCODING.DELTA_LENGTH_BYTE_ARRAY:
        if (physical === PHYSICAL.BYTE_ARRAY) return readDeltaLengthByteArrays(c, count);
        break;
      case ENCODING.DELTA_BYTE_ARRAY:
        if (physical === PHYSICAL.BYTE_ARRAY) return readDeltaByteArrays(c, count);
        break;
      case ENCODING.RLE:
        if (physical === PHYSICAL.BOOLEAN) {
          const length = c.uint32();
          const levels = new Int32Array(count);
          readRleHybrid(new ByteCursor(c.bytes, c.pos, Math.min(c.pos + length, c.end)), 1, count, levels);
          const bits = new Uint8Array(bitmapByteLength(count));
          for (let i = 0; i < count; i++) if (levels[i] !== 0) bits[i >>> 3] |= 1 << (i & 7);
          return { bits, length: count };
        }
        break;
      case ENCODING.BYTE_STREAM_SPLIT:
        return this.byteStreamSplit(c, count);
    }
    return pageFail(`encoding ${encoding} for physical type ${physical}`);
  }

  private plain(c: ByteCursor, count: number): Dense {
    switch (this.plan.leaf.physical) {
      case PHYSICAL.BOOLEAN:
        return { bits: c.take(bitmapByteLength(count)).slice(), length: count };
      case PHYSICAL.INT32:
        return copyOut(c.take(4 * count), Int32Array, count);
      case PHYSICAL.INT64:
        return copyOut(c.take(8 * count), BigInt64Array, count);
      case PHYSICAL.FLOAT:
        return copyOut(c.take(4 * count), Float32Array, count);
      case PHYSICAL.DOUBLE:
        return copyOut(c.take(8 * count), Float64Array, count);
      default:
        return readPlainByteArrays(c, count);
    }
  }

  private byteStreamSplit(c: ByteCursor, count: number): Dense {
    const physical = this.plan.leaf.physical;
    const width = physical === PHYSICAL.INT32 || physical === PHYSICAL.FLOAT ? 4 : physical === PHYSICAL.INT64 || physical === PHYSICAL.DOUBLE ? 8 : 0;
    if (width === 0) pageFail(`BYTE_STREAM_SPLIT for physical type ${physical}`);
    const streams = c.take(width * count);
    const out = new Uint8Array(width * count);
    for (let k = 0; k < width; k++) {
      const from = k * count;
      for (let i = 0; i < count; i++) out[i * width + k] = streams[from + i];
    }
    return this.plain(new ByteCursor(out, 0, out.length), count);
  }

  /**
   * The narrow dtype an int32 dictionary's entries go straight into, when statistics fixed it (one pass, no int32 copy
   * to narrow afterwards); undefined for other columns.
   */
  private narrowDType(): 'int8' | 'int16' | 'int32' | undefined {
    const dict = this.dictValues;
    const dtype = this.floor;
    if (!(dict instanceof Int32Array) || this.plan.sampled || (this.plan.kind !== 'int32' && this.plan.kind !== 'int64')) return undefined;
    if (dtype !== 'int8' && dtype !== 'int16' && dtype !== 'int32') return undefined;
    // The statistics that set the dtype are checked against the dictionary (a few entries), not trusted.
    if (widenInt(dtype, neededIntDType(dict, null)) !== dtype) return undefined;
    return dtype;
  }

  /** Rows a null takes in `rows` when a page has some. */
  private rowScratch = new Int32Array(0);

  /**
   * A page's values (one per non-null row) as its `n` rows, null rows 0: the values themselves without nulls, else
   * spread into scratch. An Int32Array either way, which the caller copies into its column's array with `set`: one
   * loop for every column (written straight into int8, int16 or uint32 arrays it saw a different array type from one
   * column to the next, and took 9-10 ns a row).
   */
  private rows(values: Int32Array, validity: Uint8Array | null, n: number): Int32Array {
    if (validity === null) {
      if (values.length !== n) pageFail(`a page gives ${values.length} values for ${n} non-null rows`);
      return values;
    }
    if (this.rowScratch.length < n) this.rowScratch = new Int32Array(Math.max(n, 2 * this.rowScratch.length));
    const out = this.rowScratch.subarray(0, n);
    let j = 0;
    for (let i = 0; i < n; i++) out[i] = (validity[i >>> 3] & (1 << (i & 7))) === 0 ? 0 : values[j++];
    if (j !== values.length) pageFail(`a page gives ${values.length} values for ${j} non-null rows`);
    return out;
  }

  /** Where `internPlain` puts each value's start and end in its page. */
  private rangeScratch = new Int32Array(0);

  /** PLAIN strings of a categorical column interned straight from the page's bytes (no copy of the strings first). */
  private internPlain(c: ByteCursor, validity: Uint8Array | null, nullCount: number, n: number): Column {
    const count = n - nullCount;
    // Each value takes 4 bytes at least: a count the page cannot hold fails before anything is sized by it.
    if (count > (c.end - c.pos) / 4) pageFail(`${count} byte arrays do not fit the ${c.end - c.pos} bytes left of their page`);
    const dense = this.indexScratch.length >= n ? this.indexScratch : (this.indexScratch = new Int32Array(n));
    const interner = (this.interner ??= new KeyInterner(this.dictionary));
    // Where each value's bytes are (checked), then all of them interned in one loop.
    if (this.rangeScratch.length < 2 * count) this.rangeScratch = new Int32Array(Math.max(2 * count, 2 * this.rangeScratch.length));
    const starts = this.rangeScratch.subarray(0, count);
    const ends = this.rangeScratch.subarray(count, 2 * count);
    const bytes = c.bytes;
    const view = viewOf(bytes);
    const end = c.end;
    let at = c.pos;
    for (let i = 0; i < count; i++) {
      if (at + 4 > end) pageFail(`byte array ${i} of ${count} runs past the end of its page`);
      const length = view.getUint32(at, true);
      at += 4;
      if (length > end - at) pageFail(`byte array ${i} of ${length} bytes runs past the end of its page`);
      starts[i] = at;
      at += length;
      ends[i] = at;
    }
    c.pos = at;
    interner.internRanges(view, bytes, starts, ends, null, count, dense);
    return this.codesColumn(dense.subarray(0, count), validity, nullCount, n);
  }

  /** Codes of the page's non-null rows (`dense`) as its categorical column of `n` rows. */
  private codesColumn(dense: Int32Array, validity: Uint8Array | null, nullCount: number, n: number): Column {
    const codes = codeArrayFor(this.dictionary.size, n);
    codes.set(this.rows(dense, validity, n));
    return new CategoricalColumn(codes, this.dictionary, validity, nullCount);
  }

  /** Dense values as the plan's column of `n` rows (null rows zero). */
  private build(dense: Dense, validity: Uint8Array | null, nullCount: number, n: number): Column {
    if (denseLength(dense) !== n - nullCount) pageFail(`a page gives ${denseLength(dense)} values for ${n - nullCount} non-null rows`);
    const kind = this.plan.kind;
    if ('bits' in dense) return new BoolColumn(validity === null ? dense.bits : scatterBits(dense.bits, validity, n), n, validity, nullCount);
    if ('offsets' in dense) return utf8Column(dense, validity, nullCount, n);
    if (dense instanceof Float64Array || dense instanceof Float32Array) {
      return new NumberColumn(kind === 'float32' ? 'float32' : 'float64', spread(dense, validity, n), validity, nullCount);
    }
    if (kind === 'date') return new NumberColumn('date', spread(dense as Int32Array, validity, n), validity, nullCount);
    if (kind === 'timestamp') return new BigIntColumn('timestamp', toMicros(spread(dense as BigInt64Array, validity, n), this.plan.unit), validity, nullCount);
    let values: IntArray;
    // What int64 values need, found as they are narrowed (else measured below).
    let needed: IntDType | undefined;
    if (dense instanceof BigInt64Array) {
      const wide = spread(dense, validity, n);
      if (this.plan.leaf.logical.kind === 'int' && !this.plan.leaf.logical.signed) checkUint64(wide, validity);
      const narrow = narrowInt64(new Int32Array(wide.buffer, wide.byteOffset, 2 * n), n, validity);
      needed = narrow?.needed;
      values = narrow?.values ?? wide;
    } else if (kind === 'uint') {
      const raw = spread(dense, validity, n);
      if (this.plan.dtype === 'uint32') return new NumberColumn('uint32', new Uint32Array(raw.buffer, raw.byteOffset, n), validity, nullCount);
      checkUintWidth(raw as Int32Array, validity, this.plan.dtype === 'uint8' ? 8 : 16);
      return intColumnOf(this.plan.dtype, raw, validity, nullCount);
    } else values = spread(dense, validity, n);
    // Statistics set the floor; the values are still measured, so a file whose statistics are wrong reads right.
    const dtype = widenInt(this.floor, needed ?? neededIntDType(values, validity));
    this.floor = this.floor === undefined ? dtype : supertype(this.floor, dtype);
    return intColumnOf(dtype, values, validity, nullCount);
  }
}

/**
 * UINT_8 and UINT_16 values (stored in INT32) inside their width: one past it is a corrupt page, which would otherwise
 * wrap in the column's Uint8Array or Uint16Array.
 */
function checkUintWidth(values: Int32Array, validity: Uint8Array | null, bits: 8 | 16): void {
  const max = bits === 8 ? 0xff : 0xffff;
  for (let i = 0; i < values.length; i++) {
    if (values[i] >>> 0 > max && (validity === null || (validity[i >>> 3] & (1 << (i & 7))) !== 0)) {
      pageFail(`UINT_${bits} value ${values[i] >>> 0} at row ${i} of the page does not fit ${bits} bits`);
    }
  }
}

/** Unsigned 64-bit values (read as signed) that fit int64, the widest integer df-stream has: the sign bit is clear. */
function checkUint64(values: BigInt64Array, validity: Uint8Array | null): void {
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0n && (validity === null || (validity[i >>> 3] & (1 << (i & 7))) !== 0)) {
      pageFail(`UINT64 value ${BigInt.asUintN(64, values[i])} at row ${i} of the page does not fit int64`);
    }
  }
}

/** Page bytes (valid until the next page) as a typed array of its own. */
function copyOut<T extends Numeric>(bytes: Uint8Array, Type: ViewType<T>, count: number): T {
  const out = new Type(count);
  new Uint8Array(out.buffer, 0, count * Type.BYTES_PER_ELEMENT).set(bytes);
  return out;
}

function denseLength(dense: Dense): number {
  if ('bits' in dense) return dense.length;
  if ('offsets' in dense) return dense.offsets.length - 1;
  return dense.length;
}

/** The dictionary entries `indices` point at, checked against its size. */
function gather(dict: Dense, indices: Int32Array): Dense {
  const size = denseLength(dict);
  if ('offsets' in dict) return gatherStrings(dict, indices);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!(k >= 0 && k < size)) pageFail(`dictionary index ${k} is outside a dictionary of ${size} entries`);
  }
  if ('bits' in dict) {
    const bits = new Uint8Array(bitmapByteLength(indices.length));
    for (let i = 0; i < indices.length; i++) if ((dict.bits[indices[i] >>> 3] & (1 << (indices[i] & 7))) !== 0) bits[i >>> 3] |= 1 << (i & 7);
    return { bits, length: indices.length };
  }
  const values = dict as Numeric;
  const out = new (values.constructor as new (n: number) => Numeric)(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]];
  return out;
}

/**
 * The dictionary's strings of `indices`, in row order (a column that stays utf8: ids, mostly distinct). An entry of up
 * to 16 bytes is copied a 32-bit word at a time, then its last 0-3 bytes (none past it: the next row's string follows);
 * a byte loop per row took 95 ns a row of 12-byte ids.
 */
function gatherStrings(dict: ByteArrays, indices: Int32Array): ByteArrays {
  const gathered = gatherByteArrays(dict, indices);
  if (gathered !== null) return gathered;
  const n = indices.length;
  const size = dict.offsets.length - 1;
  const from = dict.offsets;
  const offsets = new Int32Array(n + 1);
  // Summed as a number: a long entry repeated by a few bytes of indices must fail here, not wrap the int32 offsets.
  let total = 0;
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    if (!(k >= 0 && k < size)) pageFail(`dictionary index ${k} is outside a dictionary of ${size} entries`);
    total += from[k + 1] - from[k];
    if (total > MAX_PAGE_STRING_BYTES) pageFail(`a page's strings take more than ${MAX_PAGE_STRING_BYTES} bytes`);
    offsets[i + 1] = total;
  }
  const src = dict.data;
  const data = new Uint8Array(offsets[n]);
  const read = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const write = new DataView(data.buffer);
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    const s = from[k];
    const length = from[k + 1] - s;
    if (length > 16) copyBytes(src, s, length, data, offsets[i]);
    else copyWords(src, read, s, data, write, offsets[i], length);
  }
  return { offsets, data };
}

type Numeric = Int32Array | BigInt64Array | Float32Array | Float64Array;

/** Dense values moved to their rows (null rows zero); the array itself when no row is null. */
function spread<T extends Numeric>(dense: T, validity: Uint8Array | null, n: number): T {
  if (validity === null) return dense;
  const out = new (dense.constructor as new (n: number) => T)(n);
  scatter(dense, validity, out);
  return out;
}

function scatter(dense: ArrayLike<number | bigint>, validity: Uint8Array, out: { [i: number]: number | bigint; length: number }): void {
  let j = 0;
  for (let i = 0; i < out.length; i++) if ((validity[i >>> 3] & (1 << (i & 7))) !== 0) out[i] = dense[j++];
}

function scatterBits(bits: Uint8Array, validity: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(bitmapByteLength(n));
  let j = 0;
  for (let i = 0; i < n; i++) {
    if ((validity[i >>> 3] & (1 << (i & 7))) === 0) continue;
    if ((bits[j >>> 3] & (1 << (j & 7))) !== 0) out[i >>> 3] |= 1 << (i & 7);
    j++;
  }
  return out;
}

function utf8Column(dense: ByteArrays, validity: Uint8Array | null, nullCount: number, n: number): Utf8Column {
  if (validity === null) return new Utf8Column(dense.offsets, dense.data);
  const offsets = new Int32Array(n + 1);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if ((validity[i >>> 3] & (1 << (i & 7))) !== 0) j++;
    offsets[i + 1] = dense.offsets[j];
  }
  return new Utf8Column(offsets, dense.data, validity, nullCount);
}
