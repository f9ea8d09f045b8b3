import { Utf8Column } from '../../column.js';
import { utf8Decoder, utf8Encoder } from '../../utf8.js';

/**
 * Builds a utf8 column row by row into one growing byte buffer: string kernels copy byte ranges of their input
 * (trim, substr, split_part) or write bytes they compute, and only fall back to encoding a JS string when a row
 * needs one (a non-ASCII lower, a regexp replace).
 */
export class Utf8Writer {
  private bytes: Uint8Array;
  private pos = 0;
  private readonly offsets: Int32Array;
  private row = 0;

  constructor(rows: number, byteCapacity = 64) {
    this.offsets = new Int32Array(rows + 1);
    this.bytes = new Uint8Array(Math.max(16, byteCapacity));
  }

  /** Appends bytes [s, e) of `src` to the current row. */
  copy(src: Uint8Array, s: number, e: number): void {
    const len = e - s;
    if (len <= 0) return;
    this.reserve(len);
    const out = this.bytes;
    let p = this.pos;
    // Short copies (most fields) are cheaper as a loop than as a subarray + set.
    if (len <= 16) for (let k = s; k < e; k++) out[p++] = src[k];
    else {
      out.set(src.subarray(s, e), p);
      p += len;
    }
    this.pos = p;
  }

  /** Appends one byte to the current row. */
  byte(b: number): void {
    if (this.pos === this.bytes.length) this.reserve(1);
    this.bytes[this.pos++] = b;
  }

  /** Appends a JS string, UTF-8 encoded, to the current row. */
  string(s: string): void {
    this.reserve(s.length * 3);
    this.pos += utf8Encoder.encodeInto(s, this.bytes.subarray(this.pos)).written;
  }

  /** Ends the current row. */
  endRow(): void {
    this.offsets[++this.row] = this.pos;
  }

  /** Forgets every row, keeping the buffer (a scratch writer reused per dictionary entry). */
  reset(): void {
    this.pos = 0;
    this.row = 0;
  }

  /** The bytes written since the last `reset` as a string. */
  text(): string {
    return utf8Decoder.decode(this.bytes.subarray(0, this.pos));
  }

  /** The rows written as a column (the buffer trimmed to its length). */
  finish(validity: Uint8Array | null = null): Utf8Column {
    return new Utf8Column(this.offsets, this.bytes.slice(0, this.pos), validity);
  }

  private reserve(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
  }
}
