import type { Column } from '../column.js';
import { BigIntColumn, BoolColumn, NumberColumn } from '../column.js';
import type { NumberArray } from '../dtype.js';
import { DfError } from '../errors/df-error.js';

/** Grows a typed array to at least `n` elements, doubling, keeping its contents. */
export function growArray<T extends NumberArray | BigInt64Array>(a: T, n: number, fill?: number | bigint): T {
  if (n <= a.length) return a;
  const ctor = a.constructor as new (len: number) => T;
  const out = new ctor(Math.max(n, a.length * 2, 16));
  (out as Float64Array).set(a as unknown as Float64Array);
  if (fill !== undefined) (out as unknown as { fill(v: unknown, s: number): void }).fill(fill, a.length);
  return out;
}

/** The groups `groups` of a per-group typed array (not a BigInt64Array), in that order. */
export function gather<T extends Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array>(
  a: T,
  groups: Int32Array,
): T {
  const ctor = a.constructor as new (len: number) => T;
  const out = new ctor(groups.length);
  for (let j = 0; j < groups.length; j++) out[j] = a[groups[j]];
  return out;
}

/** The groups `groups` of a per-group JS array, in that order (a group past its end reads as undefined). */
export function gatherList<T>(a: readonly T[], groups: Int32Array): T[] {
  const out = new Array<T>(groups.length);
  for (let j = 0; j < groups.length; j++) out[j] = a[groups[j]];
  return out;
}

/** Groups 0 .. n - 1 in order: `export(n)` as `exportGroups` of them. */
export function firstGroups(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let g = 0; g < n; g++) out[g] = g;
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
export function numericValues(column: Column, aggregate: string): NumberArray {
  if (column instanceof NumberColumn) return column.values;
  if (column instanceof BigIntColumn) return Float64Array.from(column.values, (v) => Number(v));
  if (column instanceof BoolColumn) {
    const out = new Uint8Array(column.length);
    for (let i = 0; i < column.length; i++) out[i] = (column.values[i >>> 3] >>> (i & 7)) & 1;
    return out;
  }
  throw new DfError('usage', `${aggregate} needs a numeric column, got ${column.dtype}`);
}
