import { Chunk } from '../chunk.js';
import { DEFAULT_CHUNK_SIZE } from '../chunk-size.js';
import type { Dictionary } from '../dictionary.js';
import type { Schema } from '../schema.js';
import { unifyChunks } from '../unify-chunks.js';
import { columnSortWords } from './column-sort-words.js';
import { concatColumns, gatherRows } from './gather-rows.js';
import { concatWords, radixOrder } from './radix-sort.js';
import type { SortKey } from './sort-spec.js';

/**
 * The rows of `chunks` sorted by `keys` (stable), as chunks of `chunkSize` rows: the in-memory sort. Only the key
 * columns are copied (into one column each, for the radix sort's normalized words); the output gathers every
 * column from the input chunks, one output chunk at a time, so a caller that spills each chunk as it comes holds
 * the input plus one chunk. Chunks of differing dtypes are unified first.
 */
export function sortChunks(
  chunks: readonly Chunk[],
  keys: readonly SortKey[],
  chunkSize = DEFAULT_CHUNK_SIZE,
  rankCache?: Map<Dictionary, Uint32Array>,
): { schema: Schema; chunks: Iterable<Chunk> } | undefined {
  const live = chunks.filter((c) => c.numRows > 0);
  if (live.length === 0) return undefined;
  const unified = unifyChunks(live);
  const input = unified.chunks;
  const n = input.reduce((s, c) => s + c.numRows, 0);
  const words = keys.map((k) => {
    const j = unified.schema.indexOf(k.column);
    if (j < 0) unified.schema.field(k.column);
    return columnSortWords(concatColumns(input.map((c) => c.columns[j])), k, rankCache);
  });
  const order = radixOrder(n, concatWords(words));
  return { schema: unified.schema, chunks: gatherInOrder(input, order, chunkSize) };
}

function* gatherInOrder(input: readonly Chunk[], order: Int32Array, chunkSize: number): Generator<Chunk> {
  const starts = new Int32Array(input.length + 1);
  for (let c = 0; c < input.length; c++) starts[c + 1] = starts[c] + input[c].numRows;
  const schema = input[0].schema;
  const width = schema.length;
  const n = order.length;
  // The chunk of each input row, filled in order: one read per output row instead of a binary search.
  const chunkOf = input.length <= 0x10000 ? new Uint16Array(n) : new Int32Array(n);
  for (let c = 0; c < input.length; c++) chunkOf.fill(c, starts[c], starts[c + 1]);
  for (let s = 0; s < n; s += chunkSize) {
    const m = Math.min(chunkSize, n - s);
    const src = new Int32Array(m);
    const rows = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      const r = order[s + j];
      const c = chunkOf[r];
      src[j] = c;
      rows[j] = r - starts[c];
    }
    const columns = new Array(width);
    for (let k = 0; k < width; k++) {
      columns[k] = gatherRows(
        input.map((c) => c.columns[k]),
        src,
        rows,
        m,
      );
    }
    yield new Chunk(schema, columns);
  }
}
