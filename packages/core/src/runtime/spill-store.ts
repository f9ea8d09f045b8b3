import type { Chunk } from '../chunk.js';
import type { CompactPartial } from '../group-by/partial-aggregate.js';

/**
 * Where an operator puts state it has no room for (DuckDB's temporary file manager): sets of append-only
 * partitions, read back one at a time. Core knows only this interface; the Node runtime keeps the partitions in
 * temp files and removes them on dispose, on exit and on Ctrl-C.
 */
export interface SpillStore {
  /** A fresh spill area of `partitions` empty partitions of group-by partial states. */
  create(partitions: number): SpillArea<CompactPartial>;
  /** A fresh spill area of `partitions` empty partitions of chunks (sort runs, join and unique partitions). */
  createChunks(partitions: number): ChunkSpillArea;
}

export interface SpillArea<T = CompactPartial> {
  /** Appends a value to a partition; the caller may drop it afterwards. */
  append(partition: number, value: T): void;
  /** The values of a partition, in the order appended. */
  read(partition: number): Iterable<T>;
  /** Frees everything the area holds (idempotent). */
  dispose(): void;
}

/**
 * Chunks read back have the schema they were appended with and the same `Dictionary` objects for categorical
 * columns: dictionaries are append-only, so the area keeps them in memory and spills only the codes.
 */
export interface ChunkSpillArea extends SpillArea<Chunk> {
  /** Bytes of column buffers appended to a partition so far (what reading it back costs). */
  bytes(partition: number): number;
}
