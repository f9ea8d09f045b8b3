import type { ByteCursor } from './byte-cursor.js';
import { pageFail } from './page-data-error.js';
import { unpackBits } from './rle-hybrid.js';

/**
 * DELTA_BINARY_PACKED values of an INT32 column (or the lengths of the DELTA_*_BYTE_ARRAY encodings). Arithmetic wraps
 * at 32 bits as the writer's did, so no BigInt is made per value. Reads at most `limit` values (the page's count: a
 * header claiming more is corrupt).
 */
export function readDeltaInt32(c: ByteCursor, limit: number): Int32Array {
  const header = deltaHeader(c, limit);
  const out = new Int32Array(header.total);
  if (header.total === 0) return out;
  let value = Number(BigInt.asIntN(32, header.first));
  out[0] = value;
  let filled = 1;
  const deltas = new Int32Array(header.perMiniblock);
  while (filled < header.total) {
    const minDelta = Number(BigInt.asIntN(32, c.zigzag64()));
    const widths = c.take(header.miniblocks);
    for (let m = 0; m < header.miniblocks && filled < header.total; m++) {
      const width = widths[m];
      if (width > 32) pageFail(`a delta bit width of ${width} in an int32 column`);
      const bytes = (header.perMiniblock * width) / 8;
      const take = Math.min(header.perMiniblock, header.total - filled);
      if (c.pos + Math.ceil((take * width) / 8) > c.end) pageFail('a DELTA_BINARY_PACKED miniblock runs past the end of its page');
      unpackBits(c.bytes, c.pos, Math.min(c.pos + bytes, c.end), width, take, deltas, 0);
      c.pos = Math.min(c.pos + bytes, c.end);
      for (let i = 0; i < take; i++) {
        value = (value + minDelta + deltas[i]) | 0;
        out[filled++] = value;
      }
    }
  }
  return out;
}

/** DELTA_BINARY_PACKED values of an INT64 column (BigInt arithmetic: exact past 2^53, wrapping at 64 bits). */
export function readDeltaInt64(c: ByteCursor, limit: number): BigInt64Array {
  const header = deltaHeader(c, limit);
  const out = new BigInt64Array(header.total);
  if (header.total === 0) return out;
  let value = BigInt.asIntN(64, header.first);
  out[0] = value;
  let filled = 1;
  const lo = new Int32Array(header.perMiniblock);
  while (filled < header.total) {
    const minDelta = c.zigzag64();
    const widths = c.take(header.miniblocks);
    for (let m = 0; m < header.miniblocks && filled < header.total; m++) {
      const width = widths[m];
      if (width > 64) pageFail(`a delta bit width of ${width}`);
      const bytes = (header.perMiniblock * width) / 8;
      const end = Math.min(c.pos + bytes, c.end);
      const take = Math.min(header.perMiniblock, header.total - filled);
      if (c.pos + Math.ceil((take * width) / 8) > c.end) pageFail('a DELTA_BINARY_PACKED miniblock runs past the end of its page');
      if (width <= 32) {
        unpackBits(c.bytes, c.pos, end, width, take, lo, 0);
        for (let i = 0; i < take; i++) {
          value = BigInt.asIntN(64, value + minDelta + BigInt(lo[i] >>> 0));
          out[filled++] = value;
        }
      } else {
        for (let i = 0; i < take; i++) {
          const bit = i * width;
          const low = BigInt(bitsAt(c.bytes, c.pos, end, bit, 32) >>> 0);
          const high = BigInt(bitsAt(c.bytes, c.pos, end, bit + 32, width - 32) >>> 0);
          value = BigInt.asIntN(64, value + minDelta + ((high << 32n) | low));
          out[filled++] = value;
        }
      }
      c.pos = end;
    }
  }
  return out;
}

interface DeltaHeader {
  miniblocks: number;
  perMiniblock: number;
  total: number;
  first: bigint;
}

function deltaHeader(c: ByteCursor, limit: number): DeltaHeader {
  const blockSize = c.varint();
  const miniblocks = c.varint();
  const total = c.varint();
  const first = c.zigzag64();
  if (blockSize === 0 || blockSize % 128 !== 0 || miniblocks === 0 || blockSize % miniblocks !== 0 || (blockSize / miniblocks) % 32 !== 0) {
    pageFail(`a DELTA_BINARY_PACKED block of ${blockSize} values in ${miniblocks} miniblocks`);
  }
  if (total > limit) pageFail(`a DELTA_BINARY_PACKED run of ${total} values where the page has ${limit}`);
  return { miniblocks, perMiniblock: blockSize / miniblocks, total, first };
}

/** `n` (at most 32) bits from bit `bit` of `bytes[start..end)`, least significant first; zero past `end`. */
function bitsAt(bytes: Uint8Array, start: number, end: number, bit: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const b = bit + k;
    const p = start + (b >>> 3);
    if (p < end && (bytes[p] & (1 << (b & 7))) !== 0) v |= 1 << k;
  }
  return v;
}
