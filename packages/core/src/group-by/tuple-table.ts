const EMPTY = -1;
/** Most bits a key field is widened by beyond what its ids need, when it has to be widened (see `fit`). */
const HEADROOM_BITS = 4;
/** Rows per block of `touch` then probe. */
const TOUCH_BLOCK = 256;
/** An index smaller than this (256 KiB) stays in cache: no touching. */
const TOUCH_FROM_SLOTS = 1 << 16;
/** Most groups per slot before the index doubles (linear probing; the hash tag keeps probes cheap). */
const MAX_LOAD = 0.7;
/** Slots an index grows to at most by an estimate (the group id field of a slot has 30 bits). */
const MAX_SLOTS = 1 << 30;

/**
 * Group ids for tuples of key ids (composite keys). Each key id gets as many bits as its key's
 * distinct values need, and the tuple is bit-packed into as few int32 words as hold them (two words
 * for the six keys of db-benchmark's q10 instead of six): the table stores `words` int32s per group
 * and an open-addressing index of (group id, hash tag) pairs, so no JS string or array is made per
 * row and a probe reads one index entry and, on a tag match, one packed tuple. When a key's ids
 * outgrow their bits, the tuples are re-packed with wider fields (a few times per key at most).
 */
export class TupleTable {
  /** Bits of each key's field, its word and its shift within that word. */
  private bits: Int32Array;
  private wordOf: Int32Array;
  private shiftOf: Int32Array;
  private words = 0;
  private tuples: Int32Array = new Int32Array(0);
  /**
   * The hash index: a power-of-two number of slots, each EMPTY or a group id in its low `slotBits`
   * bits under a tag of the hash's high bits, so most mismatches are told without reading the tuple.
   */
  private slots: Int32Array = new Int32Array(0);
  private slotBits = 0;
  private count = 0;
  private packed: Int32Array[] = [];
  /** See `expectGroups`. */
  private expectedGroups = 0;
  /** Hashes of a block of rows (see `touch`). */
  private readonly hashes = new Int32Array(TOUCH_BLOCK);
  /** What `touch` read, kept so the reads are not optimized away; never used. */
  private touched = 0;

  constructor(readonly width: number) {
    this.bits = new Int32Array(width);
    this.wordOf = new Int32Array(width);
    this.shiftOf = new Int32Array(width);
    this.layout(new Int32Array(width).fill(1));
    this.slots = new Int32Array(64).fill(EMPTY);
    this.slotBits = 6;
  }

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.tuples.byteLength + this.slots.byteLength;
  }

  /**
   * Bytes a group takes when the table is full: its tuple, and its share of the index at the most load. (Bytes per
   * group held mislead while the tuples have grown ahead of the index: 125 for q10's 17 at 734,003 groups.)
   */
  get groupBytes(): number {
    return 4 * this.words + 4 / MAX_LOAD;
  }

  /** Groups the index and the tuples hold before either grows. */
  get capacity(): number {
    return Math.min(Math.floor(this.slots.length * MAX_LOAD), Math.floor(this.tuples.length / this.words));
  }

  /** Key id of group `g` for key column `k`. */
  keyId(g: number, k: number): number {
    const w = this.tuples[g * this.words + this.wordOf[k]];
    return this.bits[k] === 32 ? w : (w >>> this.shiftOf[k]) & ((1 << this.bits[k]) - 1);
  }

  /** Key ids for key column `k` of groups [start, end), or of groups `order[start..end)`, written into `out`. */
  keyColumn(k: number, start: number, end: number, order: Int32Array | null = null, out = new Int32Array(end - start)): Int32Array {
    const W = this.words;
    const tuples = this.tuples;
    const word = this.wordOf[k];
    const shift = this.shiftOf[k];
    const mask = this.bits[k] === 32 ? -1 : (1 << this.bits[k]) - 1;
    if (order === null) for (let j = start, p = start * W + word; j < end; j++, p += W) out[j - start] = (tuples[p] >>> shift) & mask;
    else for (let j = start; j < end; j++) out[j - start] = (tuples[order[j] * W + word] >>> shift) & mask;
    return out;
  }

  /**
   * Key ids of every key column for the groups `groups`, in that order (into the arrays `into` when given, each
   * long enough): each group's tuple is read once (a spill gathers a partition's groups from all over the table,
   * and one read of a tuple is one cache miss, not one a key).
   */
  keyColumnsOf(groups: Int32Array, into?: readonly Int32Array[]): Int32Array[] {
    const m = groups.length;
    const W = this.words;
    const width = this.width;
    const tuples = this.tuples;
    const { wordOf, shiftOf } = this;
    const masks = this.bits.map((b) => (b === 32 ? -1 : (1 << b) - 1));
    const out = Array.from({ length: width }, (_, k) => into?.[k].subarray(0, m) ?? new Int32Array(m));
    for (let j = 0; j < m; j++) {
      const base = groups[j] * W;
      for (let k = 0; k < width; k++) out[k][j] = (tuples[base + wordOf[k]] >>> shiftOf[k]) & masks[k];
    }
    return out;
  }

  /**
   * Bytes the table allocates to hold `groups` groups, grown as `add` grows it: the tuples to the expected groups
   * or by half, the index by doubling. The new arrays count whole: the old ones are held while they are copied.
   */
  grownBytes(groups: number): number {
    let bytes = 0;
    if (groups * this.words > this.tuples.length) bytes += 4 * Math.max(Math.max(groups, this.expectedGroups) * this.words, Math.floor(this.tuples.length * 1.5), 64);
    if (groups > this.slots.length * MAX_LOAD) {
      let size = this.slots.length * 2;
      while ((this.expectedGroups > size * MAX_LOAD || groups > size * MAX_LOAD) && size < MAX_SLOTS) size *= 2;
      bytes += 4 * size;
    }
    return bytes;
  }

  /** Makes room for `groups` groups without growing the index or the tuples on the way. */
  reserve(groups: number): void {
    let size = this.slots.length;
    while (groups > size * MAX_LOAD) size *= 2;
    if (size > this.slots.length) this.rehash(size);
    if (groups * this.words > this.tuples.length) {
      const tuples = new Int32Array(groups * this.words);
      tuples.set(this.tuples);
      this.tuples = tuples;
    }
  }

  /**
   * Groups the caller expects in the end (an estimate). When the table has to grow anyway, it grows to that
   * size at once: with millions of groups, re-placing every group at each doubling costs as much as the
   * lookups themselves.
   */
  expectGroups(groups: number): void {
    this.expectedGroups = Math.min(groups, MAX_SLOTS * MAX_LOAD);
  }

  /** Forgets every group and keeps the memory (index, tuples, field layout), to be filled again. */
  clear(): void {
    if (this.slots.length === 0) {
      this.slots = new Int32Array(64);
      this.slotBits = 6;
    }
    this.slots.fill(EMPTY);
    this.count = 0;
  }

  /** Drops the hash index (the tuples stay readable): for when no more rows will come. */
  releaseIndex(): void {
    this.slots = new Int32Array(0);
  }

  /**
   * Writes the group id of each row, given each key column's ids; `keySizes[k]` bounds key k's ids
   * (its number of distinct values so far).
   */
  groupIds(keyIds: readonly Int32Array[], out: Int32Array, rows: number, keySizes: readonly number[]): void {
    this.fit(keySizes);
    const W = this.words;
    if (this.packed.length !== W || this.packed[0].length < rows) {
      this.packed = Array.from({ length: W }, () => new Int32Array(Math.max(rows, 1024)));
    }
    const packed = this.packed;
    // Column at a time: pack each key's ids into its word of every row.
    const started = new Uint8Array(W);
    for (let k = 0; k < this.width; k++) {
      const dst = packed[this.wordOf[k]];
      const src = keyIds[k];
      const shift = this.shiftOf[k];
      if (started[this.wordOf[k]] === 0) {
        started[this.wordOf[k]] = 1;
        if (shift === 0) dst.set(src.subarray(0, rows));
        else for (let i = 0; i < rows; i++) dst[i] = src[i] << shift;
      } else for (let i = 0; i < rows; i++) dst[i] |= src[i] << shift;
    }
    if (W === 1) this.find1(packed[0], out, rows);
    else if (W === 2) this.find2(packed[0], packed[1], out, rows);
    else this.findN(packed, out, rows);
  }

  private find1(a: Int32Array, out: Int32Array, rows: number): void {
    const hashes = this.hashes;
    for (let i0 = 0; i0 < rows; i0 += TOUCH_BLOCK) {
      const n = Math.min(TOUCH_BLOCK, rows - i0);
      for (let k = 0; k < n; k++) hashes[k] = mix(a[i0 + k]);
      this.touch(n);
      for (let k = 0; k < n; k++) {
        const i = i0 + k;
        const x = a[i];
        const h = hashes[k];
        const slots = this.slots;
        const bits = this.slotBits;
        const mask = slots.length - 1;
        const tag = (h >>> bits) >>> 1;
        let s = h & mask;
        let g: number;
        for (;;) {
          const e = slots[s];
          if (e === EMPTY) {
            g = this.add(s, h);
            this.tuples[g] = x;
            break;
          }
          g = e & mask;
          if (e >>> bits === tag && this.tuples[g] === x) break;
          s = (s + 1) & mask;
        }
        out[i] = g;
      }
    }
  }

  private find2(a: Int32Array, b: Int32Array, out: Int32Array, rows: number): void {
    const hashes = this.hashes;
    for (let i0 = 0; i0 < rows; i0 += TOUCH_BLOCK) {
      const n = Math.min(TOUCH_BLOCK, rows - i0);
      for (let k = 0; k < n; k++) hashes[k] = mix(a[i0 + k] ^ Math.imul(b[i0 + k], 0x9e3779b1));
      this.touch(n);
      for (let k = 0; k < n; k++) {
        const i = i0 + k;
        const x = a[i];
        const y = b[i];
        const h = hashes[k];
        const slots = this.slots;
        const bits = this.slotBits;
        const mask = slots.length - 1;
        const tag = (h >>> bits) >>> 1;
        let s = h & mask;
        let g: number;
        for (;;) {
          const e = slots[s];
          if (e === EMPTY) {
            g = this.add(s, h);
            this.tuples[2 * g] = x;
            this.tuples[2 * g + 1] = y;
            break;
          }
          g = e & mask;
          if (e >>> bits === tag && this.tuples[2 * g] === x && this.tuples[2 * g + 1] === y) break;
          s = (s + 1) & mask;
        }
        out[i] = g;
      }
    }
  }

  /**
   * Reads the first index slot of each of `hashes[0, n)` and the tuple it points to, keeping a value of no
   * meaning. With millions of groups both are cache misses; made here, in a loop whose loads do not depend on
   * each other, they overlap, where each probe alone would wait for its own two in turn (the same idea as
   * `Dictionary.touch`).
   */
  private touch(n: number): void {
    const hashes = this.hashes;
    const slots = this.slots;
    const mask = slots.length - 1;
    if (slots.length < TOUCH_FROM_SLOTS) return;
    const tuples = this.tuples;
    const W = this.words;
    let x = 0;
    for (let k = 0; k < n; k++) x ^= slots[hashes[k] & mask];
    for (let k = 0; k < n; k++) {
      const e = slots[hashes[k] & mask];
      if (e !== EMPTY) x ^= tuples[(e & mask) * W];
    }
    this.touched ^= x;
  }

  private findN(packed: Int32Array[], out: Int32Array, rows: number): void {
    const W = this.words;
    const hashes = this.hashes;
    for (let i0 = 0; i0 < rows; i0 += TOUCH_BLOCK) {
      const n = Math.min(TOUCH_BLOCK, rows - i0);
      for (let k = 0; k < n; k++) {
        let h = 0;
        for (let j = 0; j < W; j++) h = Math.imul(h ^ packed[j][i0 + k], 0x9e3779b1) ^ (h >>> 15);
        hashes[k] = mix(h);
      }
      this.touch(n);
      for (let k = 0; k < n; k++) {
        const i = i0 + k;
        const h = hashes[k];
        const slots = this.slots;
        const bits = this.slotBits;
        const mask = slots.length - 1;
        const tag = (h >>> bits) >>> 1;
        let s = h & mask;
        let g: number;
        for (;;) {
          const e = slots[s];
          if (e === EMPTY) {
            g = this.add(s, h);
            for (let j = 0; j < W; j++) this.tuples[g * W + j] = packed[j][i];
            break;
          }
          g = e & mask;
          if (e >>> bits === tag && this.sameTuple(g, packed, i)) break;
          s = (s + 1) & mask;
        }
        out[i] = g;
      }
    }
  }

  /** Group g's stored tuple equals row i of the packed key words. */
  private sameTuple(g: number, packed: Int32Array[], i: number): boolean {
    const W = this.words;
    for (let j = 0; j < W; j++) if (this.tuples[g * W + j] !== packed[j][i]) return false;
    return true;
  }

  /** A new group in free slot `s` (its tuple is written by the caller). */
  private add(s: number, h: number): number {
    const g = this.count++;
    if ((g + 1) * this.words > this.tuples.length) this.tuples = growTuples(this.tuples, Math.max(g + 1, this.expectedGroups) * this.words);
    this.slots[s] = this.entry(g, h);
    if (this.count > this.slots.length * MAX_LOAD) {
      let size = this.slots.length * 2;
      while (this.expectedGroups > size * MAX_LOAD && size < MAX_SLOTS) size *= 2;
      // The new tuple is written after this returns: index it now, from its hash.
      this.rehash(size, g, h);
    }
    return g;
  }

  /** A slot's content for group g of hash h: the tag (high hash bits) over the group id. */
  private entry(g: number, h: number): number {
    return ((((h >>> this.slotBits) >>> 1) << this.slotBits) | g) & 0x7fffffff;
  }

  /** Rebuilds the index with `size` slots, hashing the stored tuples again (`h` is group `pending`'s hash). */
  private rehash(size: number, pending = -1, h = 0): void {
    const slots = new Int32Array(size).fill(EMPTY);
    this.slots = slots;
    this.slotBits = Math.log2(size);
    const mask = size - 1;
    for (let g = 0; g < this.count; g++) {
      const hash = g === pending ? h : this.hashOf(g);
      let s = hash & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = this.entry(g, hash);
    }
  }

  /** Widens key fields that `keySizes` no longer fit, re-packing the stored tuples. */
  private fit(keySizes: readonly number[]): void {
    let ok = true;
    for (let k = 0; k < this.width; k++) if (bitsFor(keySizes[k]) > this.bits[k]) ok = false;
    if (ok) return;
    const oldBits = this.bits.slice();
    const oldWord = this.wordOf.slice();
    const oldShift = this.shiftOf.slice();
    const oldWords = this.words;
    const oldTuples = this.tuples;
    const want = new Int32Array(this.width);
    // Exact bits for every key (a key that stopped growing gives its headroom back), ...
    for (let k = 0; k < this.width; k++) want[k] = bitsFor(keySizes[k]);
    const words = packedWords(want);
    // ... and headroom, up to HEADROOM_BITS, for each key that outgrew its field, where it costs no extra word:
    // a key still collecting values (a million ids arriving over the whole input) would otherwise re-pack
    // every tuple and re-hash the index at each power of two.
    for (let extra = 1; extra <= HEADROOM_BITS; extra++) {
      for (let k = 0; k < this.width; k++) {
        if (bitsFor(keySizes[k]) <= this.bits[k] || want[k] >= 31) continue;
        want[k]++;
        if (packedWords(want) > words) want[k]--;
      }
    }
    this.layout(want);
    const n = this.count;
    const W = this.words;
    const tuples = new Int32Array(Math.max(64 * W, Math.ceil((oldTuples.length / Math.max(1, oldWords)) * W)));
    for (let g = 0; g < n; g++) {
      for (let k = 0; k < this.width; k++) {
        const w = oldTuples[g * oldWords + oldWord[k]];
        const id = oldBits[k] === 32 ? w : (w >>> oldShift[k]) & ((1 << oldBits[k]) - 1);
        tuples[g * W + this.wordOf[k]] |= id << this.shiftOf[k];
      }
    }
    this.tuples = tuples;
    // Hashes are of the packed words: rebuild the index.
    this.rehash(this.slots.length);
  }

  private hashOf(g: number): number {
    const W = this.words;
    const t = this.tuples;
    if (W === 1) return mix(t[g]);
    if (W === 2) return mix(t[2 * g] ^ Math.imul(t[2 * g + 1], 0x9e3779b1));
    let h = 0;
    for (let j = 0; j < W; j++) h = Math.imul(h ^ t[g * W + j], 0x9e3779b1) ^ (h >>> 15);
    return mix(h);
  }

  private layout(bits: Int32Array): void {
    this.words = pack(bits, this.wordOf, this.shiftOf);
    this.bits.set(bits);
  }
}

/** First-fit decreasing packing of key fields of `bits` into 32-bit words; returns the number of words. */
function pack(bits: Int32Array, wordOf: Int32Array, shiftOf: Int32Array): number {
  const order = Array.from({ length: bits.length }, (_, k) => k).sort((a, b) => bits[b] - bits[a] || a - b);
  const used: number[] = [];
  for (const k of order) {
    let w = used.findIndex((u) => u + bits[k] <= 32);
    if (w < 0) {
      w = used.length;
      used.push(0);
    }
    wordOf[k] = w;
    shiftOf[k] = used[w];
    used[w] += bits[k];
  }
  return used.length;
}

function packedWords(bits: Int32Array): number {
  return pack(bits, new Int32Array(bits.length), new Int32Array(bits.length));
}

/** Bits for ids in [0, size). */
function bitsFor(size: number): number {
  let b = 1;
  while (b < 32 && 2 ** b < size) b++;
  return b;
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Grows by half rather than doubling: the tuples are the largest per-group buffer. */
function growTuples(a: Int32Array, n: number): Int32Array {
  const out = new Int32Array(Math.max(n, Math.floor(a.length * 1.5), 64));
  out.set(a);
  return out;
}
