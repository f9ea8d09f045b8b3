import { Chunk } from '../chunk.js';
import type { Column } from '../column.js';
import type { Dictionary } from '../dictionary.js';
import { columnSortWords } from './column-sort-words.js';
import { gatherRows } from './gather-rows.js';
import { compareKeyRows, type KeyView, keyView } from './key-view.js';
import type { RunShape } from './run-shape.js';
import type { SortKey } from './sort-spec.js';

/**
 * The k-way merge of sorted runs (each an iterable of sorted chunks, earlier input first): a binary heap of the
 * runs by their current row, ties to the earlier run, so the merge is stable. Output chunks of `chunkSize` rows
 * are gathered from the runs' chunks the batch touched. Categorical keys compare by the ranks of their final
 * dictionary (`shape`), which grew while the input was read.
 */
export function* mergeRuns(runs: readonly Iterable<Chunk>[], keys: readonly SortKey[], shape: RunShape, chunkSize: number): Generator<Chunk> {
  const schema = shape.schema();
  const cache = new Map<Dictionary, Uint32Array>();
  const keyIndex = keys.map((k) => schema.indexOf(k.column));
  const keyRanks = keyIndex.map((j) => shape.ranks(j, cache));
  const r = runs.length;
  const iterators = runs.map((run) => run[Symbol.iterator]());
  const current: (Chunk | undefined)[] = new Array(r).fill(undefined);
  const views: KeyView[][] = new Array(r);
  const rowAt = new Int32Array(r);
  const load = (run: number): boolean => {
    for (;;) {
      const next = iterators[run].next();
      if (next.done === true) {
        current[run] = undefined;
        return false;
      }
      if (next.value.numRows === 0) continue;
      const chunk = shape.conform(next.value);
      current[run] = chunk;
      if (flat) words[run] = encode(chunk);
      else views[run] = keyIndex.map((j, k) => keyView(chunk.columns[j], keyRanks[k]));
      rowAt[run] = 0;
      return true;
    }
  };
  // Without utf8 keys, each run's current chunk gets its rows' normalized key words (as the in-memory sort makes
  // them, categoricals ranked in their final dictionary, null flags only for keys that have nulls), interleaved
  // row by row: a comparison is then a few unsigned reads, usually one.
  const flat = keyIndex.every((j) => schema.fields[j].dtype !== 'utf8');
  const wordOf: [number, number][] = [];
  if (flat) {
    keys.forEach((_, k) => {
      const width = wordCount(schema.fields[keyIndex[k]].dtype);
      for (let w = shape.hasNulls(keyIndex[k]) ? 0 : 1; w <= width; w++) wordOf.push([k, w]);
    });
  }
  const W = wordOf.length;
  const words: Uint32Array[] = new Array(r);
  const encode = (chunk: Chunk): Uint32Array => {
    const n = chunk.numRows;
    const out = new Uint32Array(n * W);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const scratch = new Uint32Array(n);
    const perKey = keys.map((key, k) => columnSortWords(chunk.columns[keyIndex[k]], key, cache));
    wordOf.forEach(([k, w], p) => {
      perKey[k].write(w, order, scratch);
      for (let i = 0, at = p; i < n; i++, at += W) out[at] = scratch[i];
    });
    return out;
  };
  const before = flat
    ? (a: number, b: number): boolean => {
        const x = words[a];
        const y = words[b];
        let i = rowAt[a] * W;
        let j = rowAt[b] * W;
        for (let w = 0; w < W; w++, i++, j++) {
          const u = x[i];
          const v = y[j];
          if (u !== v) return u < v;
        }
        return a < b;
      }
    : (a: number, b: number): boolean => {
        const c = compareKeyRows(views[a], rowAt[a], views[b], rowAt[b], keys);
        return c < 0 || (c === 0 && a < b);
      };
  const heap = new Int32Array(r);
  let size = 0;
  for (let run = 0; run < r; run++) if (load(run)) heap[size++] = run;
  const siftDown = (at: number): void => {
    const x = heap[at];
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && before(heap[child + 1], heap[child])) child++;
      if (!before(heap[child], x)) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = x;
  };
  for (let at = (size >> 1) - 1; at >= 0; at--) siftDown(at);

  // The chunks this output batch picks rows from, and each run's current chunk among them.
  let sources: Chunk[] = [];
  const sourceOf = new Int32Array(r);
  const startBatch = (): void => {
    sources = [];
    for (let run = 0; run < r; run++) {
      const c = current[run];
      if (c === undefined) continue;
      sourceOf[run] = sources.length;
      sources.push(c);
    }
  };
  const src = new Int32Array(chunkSize);
  const rows = new Int32Array(chunkSize);
  const emit = (m: number): Chunk => {
    const columns = schema.fields.map((_, j): Column => {
      const cols = sources.map((c) => c.columns[j]);
      return gatherRows(cols, src, rows, m);
    });
    return new Chunk(schema, columns);
  };
  startBatch();
  let m = 0;
  while (size > 0) {
    const top = heap[0];
    src[m] = sourceOf[top];
    rows[m] = rowAt[top];
    m++;
    if (++rowAt[top] >= (current[top] as Chunk).numRows) {
      if (load(top)) {
        sourceOf[top] = sources.length;
        sources.push(current[top] as Chunk);
      } else heap[0] = heap[--size];
    }
    if (size > 0) siftDown(0);
    if (m === chunkSize) {
      yield emit(m);
      m = 0;
      startBatch();
    }
  }
  if (m > 0) yield emit(m);
}

/** Value words of a key of this dtype (after its null flag): see `columnSortWords`. */
function wordCount(dtype: string): number {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'int64' || dtype === 'timestamp' ? 2 : 1;
}
