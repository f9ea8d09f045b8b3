import { bitmapByteLength } from '../bitmap.js';
import type { Column } from '../column.js';
import { BigIntColumn, BoolColumn, NumberColumn } from '../column.js';
import { narrowestIntDType } from '../dtype.js';
import { newNumberArray } from '../new-number-array.js';

/** Grows a typed array to at least `n` elements, doubling, keeping its contents. */
export function growArray<T extends Float64Array | Int32Array | Uint8Array | BigInt64Array | Float32Array | Uint32Array>(
  a: T,
  n: number,
  fill?: number | bigint,
): T {
  if (n <= a.length) return a;
  const ctor = a.constructor as new (len: number) => T;
  const out = new ctor(Math.max(n, a.length * 2, 16));
  (out as Float64Array).set(a as unknown as Float64Array);
  if (fill !== undefined) (out as unknown as { fill(v: unknown, s: number): void }).fill(fill, a.length);
  return out;
}

/** True if row i of a column with validity `bits` is valid. */
export function isValidAt(bits: Uint8Array | null, i: number): boolean {
  return bits === null || (bits[i >>> 3] & (1 << (i & 7))) !== 0;
}

/**
 * Reads a column as numbers for the float kernels: typed-array columns as they are; int64 converted
 * (exactly up to 2^53); bool as 0/1. Strings are not numbers: a clear error names the aggregate.
 */
export function numericValues(column: Column, aggregate: string): ArrayLike<number> {
  if (column instanceof NumberColumn) return column.values;
  if (column instanceof BigIntColumn) return Float64Array.from(column.values, (v) => Number(v));
  if (column instanceof BoolColumn) {
    const out = new Uint8Array(column.length);
    for (let i = 0; i < column.length; i++) out[i] = (column.values[i >>> 3] >>> (i & 7)) & 1;
    return out;
  }
  throw new TypeError(`${aggregate} needs a numeric column, got ${column.dtype}`);
}

/** Validity of groups [0, n): valid where `counts[g] > 0`; null when every group is valid. */
export function validityOfCounts(counts: Float64Array, n: number): Uint8Array | null {
  let bits: Uint8Array | null = null;
  for (let g = 0; g < n; g++) {
    if (counts[g] > 0) continue;
    if (bits === null) {
      bits = new Uint8Array(bitmapByteLength(n)).fill(0xff);
    }
    bits[g >>> 3] &= ~(1 << (g & 7));
  }
  return bits;
}

/**
 * Integer results of groups [0, n) (valid where `validity` says so) as the narrowest signed int column,
 * as a ColumnBuilder would infer it; null if there is no valid value or they need int64.
 */
export function narrowIntColumn(values: Float64Array, n: number, validity: Uint8Array | null): NumberColumn | null {
  let min = Infinity;
  let max = -Infinity;
  for (let g = 0; g < n; g++) {
    if (validity !== null && ((validity[g >>> 3] >>> (g & 7)) & 1) === 0) continue;
    const v = values[g];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return null;
  const dtype = narrowestIntDType(min, max);
  if (dtype === 'int64') return null;
  const out = newNumberArray(dtype, n);
  if (validity === null) out.set(values.subarray(0, n));
  else for (let g = 0; g < n; g++) if (((validity[g >>> 3] >>> (g & 7)) & 1) !== 0) out[g] = values[g];
  return new NumberColumn(dtype, out, validity);
}
