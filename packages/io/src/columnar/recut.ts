import { Chunk } from '@df-stream/core';
import { concatChunks } from './concat-chunks.js';
import { sliceView } from './slice-view.js';

/**
 * Chunks of about `chunkSize` rows from a reader's batches, copying as little as it can (where `rechunk` makes every
 * chunk exactly `chunkSize`): a batch of up to 1.5 chunks passes as it is, a larger one is cut into equal views, and
 * batches under half a chunk are joined until they make half a chunk.
 */
export async function* recut(source: AsyncIterable<Chunk>, chunkSize: number): AsyncGenerator<Chunk> {
  let pending: Chunk[] = [];
  let pendingRows = 0;
  const half = Math.max(1, Math.floor(chunkSize / 2));
  for await (const chunk of source) {
    const rows = chunk.numRows;
    if (rows === 0) continue;
    if (rows < half) {
      pending.push(chunk);
      pendingRows += rows;
      if (pendingRows >= half) {
        yield concatChunks(pending);
        pending = [];
        pendingRows = 0;
      }
      continue;
    }
    if (pending.length > 0) {
      yield concatChunks(pending);
      pending = [];
      pendingRows = 0;
    }
    if (rows <= chunkSize * 1.5) {
      yield chunk;
      continue;
    }
    const pieces = Math.ceil(rows / chunkSize);
    const size = Math.ceil(rows / pieces);
    for (let start = 0; start < rows; start += size) {
      const end = Math.min(rows, start + size);
      yield new Chunk(
        chunk.schema,
        chunk.columns.map((c) => sliceView(c, start, end)),
        end - start,
      );
    }
  }
  if (pending.length > 0) yield concatChunks(pending);
}
