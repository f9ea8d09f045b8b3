import { hashBytes, utf8Decoder, utf8Encoder } from './utf8.js';

/** Slot table marker of a free slot (in the code half of the pair). */
const EMPTY = -1;
/** 2^32 / golden ratio: a multiply whose high bits spread any hash evenly over the slots (Fibonacci hashing). */
const SPREAD = 0x9e3779b1;

/**
 * A growing, append-only set of distinct strings stored as UTF-8 bytes + offsets (Arrow's utf8 layout),
 * with an open-addressing hash index over the bytes. One dictionary is shared by every chunk of a
 * categorical column and keeps growing across chunks, so codes stay comparable between chunks.
 *
 * Strings are interned from bytes (`internBytes`), so a reader can map a field to its code without
 * making a JS string; `get(code)` decodes a string once and caches it.
 *
 * The index is one Int32Array of (hash, code) pairs with linear probing, at most half full: a probe reads the
 * hash beside the code, so a miss costs no trip to the entries, and a hit one (the byte comparison). The slot
 * of a hash is the high bits of `hash * SPREAD`, which stay even when the hash's low bits are not.
 */
export class Dictionary {
  private data: Uint8Array;
  private dataEnd = 0;
  private offsets: Int32Array;
  /** Pairs (hash, code); code is EMPTY in a free slot. */
  private slots: Int32Array;
  /** 32 - log2(slot count): the slot of a hash is `Math.imul(hash, SPREAD) >>> shift`. */
  private shift: number;
  private count = 0;
  private readonly decoded: (string | undefined)[] = [];
  private scratch = new Uint8Array(256);
  /**
   * Bytes of the index a reader keeps beside this dictionary while it reads (its `ShortKeyTable`: 32 MiB for a
   * million keys of up to 12 bytes, 4 bytes more a code once a key has 13-16). They are not the dictionary's, but live as long as it is being read into, so whoever
   * adopts it while reading (a group-by's key index) counts them too.
   */
  readerIndexBytes = 0;

  constructor(initialCapacity = 16) {
    const cap = Math.max(8, initialCapacity);
    this.data = new Uint8Array(cap * 8);
    this.offsets = new Int32Array(cap + 1);
    const slotCount = nextPow2(cap * 2);
    this.slots = emptySlots(slotCount);
    this.shift = 32 - Math.log2(slotCount);
  }

  /** Builds a dictionary holding `values` in order (duplicates collapse). */
  static from(values: Iterable<string>): Dictionary {
    const dict = new Dictionary();
    for (const v of values) dict.intern(v);
    return dict;
  }

  /** Number of distinct strings. */
  get size(): number {
    return this.count;
  }

  /** Bytes of the buffers this dictionary holds: string bytes, offsets and the hash index. */
  get byteLength(): number {
    return this.data.byteLength + this.offsets.byteLength + this.slots.byteLength;
  }

  /** UTF-8 bytes of all strings, in code order. */
  get valueBytes(): Uint8Array {
    return this.data.subarray(0, this.dataEnd);
  }

  /** `size + 1` offsets into `valueBytes`. */
  get valueOffsets(): Int32Array {
    return this.offsets.subarray(0, this.count + 1);
  }

  /** The code of bytes [start, end), adding them if new. `hash`, when given, must be `hashBytes` of them. */
  internBytes(bytes: Uint8Array, start: number, end: number, hash = hashBytes(bytes, start, end)): number {
    const slots = this.slots;
    const mask = slots.length - 2;
    hash |= 0;
    let i = (Math.imul(hash, SPREAD) >>> this.shift) << 1;
    for (;;) {
      const code = slots[i + 1];
      if (code === EMPTY) break;
      if (slots[i] === hash && this.equalsAt(code, bytes, start, end)) return code;
      i = (i + 2) & mask;
    }
    const code = this.append(bytes, start, end);
    slots[i] = hash;
    slots[i + 1] = code;
    if (this.count * 4 > slots.length) this.rehash();
    return code;
  }

  /** The code of bytes [start, end), or -1 if absent. `hash`, when given, must be `hashBytes` of them. */
  lookupBytes(bytes: Uint8Array, start: number, end: number, hash = hashBytes(bytes, start, end)): number {
    const slots = this.slots;
    const mask = slots.length - 2;
    hash |= 0;
    let i = (Math.imul(hash, SPREAD) >>> this.shift) << 1;
    for (;;) {
      const code = slots[i + 1];
      if (code === EMPTY) return -1;
      if (slots[i] === hash && this.equalsAt(code, bytes, start, end)) return code;
      i = (i + 2) & mask;
    }
  }

  /**
   * Reads, for each of `hashes[0, count)`, its first index slot and the entry found there (offsets and first
   * byte), and returns a value of no meaning. On a dictionary bigger than the caches, calling this before
   * interning a batch makes the memory reads of the whole batch overlap, instead of each `internBytes` waiting
   * for its own in turn.
   */
  touch(hashes: Int32Array, count: number): number {
    const slots = this.slots;
    const offsets = this.offsets;
    const data = this.data;
    const shift = this.shift;
    let x = 0;
    for (let k = 0; k < count; k++) x ^= slots[((Math.imul(hashes[k], SPREAD) >>> shift) << 1) + 1];
    for (let k = 0; k < count; k++) {
      const code = slots[((Math.imul(hashes[k], SPREAD) >>> shift) << 1) + 1];
      if (code >= 0) x ^= offsets[code + 1];
    }
    for (let k = 0; k < count; k++) {
      const code = slots[((Math.imul(hashes[k], SPREAD) >>> shift) << 1) + 1];
      if (code >= 0) x ^= data[offsets[code]];
    }
    return x;
  }

  intern(value: string): number {
    const n = this.encode(value);
    const code = this.internBytes(this.scratch, 0, n);
    if (this.decoded[code] === undefined) this.decoded[code] = value;
    return code;
  }

  lookup(value: string): number {
    const n = this.encode(value);
    return this.lookupBytes(this.scratch, 0, n);
  }

  get(code: number): string {
    let s = this.decoded[code];
    if (s === undefined) {
      s = utf8Decoder.decode(this.data.subarray(this.offsets[code], this.offsets[code + 1]));
      this.decoded[code] = s;
    }
    return s;
  }

  /** UTF-8 bytes of one entry (a view, not a copy). */
  bytesOf(code: number): Uint8Array {
    return this.data.subarray(this.offsets[code], this.offsets[code + 1]);
  }

  values(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.get(i);
    return out;
  }

  private encode(value: string): number {
    if (value.length * 3 > this.scratch.length) this.scratch = new Uint8Array(value.length * 3 + 16);
    return utf8Encoder.encodeInto(value, this.scratch).written;
  }

  private equalsAt(code: number, bytes: Uint8Array, start: number, end: number): boolean {
    const s = this.offsets[code];
    const len = this.offsets[code + 1] - s;
    if (len !== end - start) return false;
    const data = this.data;
    for (let i = 0; i < len; i++) if (data[s + i] !== bytes[start + i]) return false;
    return true;
  }

  private append(bytes: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (this.dataEnd + len > this.data.length) {
      const grown = new Uint8Array(Math.max(this.data.length * 2, this.dataEnd + len));
      grown.set(this.data.subarray(0, this.dataEnd));
      this.data = grown;
    }
    const data = this.data;
    let at = this.dataEnd;
    if (len <= 16) for (let k = start; k < end; k++) data[at++] = bytes[k];
    else {
      data.set(bytes.subarray(start, end), at);
      at += len;
    }
    this.dataEnd = at;
    const code = this.count++;
    // A typed-array write past the end is silently dropped, which would lose the entry: grow first.
    if (code + 1 >= this.offsets.length) {
      const offsets = new Int32Array(this.offsets.length * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    this.offsets[code + 1] = at;
    return code;
  }

  /** Doubles the slot table, re-placing the (hash, code) pairs: the hashes are kept, so no entry is re-hashed. */
  private rehash(): void {
    const old = this.slots;
    const slots = emptySlots(old.length);
    const mask = slots.length - 2;
    const shift = this.shift - 1;
    for (let j = 0; j < old.length; j += 2) {
      const code = old[j + 1];
      if (code === EMPTY) continue;
      const hash = old[j];
      let i = (Math.imul(hash, SPREAD) >>> shift) << 1;
      while (slots[i + 1] !== EMPTY) i = (i + 2) & mask;
      slots[i] = hash;
      slots[i + 1] = code;
    }
    this.slots = slots;
    this.shift = shift;
  }
}

/** A slot table of `count` free (hash, code) pairs. */
function emptySlots(count: number): Int32Array {
  const slots = new Int32Array(count * 2);
  for (let i = 1; i < slots.length; i += 2) slots[i] = EMPTY;
  return slots;
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
