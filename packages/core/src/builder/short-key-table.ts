import type { Dictionary } from '../dictionary.js';

/**
 * Entries of a key table: it starts small (a column of few values stays in L1) and stops doubling at 2^21
 * entries (32 MiB), enough for the default categorical cap of 1M values.
 */
const MIN_ENTRIES = 64;
const MAX_ENTRIES = 1 << 21;
/**
 * Entries up to which a table doubles at half full; bigger ones double at four fifths. A small table stays in the
 * cache whatever its load, and fewer collisions keep its probes short; past it, the table's size decides how often a
 * probe misses the cache. At 1e5 12-byte keys a table four fifths full (2 MiB) took 48-70 ns a probe against 94-164
 * at half full (4 MiB) in a micro-benchmark; q3 (1e5 id3 keys) paired 0.957 CSV, 0.960 Parquet, 0.894 Feather. At
 * 100 keys (q1) the half-full table stays: four fifths measured 1.05 there.
 */
const SMALL_ENTRIES = 1 << 14;
/** Ints per entry: words 0..2 of the key, then its code and length (`code << LENGTH_BITS | length`; 0: free). */
const ENTRY = 4;
const LENGTH_BITS = 5;
const LENGTH_MASK = (1 << LENGTH_BITS) - 1;
/** Keys longer than this have a fourth word, kept per code in `tails`. */
const INLINE_BYTES = 12;
/** Codes an entry holds: 27 bits beside the length. */
const MAX_CODE = 2 ** (32 - LENGTH_BITS);

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
  return (Math.imul(mix, 0x9e3779b1) >>> shift) * ENTRY;
}

/**
 * The entry of the key (w0..w3, len) in a key table, probing from `slot`: its own, or the free entry where it
 * belongs (see `isFree`). A key of more than 12 bytes also matches its fourth word, in `tails` by code. The
 * table is never full, so the probe ends.
 */
export function findKey(keys: Int32Array, tails: Int32Array, slot: number, w0: number, w1: number, w2: number, w3: number, len: number): number {
  for (;;) {
    const e = keys[slot + 3];
    if (
      e === 0 ||
      ((e & LENGTH_MASK) === len && keys[slot] === w0 && keys[slot + 1] === w1 && keys[slot + 2] === w2 && (len <= INLINE_BYTES || tails[e >>> LENGTH_BITS] === w3))
    ) {
      return slot;
    }
    slot = slot + ENTRY === keys.length ? 0 : slot + ENTRY;
  }
}

/** Whether the entry `findKey` gave is free: the key is not in the table. */
export function isFree(keys: Int32Array, slot: number): boolean {
  return keys[slot + 3] === 0;
}

/** The code of the key at a used entry. */
export function entryCode(keys: Int32Array, slot: number): number {
  return keys[slot + 3] >>> LENGTH_BITS;
}

/**
 * An index of a categorical column's short values (1..16 bytes) into its dictionary, beside the dictionary's
 * own: one probe reads one entry and compares a few ints, where the dictionary's index reads a slot, the
 * entry's offsets and its bytes. A reader keys a field as its four zero-padded little-endian words
 * (`KEY_MASKS`) and its length; equal tuples are equal bytes. Open addressing, linear probing, at most half
 * full while small and four fifths full past SMALL_ENTRIES, doubling up to MAX_ENTRIES. An entry is 4 ints, 16 bytes (four to a cache line, none straddling two):
 * words 0..2 and `code << 5 | length`. A fourth word is non-zero only past 12 bytes; those keys keep it in
 * `tails`, by code, read only when the first three match. The table is two thirds of what entries of 6 ints (every
 * key inline) took: 32 MiB for a million keys, not 48. (Alone, probes of a 1e5-key table took a third less time
 * that way; inside whole q3 scans, where the rest of the scan evicts the table too, no faster.) Readers probe `keys`
 * themselves (with `keySlot` and `findKey`) and re-read `keys`, `tails` and `shift` after `add`, which may grow them.
 */
export class ShortKeyTable {
  keys = new Int32Array(ENTRY * MIN_ENTRIES);
  /** Word 3 of the keys of more than 12 bytes, by code (0 for the others); empty until there is one. */
  tails = new Int32Array(0);
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

  /** Entries the table holds room for. */
  get entries(): number {
    return this.keys.length / ENTRY;
  }

  /** Bytes of the table: its entries and the fourth words of long keys. */
  get byteLength(): number {
    return this.keys.byteLength + this.tails.byteLength;
  }

  /** Adds the key with its code at the free entry `slot` (from `findKey`); past the last doubling, keeps what it has. */
  add(slot: number, w0: number, w1: number, w2: number, w3: number, len: number, code: number): void {
    const keys = this.keys;
    // Full only at MAX_ENTRIES: from there on the table keeps the keys it has, and misses intern. So are codes past
    // what an entry holds (far past any categorical cap).
    // The count at which the table doubles (see SMALL_ENTRIES), or at MAX_ENTRIES takes no more keys.
    const limit = growLimit(keys.length / ENTRY);
    if (this.count >= limit || code >= MAX_CODE) return;
    if (len > INLINE_BYTES) {
      if (code >= this.tails.length) this.growTails(code);
      this.tails[code] = w3;
    }
    keys[slot] = w0;
    keys[slot + 1] = w1;
    keys[slot + 2] = w2;
    keys[slot + 3] = (code << LENGTH_BITS) | len;
    if (++this.count >= limit && keys.length < ENTRY * MAX_ENTRIES) this.grow();
    else if (len > INLINE_BYTES) this.report();
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
    this.keys = new Int32Array(ENTRY * MIN_ENTRIES);
    this.tails = new Int32Array(0);
    this.shift = 32 - Math.log2(MIN_ENTRIES);
    this.count = 0;
    this.reportTo(undefined);
  }

  private report(): void {
    if (this.target !== undefined) this.target.readerIndexBytes = this.byteLength;
  }

  /** Room in `tails` for `code`, doubling (codes come in order, mostly). */
  private growTails(code: number): void {
    const tails = new Int32Array(Math.max(code + 1, 2 * this.tails.length, 64));
    tails.set(this.tails);
    this.tails = tails;
  }

  /** Doubles the table, re-placing its entries from their words (the fields' bytes are gone by now). */
  private grow(): void {
    const old = this.keys;
    const tails = this.tails;
    const keys = new Int32Array(old.length * 2);
    const shift = this.shift - 1;
    for (let j = 0; j < old.length; j += ENTRY) {
      const e = old[j + 3];
      if (e === 0) continue;
      const len = e & LENGTH_MASK;
      const w3 = len > INLINE_BYTES ? tails[e >>> LENGTH_BITS] : 0;
      // The keys are distinct, so the probe ends at a free entry.
      const slot = findKey(keys, tails, keySlot(old[j], old[j + 1], old[j + 2], w3, len, shift), old[j], old[j + 1], old[j + 2], w3, len);
      for (let k = 0; k < ENTRY; k++) keys[slot + k] = old[j + k];
    }
    this.keys = keys;
    this.shift = shift;
    this.report();
  }
}

/** The keys a table of `entries` entries holds before it doubles. */
function growLimit(entries: number): number {
  return entries <= SMALL_ENTRIES ? entries / 2 : Math.floor((entries * 4) / 5);
}
