import { bitmapByteLength } from '../bitmap.js';

/**
 * The validity bitmap of the chunk being built: all bits set until a row is marked null, and handed out only
 * when the chunk has nulls (a chunk without nulls carries no bitmap).
 */
export class ValidityBuilder {
  bits: Uint8Array;
  nullCount = 0;

  constructor(capacity: number) {
    this.bits = new Uint8Array(bitmapByteLength(capacity)).fill(0xff);
  }

  /** Room for `capacity` rows, keeping the bits so far. */
  resize(capacity: number): void {
    const bits = new Uint8Array(bitmapByteLength(capacity)).fill(0xff);
    bits.set(this.bits.subarray(0, Math.min(this.bits.length, bits.length)));
    this.bits = bits;
  }

  setNull(row: number): void {
    this.bits[row >>> 3] &= ~(1 << (row & 7));
    this.nullCount++;
  }

  isValid(row: number): boolean {
    return (this.bits[row >>> 3] & (1 << (row & 7))) !== 0;
  }

  /** The bitmap of rows [0, n) (a copy, bits past n clear), or null without nulls. */
  snapshot(n: number): Uint8Array | null {
    if (this.nullCount === 0) return null;
    const validity = this.bits.slice(0, bitmapByteLength(n));
    if ((n & 7) !== 0) validity[validity.length - 1] &= (1 << (n & 7)) - 1;
    return validity;
  }

  /** All rows valid again (the next chunk). */
  reset(): void {
    if (this.nullCount > 0) this.bits.fill(0xff);
    this.nullCount = 0;
  }

  /** `snapshot(n)`, then `reset()`. */
  finish(n: number): Uint8Array | null {
    const validity = this.snapshot(n);
    this.reset();
    return validity;
  }
}
