import { Utf8Column } from '../column.js';
import type { Dictionary } from '../dictionary.js';
import { utf8Encoder } from '../utf8.js';
import { valueText } from '../value-text.js';
import type { NumberBuilder } from './number-builder.js';

/** Utf8 storage of the chunk being built: `offsets` (row i is bytes [offsets[i], offsets[i + 1])) and `data`. */
export class Utf8Builder {
  offsets: Int32Array;
  data: Uint8Array = new Uint8Array(0);
  dataEnd = 0;

  constructor(capacity: number) {
    this.offsets = new Int32Array(capacity + 1);
  }

  /** Room for `capacity` rows, keeping the offsets so far. */
  resize(capacity: number): void {
    const offsets = new Int32Array(capacity + 1);
    offsets.set(this.offsets.subarray(0, Math.min(offsets.length, this.offsets.length)));
    this.offsets = offsets;
  }

  /** Starts over with rows [0, row) empty (and room for 64 KiB of data: a reader's batches fill it). */
  start(row: number): void {
    this.offsets.fill(0, 0, row + 1);
    this.dataEnd = 0;
    if (this.data.length === 0) this.data = new Uint8Array(1 << 16);
  }

  /** Room for `need` bytes of data, keeping data[0, dataEnd). */
  growData(need: number): void {
    const data = new Uint8Array(Math.max(need, this.data.length * 2, 256));
    data.set(this.data.subarray(0, this.dataEnd));
    this.data = data;
  }

  /** Row `row` holds bytes [s, e) of `b`. */
  appendBytes(b: Uint8Array, s: number, e: number, row: number): void {
    const len = e - s;
    if (this.dataEnd + len > this.data.length) this.growData(this.dataEnd + len);
    this.data.set(b.subarray(s, e), this.dataEnd);
    this.dataEnd += len;
    this.offsets[row + 1] = this.dataEnd;
  }

  /** Row `row` holds `text` as UTF-8. */
  appendString(text: string, row: number): void {
    if (this.dataEnd + text.length * 3 > this.data.length) this.growData(this.dataEnd + text.length * 3);
    this.dataEnd += utf8Encoder.encodeInto(text, this.data.subarray(this.dataEnd)).written;
    this.offsets[row + 1] = this.dataEnd;
  }

  /** Row `row` is empty (a null). */
  setEmpty(row: number): void {
    this.offsets[row + 1] = this.dataEnd;
  }

  /** Rows [0, rows) become the strings of `codes` in `dict` (empty where `valid` has the bit clear). */
  setFromCodes(codes: Uint32Array, rows: number, dict: Dictionary, valid: Uint8Array): void {
    this.start(0);
    const offsets = this.offsets;
    for (let i = 0; i < rows; i++) {
      if ((valid[i >>> 3] & (1 << (i & 7))) !== 0) {
        const bytes = dict.bytesOf(codes[i]);
        if (this.dataEnd + bytes.length > this.data.length) this.growData(this.dataEnd + bytes.length);
        this.data.set(bytes, this.dataEnd);
        this.dataEnd += bytes.length;
      }
      offsets[i + 1] = this.dataEnd;
    }
  }

  /**
   * Rows [0, rows) become the text of the values in `num` (empty where `valid` has the bit clear): a column of
   * numbers, bools, dates or timestamps (`from`) that meets text is utf8 for good, and earlier values read as core's
   * `valueText` gives them, which is what unifying chunks does with earlier chunks, so chunk size does not matter.
   */
  setFromNumbers(num: NumberBuilder, rows: number, valid: Uint8Array, from: 'bool' | 'date' | 'timestamp' | 'number'): void {
    this.start(rows);
    const { values, bigs } = num;
    for (let i = 0; i < rows; i++) {
      if ((valid[i >>> 3] & (1 << (i & 7))) === 0) this.setEmpty(i);
      else if (from === 'bool') this.appendString(values[i] !== 0 ? 'true' : 'false', i);
      else if (from === 'date') this.appendString(valueText(values[i], 'date') as string, i);
      else if (from === 'timestamp') this.appendString(valueText((bigs as BigInt64Array)[i], 'timestamp') as string, i);
      else this.appendString(bigs !== null ? String(bigs[i]) : String(values[i]), i);
    }
  }

  /** Rows [0, n) as a column (copies), and the next chunk starts empty. */
  finish(n: number, validity: Uint8Array | null, nullCount: number): Utf8Column {
    const column = new Utf8Column(this.offsets.slice(0, n + 1), this.data.slice(0, this.dataEnd), validity, nullCount);
    this.dataEnd = 0;
    return column;
  }
}
