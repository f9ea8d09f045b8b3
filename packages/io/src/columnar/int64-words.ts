/**
 * int64 values (as little-endian 32-bit halves) as an Int32Array when every valid one fits int32: the high half is
 * the sign of the low one. No BigInt per value. Undefined when one does not fit.
 */
export function int64AsInt32(words: Int32Array, n: number, validity: Uint8Array | null): Int32Array | undefined {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    if (words[2 * i + 1] !== lo >> 31) {
      if (validity === null || (validity[i >>> 3] & (1 << (i & 7))) !== 0) return undefined;
      continue;
    }
    out[i] = lo;
  }
  return out;
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
