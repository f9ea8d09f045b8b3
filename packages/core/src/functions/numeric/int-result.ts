import { BigIntColumn, type Column, NumberColumn } from '../../column.js';
import { narrowestIntDType } from '../../dtype.js';
import { newNumberArray } from '../../new-number-array.js';

const EXACT = 2 ** 53;

/**
 * Integer results computed as doubles, stored in the narrowest integer array that holds them (as the readers
 * store integers). A result past ±2^53 is not exact as a double: `exact(i)` recomputes that row as a bigint;
 * past int64 the column becomes float64 (promoted, never wrapped).
 */
export function intResult(values: Float64Array, validity: Uint8Array | null, exact: (i: number) => bigint): Column {
  const n = values.length;
  let lo = 0;
  let hi = 0;
  let big = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (validity !== null && ((validity[i >> 3] >> (i & 7)) & 1) === 0) {
      values[i] = 0;
      continue;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    // At ±2^53 a double may already have rounded: recompute from there on.
    if (v >= EXACT || v <= -EXACT) big = true;
  }
  if (big) return bigResult(values, validity, exact);
  const dtype = narrowestIntDType(lo, hi);
  if (dtype === 'int64') return bigResult(values, validity, exact);
  const out = newNumberArray(dtype, n);
  out.set(values);
  return new NumberColumn(dtype, out, validity);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bigResult(values: Float64Array, validity: Uint8Array | null, exact: (i: number) => bigint): Column {
  const n = values.length;
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    if (validity !== null && ((validity[i >> 3] >> (i & 7)) & 1) === 0) continue;
    const v = values[i];
    if (v < EXACT && v > -EXACT) {
      out[i] = BigInt(v);
      continue;
    }
    const b = exact(i);
    // Past int64: the whole column is float64, as `sum` promotes.
    if (b < INT64_MIN || b > INT64_MAX) return new NumberColumn('float64', values, validity);
    out[i] = b;
  }
  return new BigIntColumn('int64', out, validity);
}
