import type { SplitRunner } from '../runtime/split-runner.js';
import type { SourceSplit } from '../scan-source.js';
import type { AggSpec } from './agg-spec.js';
import type { HashAggregator } from './hash-aggregator.js';
import type { CompactPartial } from './partial-aggregate.js';

/**
 * Row positions of split i start at (i + 1) * 2^40: input order survives the merge (2^40 rows per split; the
 * rows the calling thread read itself, before and in split 0, come first, from 0).
 */
const POSITION_STRIDE = 2 ** 40;

/** What a group-by's workers are given besides their splits. */
export interface SplitWorkersOptions {
  readonly keys: readonly string[];
  readonly aggs: readonly AggSpec[];
  /** Bytes each worker holds besides its group states (its thread and reader), reserved from the budget. */
  readonly overhead: number;
  /** Each worker's share of the room for group states. */
  readonly memoryLimit: number;
  /** Rows and bytes all workers have read so far. */
  readonly onProgress: (rows: number, bytes: number) => void;
}

/**
 * Worker threads aggregating splits 1.. of a group-by's input (the calling thread reads split 0) into the calling
 * thread's aggregator: a worker's final states are merged as they come, what it spilled on the way is stored as
 * partition pieces for the merge at the end. Started `pending`, they read while the calling thread decides whether
 * they pay: what they hand over meanwhile waits (each worker waits with it, so at most one spill's pieces each) until
 * `keep` takes it or `cancel` drops it, and their progress is not reported (rows that may be read again here).
 */
export class SplitWorkers {
  /** Settles when every worker is done; rejects with the first failure (or the reason they were stopped). */
  readonly done: Promise<void>;
  /** What the workers hold of the budget while they run (their threads, readers and state shares). */
  readonly reservedBytes: number;
  private readonly abort = new AbortController();
  private cancelled = false;
  private decide: (() => void) | undefined;
  private readonly decided: Promise<void> | undefined;

  constructor(runner: SplitRunner, aggregator: HashAggregator, splits: readonly SourceSplit[], options: SplitWorkersOptions, pending = false) {
    const { governor, partitions } = aggregator;
    const { keys, aggs, memoryLimit } = options;
    const held = splits.map(() => {
      const r = governor.reserve('a worker thread');
      r.force(options.overhead + memoryLimit);
      return r;
    });
    this.reservedBytes = splits.length * (options.overhead + memoryLimit);
    if (pending) this.decided = new Promise<void>((resolve) => (this.decide = resolve));
    const tasks = splits.map((split, i) => ({ split, keys, aggs, memoryLimit, partitions, positionBase: (i + 2) * POSITION_STRIDE }));
    const take = (partial: CompactPartial, partition?: number): void => {
      // Called off: this thread reads their rows itself (a piece that waited, or a message already on its way).
      if (this.cancelled) return;
      if (partition === undefined) aggregator.mergeCompact(partial);
      else aggregator.spillPiece(partition, partial);
    };
    const onPartial = (partial: CompactPartial, partition?: number): void | Promise<void> =>
      this.decide === undefined ? take(partial, partition) : this.decided?.then(() => take(partial, partition));
    const onProgress = (rows: number, bytes: number): void => {
      if (this.decide === undefined && !this.cancelled) options.onProgress(rows, bytes);
    };
    this.done = runner.run(tasks, onPartial, onProgress, this.abort.signal).finally(() => {
      for (const h of held) h.release();
    });
    // A worker's failure stops the calling thread's reading too, at its next chunk (`check`).
    this.done.catch((e: unknown) => this.abort.abort(e));
  }

  /** Throws the workers' failure, if one came. */
  check(): void {
    this.abort.signal.throwIfAborted();
  }

  /** The workers pay: what they handed over while pending is taken, and what they hand over from now on. */
  keep(): void {
    this.settle();
  }

  /** Calls the workers off, so that the calling thread can read their splits itself: what they handed over is dropped. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    this.abort.abort(new Error('the workers were called off'));
    this.settle();
    await this.done.catch(() => undefined);
  }

  /** Stops the workers after the calling thread failed with `e`, and waits for them to end. */
  async fail(e: unknown): Promise<void> {
    this.cancelled = true;
    this.abort.abort(e);
    this.settle();
    await this.done.catch(() => undefined);
  }

  private settle(): void {
    const decide = this.decide;
    this.decide = undefined;
    decide?.();
  }
}
