import { Chunk } from '../chunk.js';
import { CategoricalColumn } from '../column.js';
import { unifyChunks } from '../unify-chunks.js';
import { gatherRows } from './gather-rows.js';
import { compareKeyRows, type KeyView, keyView } from './key-view.js';
import type { SortKey } from './sort-spec.js';
import { sortChunks } from './sorted-chunks.js';

/**
 * The first `k` rows by `keys` of a stream of chunks, in bounded memory: a max-heap of the best k rows seen (the
 * worst on top), each a (source chunk, row) pair with its input position for ties. A row enters only if it
 * sorts before the top, so most rows cost one comparison. Chunks the heap points into are compacted into one
 * chunk of at most k rows once they hold more than 2k + 64Ki rows. Never sorts the input, never spills.
 */
export class TopKHeap {
  private sources: Chunk[] = [];
  private views: KeyView[][] = [];
  private sourceRows = 0;
  private src: Int32Array;
  private row: Int32Array;
  private seq: Float64Array;
  private size = 0;
  private seen = 0;

  constructor(
    readonly k: number,
    readonly keys: readonly SortKey[],
  ) {
    // Grown as rows come: a k larger than the input costs what the input has, not k slots.
    const initial = Math.min(k, 1024);
    this.src = new Int32Array(initial);
    this.row = new Int32Array(initial);
    this.seq = new Float64Array(initial);
  }

  push(input: Chunk): void {
    if (this.k === 0 || input.numRows === 0) return;
    let chunk = input;
    if (this.sources.length > 0 && !sameStorage(this.sources[0], chunk)) {
      // A widened dtype or another dictionary: one chunk of kept rows, then both unified (rows stay where they are).
      this.compact();
      const unified = unifyChunks([this.sources[0], chunk]);
      this.setSources([unified.chunks[0]]);
      chunk = unified.chunks[1];
    }
    const s = this.sources.length;
    this.sources.push(chunk);
    this.views.push(this.keyViews(chunk));
    this.sourceRows += chunk.numRows;
    const views = this.views[s];
    for (let i = 0; i < chunk.numRows; i++) {
      const seq = this.seen++;
      if (this.size < this.k) {
        if (this.size === this.src.length) this.grow();
        this.src[this.size] = s;
        this.row[this.size] = i;
        this.seq[this.size] = seq;
        this.siftUp(this.size++);
        continue;
      }
      // Not before the worst kept row (a tie keeps the earlier row): not among the first k.
      if (compareKeyRows(views, i, this.views[this.src[0]], this.row[0], this.keys) >= 0) continue;
      this.src[0] = s;
      this.row[0] = i;
      this.seq[0] = seq;
      this.siftDown(0);
    }
    if (this.sourceRows > 2 * this.k + 65_536) this.compact();
  }

  private grow(): void {
    const n = Math.min(this.k, this.src.length * 2);
    const src = new Int32Array(n);
    const row = new Int32Array(n);
    const seq = new Float64Array(n);
    src.set(this.src);
    row.set(this.row);
    seq.set(this.seq);
    this.src = src;
    this.row = row;
    this.seq = seq;
  }

  /** The kept rows in key order (ties in input order). */
  result(chunkSize: number): Chunk[] {
    if (this.size === 0) return [];
    this.compact();
    return [...(sortChunks(this.sources, this.keys, chunkSize)?.chunks ?? [])];
  }

  /** Gathers the kept rows, in input order, into one chunk that becomes the only source. */
  private compact(): void {
    if (this.size === 0 || (this.sources.length === 1 && this.sourceRows === this.size)) return;
    const n = this.size;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => this.seq[a] - this.seq[b]);
    const src = new Int32Array(n);
    const row = new Int32Array(n);
    const seq = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      src[j] = this.src[order[j]];
      row[j] = this.row[order[j]];
      seq[j] = this.seq[order[j]];
    }
    const first = this.sources[0];
    const kept = new Chunk(
      first.schema,
      first.columns.map((_, c) =>
        gatherRows(
          this.sources.map((s) => s.columns[c]),
          src,
          row,
          n,
        ),
      ),
    );
    this.setSources([kept]);
    for (let j = 0; j < n; j++) {
      this.src[j] = 0;
      this.row[j] = j;
      this.seq[j] = seq[j];
    }
    for (let at = (n >> 1) - 1; at >= 0; at--) this.siftDown(at);
  }

  private setSources(sources: Chunk[]): void {
    this.sources = sources;
    this.views = sources.map((c) => this.keyViews(c));
    this.sourceRows = sources.reduce((s, c) => s + c.numRows, 0);
  }

  private keyViews(chunk: Chunk): KeyView[] {
    return this.keys.map((k) => keyView(chunk.column(k.column)));
  }

  /** Entry a sorts after entry b: by key, then by input position. */
  private after(a: number, b: number): boolean {
    const c = compareKeyRows(this.views[this.src[a]], this.row[a], this.views[this.src[b]], this.row[b], this.keys);
    return c > 0 || (c === 0 && this.seq[a] > this.seq[b]);
  }

  private swap(a: number, b: number): void {
    const s = this.src[a];
    const r = this.row[a];
    const q = this.seq[a];
    this.src[a] = this.src[b];
    this.row[a] = this.row[b];
    this.seq[a] = this.seq[b];
    this.src[b] = s;
    this.row[b] = r;
    this.seq[b] = q;
  }

  private siftUp(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.after(at, parent)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  private siftDown(at: number): void {
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) return;
      if (child + 1 < this.size && this.after(child + 1, child)) child++;
      if (!this.after(child, at)) return;
      this.swap(at, child);
      at = child;
    }
  }
}

/** Same dtypes and the same dictionaries: rows of both can be gathered into one chunk. */
function sameStorage(a: Chunk, b: Chunk): boolean {
  if (a.schema.length !== b.schema.length) return false;
  for (let j = 0; j < a.columns.length; j++) {
    const x = a.columns[j];
    const y = b.columns[j];
    if (x.dtype !== y.dtype) return false;
    if (x instanceof CategoricalColumn && y instanceof CategoricalColumn && x.dictionary !== y.dictionary) return false;
  }
  return true;
}
