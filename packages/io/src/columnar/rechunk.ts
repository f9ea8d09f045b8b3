import type { Chunk } from '@df-stream/core';
import { concatChunks } from './concat-chunks.js';

/**
 * Re-cuts a stream of chunks into chunks of exactly `chunkSize` rows (the last may be shorter).
 * A chunk that already has the right size passes through untouched, so a reader whose batches match
 * the chunk size copies nothing; small batches (Parquet row-group tails, small IPC batches) are joined.
 */
export async function* rechunk(source: AsyncIterable<Chunk>, chunkSize: number): AsyncGenerator<Chunk> {
  let pending: Chunk[] = [];
  let pendingRows = 0;
  for await (const chunk of source) {
    if (chunk.numRows === 0) continue;
    if (pendingRows === 0 && chunk.numRows === chunkSize) {
      yield chunk;
      continue;
    }
    let rest = chunk;
    while (pendingRows + rest.numRows >= chunkSize) {
      const take = chunkSize - pendingRows;
      pending.push(take === rest.numRows ? rest : rest.slice(0, take));
      rest = take === rest.numRows ? rest.slice(0, 0) : rest.slice(take);
      yield concatChunks(pending);
      pending = [];
      pendingRows = 0;
    }
    if (rest.numRows > 0) {
      pending.push(rest);
      pendingRows += rest.numRows;
    }
  }
  if (pendingRows > 0) yield concatChunks(pending);
}
