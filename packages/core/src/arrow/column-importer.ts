import { Buffer } from 'node:buffer';
import type { Data, DataType, Int, TimeUnit, Type, Vector } from 'apache-arrow';
import { bitmapByteLength, sliceBits } from '../bitmap.js';
import { allNullColumn } from '../builder/all-null-column.js';
import { type IntArray, intColumnOf, intDTypeOf, neededIntDType, widenInt } from '../builder/int-narrowing.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, codeArrayFor, NumberColumn, Utf8Column } from '../column.js';
import { Dictionary } from '../dictionary.js';
import { type DType, INT_RANGES, supertype } from '../dtype.js';
import { utf8Encoder } from '../utf8.js';
import { dtypeOfArrowType } from './arrow-dtype.js';
import { arrowModule } from './arrow-module.js';
import { categoricalFromKeys, type DictionaryKeys } from './categorical-from-keys.js';
import { InvalidArrowDataError, UnsupportedArrowTypeError } from './unsupported-arrow-type-error.js';

const MS_PER_DAY = 86_400_000n;

/**
 * Converts the successive Arrow arrays of one column into df-stream columns, sharing buffers where the
 * layouts agree. It remembers what earlier batches decided: the integer width only widens (the
 * builders' downcast rule), and string dictionaries map into one `Dictionary` for the whole column,
 * whether the Arrow side repeats, extends (delta) or replaces its dictionary between batches.
 */
export class ColumnImporter {
  readonly name: string;
  /** The widest dtype chunks so far were given; `undefined` before the first non-null chunk. */
  private floor: DType | undefined;
  private readonly dictionary: Dictionary;
  /** Codes in `dictionary` of the Arrow dictionary entries seen so far (-1 for a null entry). */
  private remap = new Int32Array(0);
  private remapped = 0;
  private lastDictionaryChunks: readonly Data[] = [];

  constructor(name: string, dictionary = new Dictionary()) {
    this.name = name;
    this.dictionary = dictionary;
  }

  /** The dtype of the last chunk, or `undefined` if none was converted yet. */
  get dtype(): DType | undefined {
    return this.floor;
  }

  convert(data: Data): Column {
    const column = this.convertData(data);
    if (column.nullCount < column.length || this.floor === undefined) {
      this.floor = this.floor === undefined ? column.dtype : supertype(this.floor, column.dtype);
    }
    return column;
  }

  private convertData(data: Data): Column {
    const { DataType: ArrowDataType } = arrowModule();
    const type = data.type;
    const validity = this.validityOf(data);
    const nullCount = validity === null ? 0 : data.nullCount;
    const n = data.length;
    if (ArrowDataType.isNull(type)) {
      return allNullColumn(this.floor ?? 'int8', n, this.dictionary);
    }
    if (ArrowDataType.isInt(type)) return this.convertInt(data as Data<typeof type>, validity, nullCount);
    if (ArrowDataType.isFloat(type)) {
      const values = (data as Data<typeof type>).values;
      if (values instanceof Float64Array) return new NumberColumn('float64', values.subarray(0, n), validity, nullCount);
      if (values instanceof Float32Array) return new NumberColumn('float32', values.subarray(0, n), validity, nullCount);
      return new NumberColumn('float32', halfToFloat32(values.subarray(0, n)), validity, nullCount);
    }
    if (ArrowDataType.isBool(type)) {
      const values = (data as Data<typeof type>).values;
      const bits = shareBits(values, data.offset, n);
      return new BoolColumn(bits, n, validity, nullCount);
    }
    if (ArrowDataType.isUtf8(type) || ArrowDataType.isBinary(type)) {
      const d = data as Data<typeof type>;
      return this.utf8(d.valueOffsets, d.values, n, validity, nullCount);
    }
    if (ArrowDataType.isLargeUtf8(type) || ArrowDataType.isLargeBinary(type)) {
      const d = data as Data<typeof type>;
      return this.utf8(narrowOffsets(d.valueOffsets, n, this.name), d.values, n, validity, nullCount);
    }
    if (ArrowDataType.isUtf8View(type) || ArrowDataType.isBinaryView(type)) return this.viaStrings(data, validity, nullCount);
    if (ArrowDataType.isDictionary(type)) return this.convertDictionary(data as Data<typeof type>, validity, nullCount);
    if (ArrowDataType.isDate(type)) {
      const values = (data as Data<typeof type>).values;
      if (values instanceof Int32Array) return new NumberColumn('date', values.subarray(0, n), validity, nullCount);
      const days = new Int32Array(n);
      for (let i = 0; i < n; i++) days[i] = Number(floorDiv(values[i], MS_PER_DAY));
      return new NumberColumn('date', days, validity, nullCount);
    }
    if (ArrowDataType.isTimestamp(type)) {
      const values = (data as Data<typeof type>).values.subarray(0, n);
      return new BigIntColumn('timestamp', toMicros(values, type.unit), validity, nullCount);
    }
    if (ArrowDataType.isDecimal(type)) return this.convertDecimal(data as Data<typeof type>, validity, nullCount);
    // Throws the "unsupported" error for everything else.
    dtypeOfArrowType(type, this.name);
    throw new UnsupportedArrowTypeError(this.name, String(type));
  }

  private validityOf(data: Data): Uint8Array | null {
    if (arrowModule().DataType.isNull(data.type)) return null;
    if (data.nullCount <= 0 || data.nullBitmap === undefined || data.nullBitmap.length === 0) return null;
    if (data.nullBitmap.length * 8 < data.offset + data.length) {
      throw new InvalidArrowDataError(this.name, 'validity bitmap shorter than the column');
    }
    return shareBits(data.nullBitmap, data.offset, data.length);
  }

  private convertInt(data: Data<Int>, validity: Uint8Array | null, nullCount: number): Column {
    const n = data.length;
    const values = (data.values as Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array).subarray(0, n);
    if (values instanceof BigUint64Array) {
      const signed = new BigInt64Array(n);
      const max = INT_RANGES.int64[1];
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v > max && (validity === null || isSet(validity, i))) {
          throw new UnsupportedArrowTypeError(this.name, 'Uint64', `value ${v} at row ${i} does not fit int64`);
        }
        signed[i] = v > max ? 0n : v;
      }
      return this.narrow(signed, validity, nullCount);
    }
    return this.narrow(values, validity, nullCount);
  }

  /** The chunk's integers in the narrowest dtype that holds them, never below earlier chunks' (core's one rule). */
  private narrow(values: IntArray, validity: Uint8Array | null, nullCount: number): Column {
    const own = intDTypeOf(values);
    // Unsigned Arrow columns keep their width (their values need no scan to be known to fit).
    const needed = own.startsWith('uint') ? own : neededIntDType(values, validity);
    return intColumnOf(widenInt(this.floor, needed), values, validity, nullCount);
  }

  private utf8(offsets: Int32Array, bytes: Uint8Array, n: number, validity: Uint8Array | null, nullCount: number): Column {
    const own = offsets.subarray(0, n + 1);
    checkOffsets(own, bytes.length, this.name);
    const base = n === 0 ? 0 : own[0];
    const end = n === 0 ? 0 : own[n];
    if (own.length === 0) return this.asStringDType(new Utf8Column(new Int32Array(1), new Uint8Array(0)));
    const rebased = base === 0 ? own : own.map((o) => o - base);
    return this.asStringDType(new Utf8Column(rebased, bytes.subarray(base, end), validity, nullCount));
  }

  /** A utf8 chunk of a column earlier chunks made categorical keeps the column categorical. */
  private asStringDType(column: Utf8Column): Column {
    if (this.floor !== 'categorical') return column;
    const codes = new Uint32Array(column.length);
    for (let i = 0; i < column.length; i++) {
      if (column.isValid(i)) codes[i] = this.dictionary.internBytes(column.data, column.offsets[i], column.offsets[i + 1]);
    }
    const narrow = codeArrayFor(this.dictionary.size, column.length);
    narrow.set(codes);
    return new CategoricalColumn(narrow, this.dictionary, column.validity, column.nullCount);
  }

  private viaStrings(data: Data, validity: Uint8Array | null, nullCount: number): Column {
    const vector = arrowModule().makeVector(data);
    const n = data.length;
    const parts: Uint8Array[] = [];
    const offsets = new Int32Array(n + 1);
    let end = 0;
    for (let i = 0; i < n; i++) {
      const v: unknown = vector.get(i);
      if (v !== null && v !== undefined) {
        const bytes = typeof v === 'string' ? utf8Encoder.encode(v) : (v as Uint8Array);
        parts.push(bytes);
        end += bytes.length;
      }
      offsets[i + 1] = end;
    }
    const bytes = new Uint8Array(end);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return this.asStringDType(new Utf8Column(offsets, bytes, validity, nullCount));
  }

  private convertDictionary(data: Data<DataType<Type.Dictionary>>, validity: Uint8Array | null, nullCount: number): Column {
    const dictionary: Vector | undefined = data.dictionary;
    if (dictionary === undefined) throw new InvalidArrowDataError(this.name, 'dictionary-encoded column without a dictionary');
    const type = data.type;
    if (!arrowModule().DataType.isDictionary(type)) throw new UnsupportedArrowTypeError(this.name, String(type));
    dtypeOfArrowType(type, this.name);
    this.mapDictionary(dictionary);
    const keys = (data.values as DictionaryKeys).subarray(0, data.length);
    return categoricalFromKeys(keys, validity, nullCount, this.remap, this.remapped, this.dictionary, (k, i) => {
      return new InvalidArrowDataError(this.name, `dictionary key ${k} at row ${i} is outside a dictionary of ${this.remapped} entries`);
    });
  }

  /**
   * Interns the Arrow dictionary's entries into ours. A dictionary that starts with the chunks of the
   * previous one (an IPC delta) only maps its new entries; anything else (a replacement) maps afresh.
   */
  private mapDictionary(vector: Vector): void {
    const chunks = vector.data;
    let start = 0;
    const prev = this.lastDictionaryChunks;
    if (prev.length > 0 && prev.length <= chunks.length && prev.every((c, i) => chunks[i] === c)) {
      start = prev.length;
    } else if (sameEntries(prev, chunks)) {
      // The same dictionary again in new buffers (every Parquet batch of a row group carries its
      // row group's dictionary through IPC): comparing bytes is far cheaper than interning again.
      this.lastDictionaryChunks = chunks;
      return;
    } else {
      this.remapped = 0;
    }
    if (this.remap.length < vector.length) {
      const grown = new Int32Array(Math.max(vector.length, this.remap.length * 2));
      grown.set(this.remap.subarray(0, this.remapped));
      this.remap = grown;
    }
    for (let c = start; c < chunks.length; c++) {
      const column = new ColumnImporter(this.name).convert(chunks[c]);
      if (!(column instanceof Utf8Column)) throw new UnsupportedArrowTypeError(this.name, String(vector.type), 'only dictionaries of strings are supported');
      for (let i = 0; i < column.length; i++) {
        this.remap[this.remapped++] = column.isValid(i) ? this.dictionary.internBytes(column.data, column.offsets[i], column.offsets[i + 1]) : -1;
      }
    }
    this.lastDictionaryChunks = chunks;
  }

  private convertDecimal(data: Data<DataType<Type.Decimal>>, validity: Uint8Array | null, nullCount: number): Column {
    const type = data.type;
    if (!arrowModule().DataType.isDecimal(type)) throw new UnsupportedArrowTypeError(this.name, String(type));
    const dtype = dtypeOfArrowType(type, this.name);
    const words = type.bitWidth / 32;
    const n = data.length;
    const raw = data.values;
    if (raw.length < n * words) throw new InvalidArrowDataError(this.name, 'decimal buffer shorter than the column');
    const ints = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      if (validity !== null && !isSet(validity, i)) continue;
      ints[i] = BigInt.asIntN(64, decimalAt(raw, i * words, words));
    }
    if (dtype === 'int64') return this.narrow(ints, validity, nullCount);
    const scale = 10 ** type.scale;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(ints[i]) / scale;
    return new NumberColumn('float64', out, validity, nullCount);
  }
}

/** True if two dictionaries (as lists of Arrow string arrays) hold the same entries byte for byte. */
function sameEntries(a: readonly Data[], b: readonly Data[]): boolean {
  if (a.length === 0 || a.length !== b.length) return false;
  for (let c = 0; c < a.length; c++) {
    const x = a[c];
    const y = b[c];
    if (x.length !== y.length || x.nullCount !== y.nullCount || x.type.typeId !== y.type.typeId) return false;
    if (!(x.valueOffsets instanceof Int32Array) || !(y.valueOffsets instanceof Int32Array)) return false;
    const xo = x.valueOffsets.subarray(0, x.length + 1);
    const yo = y.valueOffsets.subarray(0, y.length + 1);
    if (x.nullCount > 0 || !equalArrays(xo, yo)) return false;
    const xv: Uint8Array = x.values;
    const yv: Uint8Array = y.values;
    if (!equalArrays(xv.subarray(xo[0], xo[x.length]), yv.subarray(yo[0], yo[y.length]))) return false;
  }
  return true;
}

/** Same length and bytes (a native memcmp: dictionaries of 100k entries are compared per batch). */
function equalArrays(a: Int32Array | Uint8Array, b: Int32Array | Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function isSet(bits: Uint8Array, i: number): boolean {
  return (bits[i >>> 3] & (1 << (i & 7))) !== 0;
}

/** Bits [offset, offset + n) as a bitmap starting at bit 0: a view when byte-aligned, else a copy. */
function shareBits(bits: Uint8Array, offset: number, n: number): Uint8Array {
  if ((offset & 7) === 0) return bits.subarray(offset >>> 3, (offset >>> 3) + bitmapByteLength(n));
  return sliceBits(bits, offset, offset + n);
}

function checkOffsets(offsets: Int32Array, byteLength: number, column: string): void {
  let prev = offsets.length > 0 ? offsets[0] : 0;
  if (prev < 0) throw new InvalidArrowDataError(column, 'negative string offset');
  for (let i = 1; i < offsets.length; i++) {
    const o = offsets[i];
    if (o < prev) throw new InvalidArrowDataError(column, `string offsets decrease at row ${i - 1}`);
    prev = o;
  }
  if (prev > byteLength) throw new InvalidArrowDataError(column, `string offsets run past the ${byteLength}-byte data buffer`);
}

function narrowOffsets(offsets: BigInt64Array | Int32Array, n: number, column: string): Int32Array {
  if (offsets instanceof Int32Array) return offsets;
  const out = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const o = offsets[i];
    if (o > 2147483647n || o < 0n) throw new UnsupportedArrowTypeError(column, 'LargeUtf8', 'a chunk holds more than 2 GiB of strings');
    out[i] = Number(o);
  }
  return out;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Timestamps in any Arrow unit as microseconds (our unit); nanoseconds round down. */
function toMicros(values: BigInt64Array, unit: TimeUnit): BigInt64Array {
  const { TimeUnit } = arrowModule();
  if (unit === TimeUnit.MICROSECOND) return values;
  const out = new BigInt64Array(values.length);
  if (unit === TimeUnit.NANOSECOND) for (let i = 0; i < values.length; i++) out[i] = floorDiv(values[i], 1000n);
  else {
    const factor = unit === TimeUnit.MILLISECOND ? 1000n : 1_000_000n;
    for (let i = 0; i < values.length; i++) out[i] = values[i] * factor;
  }
  return out;
}

/** A little-endian two's-complement integer of `words` 32-bit words. */
function decimalAt(raw: Uint32Array, at: number, words: number): bigint {
  let v = 0n;
  for (let w = words - 1; w >= 0; w--) v = (v << 32n) | BigInt(raw[at + w]);
  return BigInt.asIntN(words * 32, v);
}

function halfToFloat32(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) out[i] = sign * 2 ** -14 * (frac / 1024);
    else if (exp === 0x1f) out[i] = frac === 0 ? sign * Infinity : NaN;
    else out[i] = sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return out;
}
