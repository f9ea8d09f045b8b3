import type { CompactPartial } from '../group-by/partial-aggregate.js';

/**
 * Where an operator puts state it has no room for (DuckDB's temporary file manager): a set of append-only
 * partitions, read back one at a time. Core knows only this interface; the Node runtime keeps the partitions in
 * temp files and removes them on dispose, on exit and on Ctrl-C.
 */
export interface SpillStore {
  /** A fresh spill area of `partitions` empty partitions. */
  create(partitions: number): SpillArea;
}

export interface SpillArea {
  /** Appends a partial to a partition; the caller may drop it afterwards. */
  append(partition: number, partial: CompactPartial): void;
  /** The partials of a partition, in the order appended. */
  read(partition: number): Iterable<CompactPartial>;
  /** Frees everything the area holds (idempotent). */
  dispose(): void;
}
