import type { Chunk, Schema } from '@df-stream/core';

/** What the writers accept: a DataFrame, a LazyFrame, or any async iterable of chunks. */
export type ChunkInput = AsyncIterable<Chunk> | Iterable<Chunk>;

interface WithSchema {
  schema: Schema | (() => Promise<Schema>);
}

/** The schema a source announces before its first chunk, if it has one (DataFrame, LazyFrame). */
export async function announcedSchema(input: ChunkInput): Promise<Schema | undefined> {
  const candidate = (input as Partial<WithSchema>).schema;
  if (candidate === undefined) return undefined;
  return typeof candidate === 'function' ? await candidate.call(input) : candidate;
}

/** True when every chunk is in memory already and follows one schema (a DataFrame). */
export function inMemoryChunks(input: ChunkInput): readonly Chunk[] | undefined {
  const chunks = (input as { chunks?: unknown }).chunks;
  return Array.isArray(chunks) ? (chunks as Chunk[]) : undefined;
}

export async function* chunksOf(input: ChunkInput): AsyncGenerator<Chunk> {
  if (Symbol.asyncIterator in input) yield* input as AsyncIterable<Chunk>;
  else yield* input as Iterable<Chunk>;
}
