import type { Chunk } from '../chunk.js';
import type { AggSpec } from '../group-by/agg-spec.js';
import type { CompactPartial } from '../group-by/partial-aggregate.js';
import type { InterleavedSplits, ScanSource, SourceSplit } from '../scan-source.js';

/** One split of a group-by as plain data: what a worker thread or a cluster task needs to aggregate it. */
export interface SplitTask {
  readonly split: SourceSplit;
  readonly keys: readonly string[];
  readonly aggs: readonly AggSpec[];
  /** Bytes of group states the task holds before it hands a partial over and starts afresh. */
  readonly memoryLimit: number;
  /**
   * When set, states past `memoryLimit` are cut into this many partitions by key hash and handed over piece by
   * piece (`onPartial`'s `partition`), for the caller's spill files; else the whole partial is handed over.
   */
  readonly partitions?: number;
  /** Added to row positions so that first/last and output order follow the input across splits. */
  readonly positionBase: number;
}

/** What every part of a parallel scan is scanned for (`ScanOptions` as plain data). */
export interface SplitScanOptions {
  readonly columns?: readonly string[];
  readonly keyColumns?: readonly string[];
  /** Chunks a thread may have sent that the caller has not taken yet: it waits past them. */
  readonly ahead: number;
}

/**
 * Runs split tasks in parallel somewhere else (worker threads in Node); core's group-by only plans the splits and
 * merges the partials. Without one, a group-by reads its whole input on the calling thread.
 */
export interface SplitRunner {
  /** How many tasks it runs at once when the caller does not say. */
  readonly parallelism: number;
  /** Rebuilds a split on this thread, for the part the calling thread reads itself. */
  open(split: SourceSplit): Promise<ScanSource>;
  /**
   * Runs every task; `onPartial` gets their partial states as they come (on this thread): a task's final states
   * without `partition`, a spilled piece with it. A task waits until its piece is handled (`onPartial` returned, or
   * the promise it returned settled) before it reads on, so pieces never queue up in memory. `onProgress` gets the
   * rows and bytes all tasks have read so far. The first failure stops the rest and rejects; so does `signal`.
   */
  run(
    tasks: readonly SplitTask[],
    onPartial: (partial: CompactPartial, partition?: number) => void | Promise<void>,
    onProgress: (rows: number, bytesRead: number) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /**
   * Reads each lane of a source's `interleavedSplits` on a worker thread of its own and yields the chunks in part
   * order: the rows of a plain scan. `onProgress` gets the bytes all lanes have read so far. Stopping the iteration
   * stops the threads.
   */
  scan?(lanes: InterleavedSplits, options: SplitScanOptions, onProgress: (bytesRead: number) => void): AsyncIterable<Chunk>;
}
