import { bitmapByteLength } from '../bitmap.js';
import { allNullColumn } from '../builder/all-null-column.js';
import { castColumn } from '../cast.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, codeArrayFor, NumberColumn, Utf8Column } from '../column.js';
import { Dictionary } from '../dictionary.js';
import type { DType, NumberDType } from '../dtype.js';
import { newNumberArray } from '../new-number-array.js';
import { utf8Decoder, utf8Encoder } from '../utf8.js';
import { type Operand, Scalar } from './scalar-function.js';

/** Helpers kernels share: reading operands as numbers or strings, and building result columns. */

export function isScalar(op: Operand): op is Scalar {
  return op instanceof Scalar;
}

/**
 * An operand's values as numbers, one per row: a number column's own array (no copy), an int64/timestamp
 * column converted (exact up to 2^53), a literal filled in. Values at null rows are whatever storage holds.
 */
export function numbersOf(op: Operand, n: number): ArrayLike<number> {
  if (op instanceof Scalar) return new Float64Array(n).fill(scalarNumber(op));
  if (op instanceof NumberColumn) return op.values;
  if (op instanceof BigIntColumn) {
    const out = new Float64Array(n);
    const v = op.values;
    for (let i = 0; i < n; i++) out[i] = Number(v[i]);
    return out;
  }
  if (op instanceof BoolColumn) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = (op.values[i >> 3] >> (i & 7)) & 1;
    return out;
  }
  throw new Error(`internal: ${op.dtype} is not numeric`);
}

/** A literal as a number (booleans 0/1, bigints rounded to the nearest double). */
export function scalarNumber(s: Scalar): number {
  const v = s.value;
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? (v ? 1 : 0) : NaN;
}

/** The string of row `i` of a utf8 or categorical column (decoded; categorical entries are cached by the dictionary). */
export function stringAt(c: Column, i: number): string {
  if (c instanceof CategoricalColumn) return c.dictionary.get(c.codes[i]);
  if (c instanceof Utf8Column) return utf8Decoder.decode(c.data.subarray(c.offsets[i], c.offsets[i + 1]));
  throw new Error(`internal: ${c.dtype} is not a string column`);
}

/** A literal as a string (what `cast(... as varchar)` would give for the common cases). */
export function scalarString(s: Scalar): string {
  return s.value === null ? '' : String(s.value);
}

/** The column with `validity` (1 = valid) as its bitmap, ANDed with its own. */
export function withValidity(c: Column, validity: Uint8Array | null): Column {
  if (validity === null) return c;
  const bits = c.validity === null ? validity : andBits(c.validity, validity);
  if (c instanceof NumberColumn) return new NumberColumn(c.dtype, c.values, bits);
  if (c instanceof BigIntColumn) return new BigIntColumn(c.dtype, c.values, bits);
  if (c instanceof BoolColumn) return new BoolColumn(c.values, c.length, bits);
  if (c instanceof Utf8Column) return new Utf8Column(c.offsets, c.data, bits);
  return new CategoricalColumn(c.codes, c.dictionary, bits);
}

/** A new bitmap: `a AND b`. */
export function andBits(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.min(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = a[i] & b[i];
  return out;
}

/** A zeroed bitmap of `n` bits: kernels set the rows they make valid (or true). */
export function newBits(n: number): Uint8Array {
  return new Uint8Array(bitmapByteLength(n));
}

/** Bool column from a byte-per-row mask (0/1), packed into bits. */
export function boolFromMask(mask: Uint8Array, validity: Uint8Array | null = null): BoolColumn {
  const n = mask.length;
  const bits = newBits(n);
  for (let i = 0; i < n; i++) if (mask[i] !== 0) bits[i >> 3] |= 1 << (i & 7);
  return new BoolColumn(bits, n, validity);
}

/** Number column of a number dtype over `values`. */
export function numberColumn(dtype: NumberDType, values: NumberColumn['values'], validity: Uint8Array | null = null): NumberColumn {
  return new NumberColumn(dtype, values, validity);
}

/** A utf8 column from one string per row (null rows get ""; the evaluator adds their validity). */
export function utf8FromStrings(values: readonly string[], validity: Uint8Array | null = null): Utf8Column {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const parts: Uint8Array[] = new Array<Uint8Array>(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    parts[i] = utf8Encoder.encode(values[i]);
    total += parts[i].length;
    offsets[i + 1] = total;
  }
  const data = new Uint8Array(total);
  for (let i = 0; i < n; i++) data.set(parts[i], offsets[i]);
  return new Utf8Column(offsets, data, validity);
}

interface DictionaryMap {
  readonly dictionary: Dictionary;
  /** Result code of each source code seen so far. */
  codes: Int32Array;
  done: number;
}

const stringMaps = new WeakMap<Dictionary, Map<string, DictionaryMap>>();

/**
 * A string -> string function over a categorical column, run once per dictionary entry: the result is
 * categorical with codes mapped (so `lower(city)` stays categorical). The result dictionary and the code map are
 * kept per source dictionary and `key` (the function and its literal arguments) and extended as the source
 * dictionary grows, so every chunk of the column shares one result dictionary, as the categorical contract says.
 */
export function mapCategorical(c: CategoricalColumn, key: string, f: (s: string) => string): CategoricalColumn {
  let byKey = stringMaps.get(c.dictionary);
  if (byKey === undefined) stringMaps.set(c.dictionary, (byKey = new Map()));
  let m = byKey.get(key);
  if (m === undefined) byKey.set(key, (m = { dictionary: new Dictionary(), codes: new Int32Array(16), done: 0 }));
  const size = c.dictionary.size;
  if (m.done < size) {
    if (m.codes.length < size) {
      const grown = new Int32Array(Math.max(size, m.codes.length * 2));
      grown.set(m.codes);
      m.codes = grown;
    }
    for (let code = m.done; code < size; code++) m.codes[code] = m.dictionary.intern(f(c.dictionary.get(code)));
    m.done = size;
  }
  const n = c.length;
  const out = m.dictionary.size <= 0x100 ? new Uint8Array(n) : m.dictionary.size <= 0x10000 ? new Uint16Array(n) : new Uint32Array(n);
  const src = c.codes;
  const map = m.codes;
  for (let i = 0; i < n; i++) out[i] = map[src[i]];
  return new CategoricalColumn(out, m.dictionary, c.validity);
}

const perEntryCache = new WeakMap<Dictionary, Map<string, { values: Float64Array; done: number }>>();

/**
 * A string -> number (or bool as 0/1) function over a categorical column, run once per dictionary entry and
 * gathered by code into a Float64Array of one value per row. Kept per source dictionary and `key`, as
 * `mapCategorical` is.
 */
export function perEntry(c: CategoricalColumn, key: string, f: (s: string) => number): Float64Array {
  let byKey = perEntryCache.get(c.dictionary);
  if (byKey === undefined) perEntryCache.set(c.dictionary, (byKey = new Map()));
  let m = byKey.get(key);
  if (m === undefined) byKey.set(key, (m = { values: new Float64Array(16), done: 0 }));
  const size = c.dictionary.size;
  if (m.done < size) {
    if (m.values.length < size) {
      const grown = new Float64Array(Math.max(size, m.values.length * 2));
      grown.set(m.values);
      m.values = grown;
    }
    for (let code = m.done; code < size; code++) m.values[code] = f(c.dictionary.get(code));
    m.done = size;
  }
  const n = c.length;
  const out = new Float64Array(n);
  const table = m.values;
  const src = c.codes;
  for (let i = 0; i < n; i++) out[i] = table[src[i]];
  return out;
}

/** Dtypes that hold strings. */
export function isText(dtype: DType | 'null'): boolean {
  return dtype === 'utf8' || dtype === 'categorical';
}

/** The AND of the column operands' validity bitmaps; null when none has nulls. */
export function validityOf(args: readonly Operand[]): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (const a of args) {
    if (a instanceof Scalar || a.validity === null) continue;
    out = out === null ? a.validity.slice() : andBits(out, a.validity);
  }
  return out;
}

/** True when row `i` is valid in `validity` (null = all valid). */
export function validAt(validity: Uint8Array | null, i: number): boolean {
  return validity === null || ((validity[i >> 3] >> (i & 7)) & 1) === 1;
}

const BIG = 2n ** 53n;

/** True when an operand is an int64 column holding a value past ±2^53, which a double would round. */
export function hasUnsafeInts(op: Operand): boolean {
  if (!(op instanceof BigIntColumn) || op.dtype !== 'int64') return false;
  const v = op.values;
  for (let i = 0; i < v.length; i++) if (v[i] > BIG || v[i] < -BIG) return true;
  return false;
}

/** Row `i` of an integer operand as a bigint (exact for int64). */
export function bigIntAt(op: Operand, i: number): bigint {
  if (op instanceof Scalar) return typeof op.value === 'bigint' ? op.value : BigInt(Math.trunc(scalarNumber(op)));
  if (op instanceof BigIntColumn) return op.values[i];
  if (op instanceof NumberColumn) return BigInt(op.values[i]);
  throw new Error(`internal: ${op.dtype} is not an integer`);
}

/** A literal as a column of `n` copies in `dtype` (what a kernel that mixes literals and columns row-wise needs). */
export function broadcast(s: Scalar, dtype: DType, n: number): Column {
  const value = s.value;
  if (value === null) return allNullColumn(dtype, n, new Dictionary());
  if (dtype === 'int64' || dtype === 'timestamp') {
    return new BigIntColumn(dtype, new BigInt64Array(n).fill(typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)))));
  }
  if (dtype === 'bool') return new BoolColumn(newBits(n).fill(value === true ? 0xff : 0), n);
  if (dtype === 'utf8' || dtype === 'categorical') {
    const dictionary = Dictionary.from([String(value)]);
    return new CategoricalColumn(new Uint8Array(n), dictionary);
  }
  const out = newNumberArray(dtype, n);
  out.fill(Number(value));
  return new NumberColumn(dtype as NumberDType, out);
}

/** An operand as a column of `dtype`: literals broadcast, columns cast (a no-op when it has the dtype). */
export function asColumn(op: Operand, dtype: DType, n: number): Column {
  const c = op instanceof Scalar ? broadcast(op, dtype, n) : op;
  if (c.dtype === dtype) return c;
  if (dtype === 'categorical') return c.dtype === 'utf8' ? c : castColumn(c, 'utf8');
  return castColumn(c, dtype);
}

/**
 * Row i of the result is row i of `sources[pick[i]]`, or null where `pick[i]` is -1. Every source has the result
 * dtype (utf8 and categorical sources may mix: the result is then utf8).
 */
export function gatherRows(sources: readonly Column[], pick: Int32Array, dtype: DType): Column {
  const n = pick.length;
  const valid = newBits(n);
  for (let i = 0; i < n; i++) if (pick[i] >= 0) valid[i >> 3] |= 1 << (i & 7);
  if (sources.every((s) => s instanceof NumberColumn)) {
    const out = newNumberArray(dtype, n);
    const arrays = sources.map((s) => (s as NumberColumn).values);
    for (let i = 0; i < n; i++) if (pick[i] >= 0) out[i] = arrays[pick[i]][i];
    return new NumberColumn(dtype as NumberDType, out, valid);
  }
  if (sources.every((s) => s instanceof BigIntColumn)) {
    const out = new BigInt64Array(n);
    const arrays = sources.map((s) => (s as BigIntColumn).values);
    for (let i = 0; i < n; i++) if (pick[i] >= 0) out[i] = arrays[pick[i]][i];
    return new BigIntColumn(dtype as 'int64' | 'timestamp', out, valid);
  }
  if (sources.every((s) => s instanceof BoolColumn)) {
    const out = newBits(n);
    for (let i = 0; i < n; i++) if (pick[i] >= 0 && (sources[pick[i]] as BoolColumn).values[i >> 3] & (1 << (i & 7))) out[i >> 3] |= 1 << (i & 7);
    return new BoolColumn(out, n, valid);
  }
  const first = sources[0];
  if (first instanceof CategoricalColumn && sources.every((s) => s instanceof CategoricalColumn && s.dictionary === first.dictionary)) {
    const out = codeArrayFor(first.dictionary.size, n);
    for (let i = 0; i < n; i++) if (pick[i] >= 0) out[i] = (sources[pick[i]] as CategoricalColumn).codes[i];
    return new CategoricalColumn(out, first.dictionary, valid);
  }
  const strings = new Array<string>(n);
  for (let i = 0; i < n; i++) strings[i] = pick[i] >= 0 ? stringAt(sources[pick[i]], i) : '';
  return utf8FromStrings(strings, valid);
}

/** Row `i` of a numeric operand as its exact value: a bigint for int64, a number otherwise (bools 0/1). */
export function exactAt(op: Operand, i: number): bigint | number {
  if (op instanceof Scalar) return typeof op.value === 'bigint' ? op.value : scalarNumber(op);
  if (op instanceof BigIntColumn) return op.values[i];
  if (op instanceof NumberColumn) return op.values[i];
  if (op instanceof BoolColumn) return (op.values[i >> 3] >> (i & 7)) & 1;
  throw new Error(`internal: ${op.dtype} is not numeric`);
}

/** The sign of `a - b` for exact values, a bigint against a float compared without rounding either; NaN if either is NaN. */
export function compareExact(a: bigint | number, b: bigint | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.NaN;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number') return -compareExact(b, a);
  const f = b as number;
  if (Number.isNaN(f)) return Number.NaN;
  if (f === Number.POSITIVE_INFINITY) return -1;
  if (f === Number.NEGATIVE_INFINITY) return 1;
  const floor = Math.floor(f);
  const whole = BigInt(floor);
  if (a < whole) return -1;
  if (a > whole) return 1;
  return floor === f ? 0 : -1;
}
