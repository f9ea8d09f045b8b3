/**
 * int64 values (timestamps, epoch milliseconds) read and written as their two 32-bit words: exact integer
 * arithmetic on doubles over all of int64, without making a BigInt per row (reading a BigInt64Array element
 * allocates one).
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Index of the low and high word of value i within its pair. */
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

export const US_PER_DAY = 86_400_000_000;
/** 86_400_000_000 = 2^11 * 42_187_500: dividing in two steps keeps every intermediate below 2^53. */
const DAY_OVER_2048 = 42_187_500;

/** A view of the array's words: pair i holds value i. */
export function int64Words(values: BigInt64Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}

/**
 * Each timestamp as its day (floored: 1969-12-31T23:00 is day -1) and the microseconds into that day, exact for
 * every int64: `v >> 11` is exact in a double, and `floor(v / 2^11 / 42_187_500)` is `floor(v / 86_400_000_000)`.
 */
export function splitMicros(values: BigInt64Array, days: Int32Array, micros: Float64Array): void {
  const w = int64Words(values);
  for (let i = 0; i < values.length; i++) {
    const lo = w[2 * i + LO] >>> 0;
    const q = w[2 * i + HI] * 2_097_152 + Math.floor(lo / 2048);
    // Exact: q / 42_187_500 lies at least 1 / 42_187_500 from any integer it is not, more than half an ulp of a
    // quotient below 2^27 (|q| < 2^52), so rounding never carries it across one.
    const d = Math.floor(q / DAY_OVER_2048);
    const r = q - d * DAY_OVER_2048;
    days[i] = d;
    micros[i] = r * 2048 + (lo & 2047);
  }
}

/**
 * Writes `high * 2^shift + low` (0 <= low < 2^shift, shift <= 32, the result within int64) into pair i: callers
 * split a value too wide for a double into a high part and low bits so that every step stays exact. False (and
 * nothing written) when the value is outside int64.
 */
export function setInt64(words: Int32Array, i: number, high: number, shift: number, low: number): boolean {
  const unit = 2 ** (32 - shift);
  const hi = Math.floor(high / unit);
  if (hi < -2_147_483_648 || hi > 2_147_483_647) return false;
  words[2 * i + HI] = hi;
  words[2 * i + LO] = (high - hi * unit) * 2 ** shift + low;
  return true;
}

/** Writes the timestamp `days * US_PER_DAY + micros` (0 <= micros < US_PER_DAY) into pair i; false if outside int64. */
export function setMicros(words: Int32Array, i: number, days: number, micros: number): boolean {
  const high = days * DAY_OVER_2048 + Math.floor(micros / 2048);
  return setInt64(words, i, high, 11, micros % 2048);
}
