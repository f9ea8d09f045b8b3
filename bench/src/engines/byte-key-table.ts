/**
 * An open-addressing hash table from byte strings to dense group ids (0, 1, 2, ...), looked up straight from the
 * read buffer: no JS string is made for a key until the result is built. This is the core trick of the fast
 * one-billion-row-challenge solutions, kept small.
 */
export class ByteKeyTable {
  size = 0;
  private slots: Int32Array;
  private hashes = new Int32Array(64);
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private pool = new Uint8Array(1 << 16);
  private poolUsed = 0;

  constructor(capacity = 1024) {
    this.slots = new Int32Array(nextPowerOfTwo(capacity * 2)).fill(-1);
  }

  /** The group id of `bytes[start, end)`, adding the key if it is new. */
  idOf(bytes: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) return this.insert(slot, hash, bytes, start, end);
      if (this.hashes[id] === hash && this.equals(id, bytes, start, end)) return id;
      slot = (slot + 1) & mask;
    }
  }

  key(id: number): string {
    const start = this.starts[id];
    return Buffer.from(this.pool.buffer, this.pool.byteOffset + start, this.lengths[id]).toString('utf8');
  }

  private equals(id: number, bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (this.lengths[id] !== length) return false;
    const pool = this.pool;
    const at = this.starts[id];
    for (let i = 0; i < length; i++) if (pool[at + i] !== bytes[start + i]) return false;
    return true;
  }

  private insert(slot: number, hash: number, bytes: Uint8Array, start: number, end: number): number {
    const id = this.size++;
    if (id === this.hashes.length) {
      this.hashes = grow(this.hashes);
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
    }
    const length = end - start;
    while (this.poolUsed + length > this.pool.length) {
      const pool = new Uint8Array(this.pool.length * 2);
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(start, end), this.poolUsed);
    this.hashes[id] = hash;
    this.starts[id] = this.poolUsed;
    this.lengths[id] = length;
    this.poolUsed += length;
    this.slots[slot] = id;
    // Keep the load under one half so probes stay short.
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
