import { pageFail } from './page-data-error.js';

/** A read position over a page's bytes, with the varints Parquet's encodings use; every read is bounds-checked. */
export class ByteCursor {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}

  byte(): number {
    if (this.pos >= this.end) pageFail('a value runs past the end of its page');
    return this.bytes[this.pos++];
  }

  /** An unsigned LEB128 varint of up to 32 bits. */
  varint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    return pageFail('a varint longer than 32 bits');
  }

  /** An unsigned varint of up to 64 bits, as a BigInt. */
  varint64(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    return pageFail('a varint longer than 64 bits');
  }

  /** A zigzag varint as a BigInt (DELTA_BINARY_PACKED's first value and min deltas, of int32 or int64 columns). */
  zigzag64(): bigint {
    const n = this.varint64();
    return (n >> 1n) ^ -(n & 1n);
  }

  /** The next `n` bytes, as a view. */
  take(n: number): Uint8Array {
    if (n < 0 || n > this.end - this.pos) pageFail(`${n} bytes needed, ${this.end - this.pos} left in the page`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  uint32(): number {
    const b = this.take(4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }
}
