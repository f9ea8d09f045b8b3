import type { DType, Value } from '@df-stream/core';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * What a value reads back as from a column of `dtype` (the documented normalisation):
 * - `undefined` is null; NaN stays NaN (a float value, not a null);
 * - integers of an int64 column within ±2^53 come back as numbers, beyond as bigints;
 * - a bigint in a float column is its nearest double; float32 rounds with `Math.fround`;
 * - strings round-trip through UTF-8 (a lone surrogate becomes U+FFFD);
 * - a Date is a timestamp in microseconds since the epoch.
 */
export function readBack(value: unknown, dtype: DType): Value {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime() * 1000;
  if (dtype === 'utf8' || dtype === 'categorical') {
    return new TextDecoder().decode(new TextEncoder().encode(String(value)));
  }
  if (typeof value === 'bigint') {
    if (dtype === 'float64' || dtype === 'float32') return dtype === 'float32' ? Math.fround(Number(value)) : Number(value);
    return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value;
  }
  if (typeof value === 'number') {
    if (dtype === 'float32') return Math.fround(value);
    if (dtype === 'int64' && Number.isInteger(value) && Math.abs(value) > Number.MAX_SAFE_INTEGER) return BigInt(value);
    return value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  throw new TypeError(`no read-back rule for ${typeof value}`);
}
