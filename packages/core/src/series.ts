import type { Column, Value } from './column.js';
import type { DType } from './dtype.js';
import { DfError } from './errors/df-error.js';

/** One named column of a DataFrame across all its chunks. */
export class Series {
  readonly name: string;
  readonly dtype: DType;
  readonly chunks: readonly Column[];
  readonly length: number;
  private readonly starts: number[];

  constructor(name: string, dtype: DType, chunks: readonly Column[]) {
    this.name = name;
    this.dtype = dtype;
    this.chunks = chunks;
    this.starts = [];
    let n = 0;
    for (const c of chunks) {
      this.starts.push(n);
      n += c.length;
    }
    this.length = n;
  }

  get nullCount(): number {
    return this.chunks.reduce((n, c) => n + c.nullCount, 0);
  }

  /** Bytes of the chunks' own buffers (dictionaries excluded; see `DataFrame.memoryUsage`). */
  get byteLength(): number {
    return this.chunks.reduce((n, c) => n + c.byteLength, 0);
  }

  get(i: number): Value {
    if (i < 0 || i >= this.length) throw new DfError('usage', `row ${i} is out of range 0..${this.length - 1}`);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.chunks[lo].get(i - this.starts[lo]);
  }

  toArray(): Value[] {
    const out = new Array<Value>(this.length);
    let k = 0;
    for (const c of this.chunks) for (let i = 0; i < c.length; i++) out[k++] = c.get(i);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<Value> {
    for (const c of this.chunks) for (let i = 0; i < c.length; i++) yield c.get(i);
  }
}
