import type { IntDType } from '@df-stream/core';
import { neededIntDTypeOfRange } from '@df-stream/core/internal';
import { narrowInt64Words } from './int64-narrow-kernel.js';

/** Values from which a column without nulls is narrowed in WebAssembly: below, a call costs more than the loop. */
const MIN_KERNEL_VALUES = 256;

/** The least and the greatest valid value `int64AsInt32` met (min > max: none was valid). */
interface Int32Range {
  min: number;
  max: number;
}

/**
 * int64 values (as little-endian 32-bit halves) as an Int32Array when every valid one fits int32: the high half is
 * the sign of the low one. No BigInt per value. Undefined when one does not fit. `range` gets the valid values' least
 * and greatest, found in the same pass (a second pass to size the column took as long as this one).
 */
export function int64AsInt32(words: Int32Array, n: number, validity: Uint8Array | null, range?: Int32Range): Int32Array | undefined {
  const out = new Int32Array(n);
  if (validity === null && n >= MIN_KERNEL_VALUES) {
    const done = narrowInt64Words(words, n, out, range ?? { min: 0, max: 0 });
    if (done !== null) return done ? out : undefined;
  }
  let min = 2147483647;
  let max = -2147483648;
  if (validity === null) {
    for (let i = 0; i < n; i++) {
      const lo = words[2 * i];
      if (words[2 * i + 1] !== lo >> 31) return undefined;
      out[i] = lo;
      if (lo < min) min = lo;
      if (lo > max) max = lo;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const lo = words[2 * i];
      const valid = (validity[i >>> 3] & (1 << (i & 7))) !== 0;
      if (words[2 * i + 1] !== lo >> 31) {
        if (valid) return undefined;
        continue;
      }
      out[i] = lo;
      if (!valid) continue;
      if (lo < min) min = lo;
      if (lo > max) max = lo;
    }
  }
  if (range !== undefined) {
    range.min = min;
    range.max = max;
  }
  return out;
}

/**
 * `int64AsInt32`, with the dtype its valid values need (what `neededIntDType` would measure, found in the same pass);
 * undefined when one does not fit int32.
 */
export function narrowInt64(words: Int32Array, n: number, validity: Uint8Array | null): { readonly values: Int32Array; readonly needed: IntDType } | undefined {
  const range = { min: 0, max: 0 };
  const values = int64AsInt32(words, n, validity, range);
  return values === undefined ? undefined : { values, needed: neededIntDTypeOfRange(range.min, range.max) };
}

/** Timestamps of unit (0 s, 1 ms, 2 us, 3 ns) as microseconds (ours); nanoseconds round down (ColumnImporter's rule). */
export function toMicros(values: BigInt64Array, unit: number): BigInt64Array {
  if (unit === 2) return values;
  const out = new BigInt64Array(values.length);
  if (unit === 3) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const q = v / 1000n;
      out[i] = v % 1000n !== 0n && v < 0n ? q - 1n : q;
    }
  } else {
    const factor = unit === 1 ? 1000n : 1_000_000n;
    for (let i = 0; i < values.length; i++) out[i] = values[i] * factor;
  }
  return out;
}
