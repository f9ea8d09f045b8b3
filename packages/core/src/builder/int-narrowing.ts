import { BigIntColumn, type Column, NumberColumn } from '../column.js';
import { type DType, type IntDType, narrowestIntDType, supertype } from '../dtype.js';
import { newNumberArray } from '../new-number-array.js';

/** Integer arrays a reader hands over (Arrow buffers, decoded pages). */
export type IntArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | BigInt64Array;

/**
 * The rule that makes integer columns compact and chunk-size independent: a chunk whose values need `needed`
 * gets the narrowest dtype that holds them, never narrower than `floor` (what earlier chunks settled on, or a
 * dtype the column was given). A floor of another kind (an all-integer chunk after float chunks, say) is the
 * chunk's business, not the rule's: the chunk keeps `needed` and unifying chunks widens later.
 */
export function widenInt(floor: DType | null | undefined, needed: IntDType): DType {
  if (floor === null || floor === undefined) return needed;
  const t = supertype(floor, needed);
  return t === 'utf8' ? needed : t;
}

/** The narrowest integer dtype holding the valid values of `values` (int8 when none is valid); a bigint loop and a number loop, so each stays monomorphic. */
export function neededIntDType(values: IntArray, validity: Uint8Array | null): IntDType {
  if (values instanceof BigInt64Array) {
    let min = 0n;
    let max = 0n;
    let seen = false;
    for (let i = 0; i < values.length; i++) {
      if (validity !== null && (validity[i >>> 3] & (1 << (i & 7))) === 0) continue;
      const v = values[i];
      if (!seen) {
        min = v;
        max = v;
        seen = true;
      } else if (v < min) min = v;
      else if (v > max) max = v;
    }
    return narrowestIntDType(min, max);
  }
  let min = 0;
  let max = 0;
  let seen = false;
  for (let i = 0; i < values.length; i++) {
    if (validity !== null && (validity[i >>> 3] & (1 << (i & 7))) === 0) continue;
    const v = values[i];
    if (!seen) {
      min = v;
      max = v;
      seen = true;
    } else if (v < min) min = v;
    else if (v > max) max = v;
  }
  return narrowestIntDType(min, max);
}

/** The narrowest integer dtype holding every value in [min, max] (int8 when min > max: no value), as `neededIntDType`. */
export function neededIntDTypeOfRange(min: number, max: number): IntDType {
  return min > max ? 'int8' : narrowestIntDType(min, max);
}

/** The dtype of an integer array. */
export function intDTypeOf(values: IntArray): IntDType {
  if (values instanceof Int8Array) return 'int8';
  if (values instanceof Int16Array) return 'int16';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'uint8';
  if (values instanceof Uint16Array) return 'uint16';
  if (values instanceof Uint32Array) return 'uint32';
  return 'int64';
}

/**
 * `values` as a column of `target` (an integer dtype holding the valid values, or float64): the array itself
 * when it already is one, else a converted copy (null rows read 0).
 */
export function intColumnOf(target: DType, values: IntArray, validity: Uint8Array | null, nullCount: number): Column {
  const own = intDTypeOf(values);
  if (target === own) {
    return own === 'int64'
      ? new BigIntColumn('int64', values as BigInt64Array, validity, nullCount)
      : new NumberColumn(own, values as Exclude<IntArray, BigInt64Array>, validity, nullCount);
  }
  const n = values.length;
  if (target === 'int64') {
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) out[i] = BigInt(values[i]);
    return new BigIntColumn('int64', out, validity, nullCount);
  }
  const out = newNumberArray(target, n);
  if (values instanceof BigInt64Array) {
    // Null rows may hold anything in a foreign buffer: only valid ones are read.
    for (let i = 0; i < n; i++) out[i] = validity === null || (validity[i >>> 3] & (1 << (i & 7))) !== 0 ? Number(values[i]) : 0;
  } else {
    // A native copy converts each value as `out[i] = values[i]` would (a value past `target` wraps the same way),
    // without a loop that sees a different pair of array types from one column to the next.
    out.set(values);
  }
  return new NumberColumn(target as NumberColumn['dtype'], out, validity, nullCount);
}
