import { growArray } from '../aggregates/state-arrays.js';

const EMPTY = -1;

/**
 * Group ids for tuples of key ids (composite keys): an open-addressing table over `width` int32s per
 * group, hashed from the ids themselves, so no JS string or array is made per row.
 */
export class TupleTable {
  private tuples: Int32Array;
  private hashes = new Int32Array(64);
  private slots = new Int32Array(128).fill(EMPTY);
  private count = 0;

  constructor(readonly width: number) {
    this.tuples = new Int32Array(64 * width);
  }

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.tuples.byteLength + this.hashes.byteLength + this.slots.byteLength;
  }

  /** Key ids of group `g` for key column `k`. */
  keyId(g: number, k: number): number {
    return this.tuples[g * this.width + k];
  }

  /** Writes the group id of each row, given each key column's ids. */
  groupIds(keyIds: readonly Int32Array[], out: Int32Array, rows: number): void {
    const w = this.width;
    for (let i = 0; i < rows; i++) {
      let h = 0x811c9dc5;
      for (let k = 0; k < w; k++) h = Math.imul(h ^ keyIds[k][i], 0x01000193);
      h ^= h >>> 13;
      out[i] = this.find(keyIds, i, h);
    }
  }

  private find(keyIds: readonly Int32Array[], row: number, h: number): number {
    const w = this.width;
    let mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const g = this.slots[slot];
      if (g === EMPTY) break;
      if (this.hashes[g] === h) {
        let same = true;
        const base = g * w;
        for (let k = 0; k < w; k++) {
          if (this.tuples[base + k] !== keyIds[k][row]) {
            same = false;
            break;
          }
        }
        if (same) return g;
      }
      slot = (slot + 1) & mask;
    }
    const g = this.count++;
    if ((g + 1) * w > this.tuples.length) this.tuples = growArray(this.tuples, (g + 1) * w);
    if (g >= this.hashes.length) this.hashes = growArray(this.hashes, g + 1);
    for (let k = 0; k < w; k++) this.tuples[g * w + k] = keyIds[k][row];
    this.hashes[g] = h;
    this.slots[slot] = g;
    if (this.count * 2 > this.slots.length) {
      this.rehash();
      mask = this.slots.length - 1;
    }
    return g;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let g = 0; g < this.count; g++) {
      let slot = this.hashes[g] & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = g;
    }
    this.slots = slots;
  }
}
