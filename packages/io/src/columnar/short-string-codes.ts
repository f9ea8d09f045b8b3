/**
 * Dictionary codes of strings of up to 12 bytes by four words (the length and the bytes, little-endian, zero past the
 * length): an open-addressing table of (words, code) rows, at most half full. A reader finds a short key's code with
 * four integer compares where `Dictionary.internBytes` hashes and compares its bytes: Utf8View's inline views are
 * these words already, and a Parquet page's short strings are read into them.
 */
export class ShortStringCodes {
  private rows = new Int32Array(5 * 1024);
  private count = 0;

  get(length: number, w1: number, w2: number, w3: number): number {
    const rows = this.rows;
    const mask = rows.length / 5 - 1;
    for (let slot = hash4(length, w1, w2, w3) & mask; ; slot = (slot + 1) & mask) {
      const at = 5 * slot;
      const code = rows[at + 4];
      if (code === 0) return -1;
      if (rows[at] === length && rows[at + 1] === w1 && rows[at + 2] === w2 && rows[at + 3] === w3) return code - 1;
    }
  }

  set(length: number, w1: number, w2: number, w3: number, code: number): void {
    if (2 * (this.count + 1) > this.rows.length / 5) this.grow();
    const rows = this.rows;
    const mask = rows.length / 5 - 1;
    let slot = hash4(length, w1, w2, w3) & mask;
    while (rows[5 * slot + 4] !== 0) slot = (slot + 1) & mask;
    const at = 5 * slot;
    rows[at] = length;
    rows[at + 1] = w1;
    rows[at + 2] = w2;
    rows[at + 3] = w3;
    rows[at + 4] = code + 1;
    this.count++;
  }

  private grow(): void {
    const old = this.rows;
    this.rows = new Int32Array(old.length * 2);
    this.count = 0;
    for (let at = 0; at < old.length; at += 5) if (old[at + 4] !== 0) this.set(old[at], old[at + 1], old[at + 2], old[at + 3], old[at + 4] - 1);
  }
}

function hash4(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ b ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ c ^ (h >>> 13), 0x85ebca6b);
  h = Math.imul(h ^ d ^ (h >>> 16), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The words of `bytes[start, start + length)` (length at most 12) that `ShortStringCodes` keys on, into `out[0..3]`. */
export function shortStringWords(bytes: Uint8Array, start: number, length: number, out: Int32Array): void {
  out[0] = length;
  out[1] = 0;
  out[2] = 0;
  out[3] = 0;
  for (let i = 0; i < length; i++) out[1 + (i >>> 2)] |= bytes[start + i] << (8 * (i & 3));
}
