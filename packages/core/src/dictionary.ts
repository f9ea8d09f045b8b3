import { hashBytes, utf8Decoder, utf8Encoder } from './utf8.js';

const EMPTY = -1;

/**
 * A growing, append-only set of distinct strings stored as UTF-8 bytes + offsets (Arrow's utf8 layout),
 * with an open-addressing hash index over the bytes. One dictionary is shared by every chunk of a
 * categorical column and keeps growing across chunks, so codes stay comparable between chunks.
 *
 * Strings are interned from bytes (`internBytes`), so a reader can map a field to its code without
 * making a JS string; `get(code)` decodes a string once and caches it.
 */
export class Dictionary {
  private data: Uint8Array;
  private dataEnd = 0;
  private offsets: Int32Array;
  private hashes: Uint32Array;
  private slots: Int32Array;
  private count = 0;
  private readonly decoded: (string | undefined)[] = [];
  private scratch = new Uint8Array(256);

  constructor(initialCapacity = 16) {
    const cap = Math.max(8, initialCapacity);
    this.data = new Uint8Array(cap * 8);
    this.offsets = new Int32Array(cap + 1);
    this.hashes = new Uint32Array(cap);
    this.slots = new Int32Array(nextPow2(cap * 2)).fill(EMPTY);
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

  /** Bytes of the buffers this dictionary holds: string bytes, offsets, hashes and the hash index. */
  get byteLength(): number {
    return this.data.byteLength + this.offsets.byteLength + this.hashes.byteLength + this.slots.byteLength;
  }

  /** UTF-8 bytes of all strings, in code order. */
  get valueBytes(): Uint8Array {
    return this.data.subarray(0, this.dataEnd);
  }

  /** `size + 1` offsets into `valueBytes`. */
  get valueOffsets(): Int32Array {
    return this.offsets.subarray(0, this.count + 1);
  }

  /** The code of bytes [start, end), adding them if new. */
  internBytes(bytes: Uint8Array, start: number, end: number, hash = hashBytes(bytes, start, end)): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const code = this.slots[slot];
      if (code === EMPTY) break;
      if (this.hashes[code] === hash && this.equalsAt(code, bytes, start, end)) return code;
      slot = (slot + 1) & mask;
    }
    const code = this.append(bytes, start, end, hash);
    this.slots[slot] = code;
    if (this.count * 2 > this.slots.length) this.rehash();
    return code;
  }

  /** The code of bytes [start, end), or -1 if absent. */
  lookupBytes(bytes: Uint8Array, start: number, end: number, hash = hashBytes(bytes, start, end)): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const code = this.slots[slot];
      if (code === EMPTY) return -1;
      if (this.hashes[code] === hash && this.equalsAt(code, bytes, start, end)) return code;
      slot = (slot + 1) & mask;
    }
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

  private append(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const len = end - start;
    if (this.dataEnd + len > this.data.length) {
      const grown = new Uint8Array(Math.max(this.data.length * 2, this.dataEnd + len));
      grown.set(this.data.subarray(0, this.dataEnd));
      this.data = grown;
    }
    this.data.set(bytes.subarray(start, end), this.dataEnd);
    this.dataEnd += len;
    const code = this.count++;
    // `hashes` holds one entry per code and `offsets` one more; both grow together so neither overflows
    // (a typed-array write past the end is silently dropped, which would lose the entry's hash).
    if (code >= this.hashes.length) {
      const capacity = this.hashes.length * 2;
      const offsets = new Int32Array(capacity + 1);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const hashes = new Uint32Array(capacity);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.offsets[code + 1] = this.dataEnd;
    this.hashes[code] = hash;
    return code;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let code = 0; code < this.count; code++) {
      let slot = this.hashes[code] & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = code;
    }
    this.slots = slots;
  }
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
