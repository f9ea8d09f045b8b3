import type { Dictionary } from '../dictionary.js';

/**
 * Entries of a key table: it starts small (a column of few values stays in L1) and stops doubling at 2^21
 * entries (48 MiB), enough for the default categorical cap of 1M values.
 */
const MIN_ENTRIES = 64;
const MAX_ENTRIES = 1 << 21;

/** For a field of length n (1..16), the masks keeping its bytes of words 0..3: `KEY_MASKS[n * 4 + k]`. */
export const KEY_MASKS = Int32Array.from({ length: 68 }, (_, i) => {
  const bytes = Math.max(0, Math.min(4, (i >> 2) - (i & 3) * 4));
  return bytes === 4 ? -1 : (1 << (bytes * 8)) - 1;
});

/**
 * The entry (its index in the table's Int32Array) where a key table with 2^(32 - shift) entries starts
 * looking for the key (w0..w3, len): the words mixed, then Fibonacci hashing (high bits of a golden multiply).
 */
export function keySlot(w0: number, w1: number, w2: number, w3: number, len: number, shift: number): number {
  const mix = w0 ^ Math.imul(w1, 0x27d4eb2d) ^ Math.imul(w2 ^ len, 0x165667b1) ^ Math.imul(w3, 0x85ebca6b);
  return (Math.imul(mix, 0x9e3779b1) >>> shift) * 6;
}

/**
 * The entry of the key (w0..w3, len) in a key table, probing from `slot`: its own, or the free entry where it
 * belongs (length 0). The table is never full, so the probe ends.
 */
export function findKey(keys: Int32Array, slot: number, w0: number, w1: number, w2: number, w3: number, len: number): number {
  for (;;) {
    const l = keys[slot + 4];
    if (l === 0 || (l === len && keys[slot] === w0 && keys[slot + 1] === w1 && keys[slot + 2] === w2 && keys[slot + 3] === w3)) return slot;
    slot = slot + 6 === keys.length ? 0 : slot + 6;
  }
}

/**
 * An index of a categorical column's short values (1..16 bytes) into its dictionary, beside the dictionary's
 * own: one probe reads one entry and compares five ints, where the dictionary's index reads a slot, the
 * entry's offsets and its bytes. A reader keys a field as its four zero-padded little-endian words
 * (`KEY_MASKS`) and its length; equal tuples are equal bytes. Open addressing, linear probing, at most half
 * full, doubling up to MAX_ENTRIES. Per entry 6 ints: the four words, the length (0: empty entry) and the
 * code; 24 bytes an entry, so 48 to 96 bytes per distinct short value. Readers probe `keys` themselves (with
 * `keySlot` and `findKey`) and re-read `keys` and `shift` after `add`, which may double the table.
 */
export class ShortKeyTable {
  keys = new Int32Array(6 * MIN_ENTRIES);
  /** 32 - log2(entries of `keys`), for `keySlot`. */
  shift = 32 - Math.log2(MIN_ENTRIES);
  private count = 0;
  /** The dictionary the codes index while a reader reads into it, told the table's bytes (`readerIndexBytes`). */
  private target: Dictionary | undefined;

  /** Whether the table tells a dictionary its bytes (`reportTo`). */
  get reporting(): boolean {
    return this.target !== undefined;
  }

  /** Entries in use. */
  get size(): number {
    return this.count;
  }

  /** Entries the table holds room for (`keys.length / 6`). */
  get entries(): number {
    return this.keys.length / 6;
  }

  /** Adds the key with its code at the free entry `slot` (from `findKey`); past the last doubling, keeps what it has. */
  add(slot: number, w0: number, w1: number, w2: number, w3: number, len: number, code: number): void {
    const keys = this.keys;
    // Half full only at MAX_ENTRIES: from there on the table keeps the keys it has, and misses intern.
    if (this.count * 12 >= keys.length) return;
    keys[slot] = w0;
    keys[slot + 1] = w1;
    keys[slot + 2] = w2;
    keys[slot + 3] = w3;
    keys[slot + 4] = len;
    keys[slot + 5] = code;
    if (++this.count * 12 >= keys.length && keys.length < 6 * MAX_ENTRIES) this.grow();
  }

  /**
   * From now on tells `dictionary` the table's bytes as they change; undefined stops (the reader is done: its table
   * is garbage), and the dictionary told before is told 0.
   */
  reportTo(dictionary: Dictionary | undefined): void {
    if (this.target !== undefined) this.target.readerIndexBytes = 0;
    this.target = dictionary;
    this.report();
  }

  /** Empties the table (its dictionary was dropped: the one it reported to is told 0, and no other is told). */
  reset(): void {
    this.keys = new Int32Array(6 * MIN_ENTRIES);
    this.shift = 32 - Math.log2(MIN_ENTRIES);
    this.count = 0;
    this.reportTo(undefined);
  }

  private report(): void {
    if (this.target !== undefined) this.target.readerIndexBytes = this.keys.byteLength;
  }

  /** Doubles the table, re-placing its entries from their words (the fields' bytes are gone by now). */
  private grow(): void {
    const old = this.keys;
    const keys = new Int32Array(old.length * 2);
    const shift = this.shift - 1;
    for (let j = 0; j < old.length; j += 6) {
      const len = old[j + 4];
      if (len === 0) continue;
      // The keys are distinct, so the probe ends at a free entry.
      const slot = findKey(keys, keySlot(old[j], old[j + 1], old[j + 2], old[j + 3], len, shift), old[j], old[j + 1], old[j + 2], old[j + 3], len);
      for (let k = 0; k < 6; k++) keys[slot + k] = old[j + k];
    }
    this.keys = keys;
    this.shift = shift;
    this.report();
  }
}
