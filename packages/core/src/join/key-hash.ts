import { BigIntColumn, type BoolColumn, CategoricalColumn, type Column, NumberColumn, Utf8Column } from '../column.js';
import type { Dictionary } from '../dictionary.js';
import { hashBytes } from '../utf8.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const NULL_HASH = 0x1b873593;

/**
 * Row hashes of join keys for cutting both sides into partitions: equal keys hash alike on both sides whatever
 * their storage (int32 5, int64 5 and float 5.0 by the number; utf8 and categorical by the UTF-8 bytes, a
 * categorical once per dictionary entry). Not the hash table's hash: only which partition a row goes to.
 */
export class KeyHasher {
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);
  private readonly entryHashes = new Map<Dictionary, { hashes: Int32Array; count: number }>();

  /** Writes the hash of the key tuple of each of the `rows` rows into `out`. */
  hash(keys: readonly Column[], out: Int32Array, rows: number): void {
    out.fill(0, 0, rows);
    for (const c of keys) this.mix(c, out, rows);
  }

  private mix(c: Column, out: Int32Array, rows: number): void {
    const bits = c.validity;
    if (c instanceof CategoricalColumn) {
      const entries = this.entriesOf(c.dictionary);
      const codes = c.codes;
      for (let i = 0; i < rows; i++) out[i] = combine(out[i], entries[codes[i]]);
    } else if (c instanceof Utf8Column) {
      const { offsets, data } = c;
      for (let i = 0; i < rows; i++) out[i] = combine(out[i], hashBytes(data, offsets[i], offsets[i + 1]) | 0);
    } else if (c instanceof NumberColumn) {
      const values = c.values;
      for (let i = 0; i < rows; i++) out[i] = combine(out[i], this.number(values[i]));
    } else if (c instanceof BigIntColumn) {
      const values = c.values;
      for (let i = 0; i < rows; i++) {
        const v = values[i];
        let h: number;
        if (v <= MAX_SAFE && v >= -MAX_SAFE) h = this.number(Number(v));
        else {
          const x = Number(v);
          // A value no double holds can meet only the same int64: hash its two halves.
          h = BigInt(x) === v ? this.number(x) : Number(BigInt.asIntN(32, v)) ^ Number(BigInt.asIntN(32, v >> 32n));
        }
        out[i] = combine(out[i], h);
      }
    } else {
      const b = c as BoolColumn;
      for (let i = 0; i < rows; i++) out[i] = combine(out[i], (b.values[i >>> 3] >>> (i & 7)) & 1);
    }
    if (bits !== null) for (let i = 0; i < rows; i++) if (((bits[i >>> 3] >>> (i & 7)) & 1) === 0) out[i] = NULL_HASH;
  }

  private number(v: number): number {
    // -0 is 0; every NaN is one key.
    this.f64[0] = v === 0 ? 0 : v !== v ? Number.NaN : v;
    return Math.imul(this.u32[0] ^ Math.imul(this.u32[1], 0x85ebca6b), 0xc2b2ae35);
  }

  private entriesOf(dict: Dictionary): Int32Array {
    let e = this.entryHashes.get(dict);
    if (e === undefined) {
      e = { hashes: new Int32Array(Math.max(16, dict.size)), count: 0 };
      this.entryHashes.set(dict, e);
    }
    if (e.count < dict.size) {
      // A reader's dictionary grows across chunks: hash the new entries only.
      if (e.hashes.length < dict.size) {
        const grown = new Int32Array(dict.size * 2);
        grown.set(e.hashes);
        e.hashes = grown;
      }
      for (let code = e.count; code < dict.size; code++) {
        const bytes = dict.bytesOf(code);
        e.hashes[code] = hashBytes(bytes, 0, bytes.length) | 0;
      }
      e.count = dict.size;
    }
    return e.hashes;
  }
}

function combine(h: number, x: number): number {
  return Math.imul(h ^ x, 0x9e3779b1) ^ (h >>> 15);
}

/** The partition (of `2^bits`) of a row hash at recursion `level`: each level mixes the hash with its own seed. */
export function partitionOf(h: number, level: number, bits: number): number {
  let x = Math.imul(h ^ Math.imul(level + 1, 0x27d4eb2f), 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> (32 - bits);
}
