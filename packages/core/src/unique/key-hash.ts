import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn } from '../column.js';
import type { Dictionary } from '../dictionary.js';
import { hashBytes } from '../utf8.js';

const NULL_HASH = 0x1b873593;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A hash of each row's key values, equal for equal keys in any chunk (values, never chunk-local codes): what cuts
 * rows into spill partitions. A number hashes by its float64 bits (-0 as 0, one NaN), so an int8 chunk and an
 * int32 chunk of the same column agree; an int64 within 2^53 hashes as that number; a categorical as its bytes,
 * like utf8. `dictionaryHashes` caches the entries' hashes per dictionary.
 */
export function hashKeyRows(columns: readonly Column[], rows: number, dictionaryHashes: Map<Dictionary, Int32Array>): Int32Array {
  const out = new Int32Array(rows);
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const values = new Int32Array(rows);
  for (const column of columns) {
    const bits = column.validity;
    if (column instanceof NumberColumn) {
      const v = column.values;
      for (let i = 0; i < rows; i++) {
        const x = v[i];
        f64[0] = x === 0 ? 0 : x !== x ? Number.NaN : x;
        values[i] = Math.imul(u32[0] ^ Math.imul(u32[1], 0x85ebca6b), 0xc2b2ae35);
      }
    } else if (column instanceof BigIntColumn) {
      const v = column.values;
      for (let i = 0; i < rows; i++) {
        const x = v[i];
        if (x <= MAX_SAFE && x >= -MAX_SAFE) {
          f64[0] = Number(x);
          values[i] = Math.imul(u32[0] ^ Math.imul(u32[1], 0x85ebca6b), 0xc2b2ae35);
        } else values[i] = Math.imul(Number(BigInt.asIntN(32, x)) ^ Math.imul(Number(BigInt.asIntN(32, x >> 32n)), 0x85ebca6b), 0xc2b2ae35);
      }
    } else if (column instanceof BoolColumn) {
      for (let i = 0; i < rows; i++) values[i] = ((column.values[i >>> 3] >>> (i & 7)) & 1) + 0x2545f491;
    } else if (column instanceof CategoricalColumn) {
      const entries = entryHashes(column.dictionary, dictionaryHashes);
      const codes = column.codes;
      for (let i = 0; i < rows; i++) values[i] = entries[codes[i]];
    } else {
      const { offsets, data } = column;
      for (let i = 0; i < rows; i++) values[i] = hashBytes(data, offsets[i], offsets[i + 1]);
    }
    for (let i = 0; i < rows; i++) {
      const x = bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0 ? NULL_HASH : values[i];
      const h = out[i];
      out[i] = Math.imul(h ^ x, 0x9e3779b1) ^ (h >>> 15);
    }
  }
  // Final avalanche: partitions take the high bits.
  for (let i = 0; i < rows; i++) {
    let h = out[i];
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    out[i] = h;
  }
  return out;
}

function entryHashes(dictionary: Dictionary, cache: Map<Dictionary, Int32Array>): Int32Array {
  let hashes = cache.get(dictionary);
  if (hashes !== undefined && hashes.length === dictionary.size) return hashes;
  const from = hashes?.length ?? 0;
  const grown = new Int32Array(dictionary.size);
  if (hashes !== undefined) grown.set(hashes);
  const offsets = dictionary.valueOffsets;
  const bytes = dictionary.valueBytes;
  for (let code = from; code < grown.length; code++) grown[code] = hashBytes(bytes, offsets[code], offsets[code + 1]);
  cache.set(dictionary, grown);
  hashes = grown;
  return hashes;
}
