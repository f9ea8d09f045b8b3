import { type CompactPartial, groupByColumns, HashAggregator, type SplitTask } from '@df-stream/core/internal';
import { openSplit } from '@df-stream/io/split';

/** Where a split task's results go: partial states (possibly several, when it outgrows its memory) and progress. */
export interface SplitTaskOutput {
  /**
   * Called in order, each piece as soon as it is made (a thread posts it at once, moving its buffers, so a spill's
   * pieces are never all held by the task); the task waits for the returned promises before it reads on (a
   * cluster task stores blobs, a thread waits until the caller has taken the pieces). `partition` is set for a
   * spilled piece (`task.partitions`).
   */
  partial(partial: CompactPartial, partition?: number): void | Promise<void>;
  progress(rows: number, bytesRead: number): void;
}

export interface SplitTaskResult {
  readonly rows: number;
  readonly bytesRead: number;
}

/** Minimum time between progress reports of one task. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * The one loop that runs a split of a group-by, wherever it runs (a local worker thread, a cluster task): rebuild
 * the split, aggregate it, and hand over partial states: early, whenever they outgrow the task's memory share, and
 * at the end.
 */
export async function runSplitTask(task: SplitTask, out: SplitTaskOutput): Promise<SplitTaskResult> {
  const lazy = await openSplit(task.split);
  const used = groupByColumns(task.keys, task.aggs);
  const pending: (void | Promise<void>)[] = [];
  const handOver = (partial: CompactPartial, partition?: number): void => {
    pending.push(out.partial(partial, partition));
  };
  const aggregator = new HashAggregator(task.keys, task.aggs, {
    memoryLimit: task.memoryLimit,
    ...(task.partitions === undefined
      ? { flushCompact: (partial) => handOver(partial) }
      : { partitions: task.partitions, spillTo: (partition, partial) => handOver(partial, partition) }),
  });
  let rows = 0;
  let lastReport = 0;
  try {
    for await (const chunk of lazy.scan({ columns: used, keyColumns: task.keys })) {
      aggregator.consume(chunk, task.positionBase + rows);
      rows += chunk.numRows;
      if (pending.length > 0) {
        await Promise.all(pending);
        pending.length = 0;
      }
      const now = performance.now();
      if (now - lastReport > PROGRESS_INTERVAL_MS) {
        lastReport = now;
        out.progress(rows, lazy.progress().bytesRead);
      }
    }
  } catch (error) {
    // Pieces already handed over settle before the error goes on: none is left to reject unhandled.
    await Promise.allSettled(pending);
    throw error;
  }
  const bytesRead = lazy.progress().bytesRead;
  out.progress(rows, bytesRead);
  await out.partial(aggregator.exportCompact());
  aggregator.dispose();
  return { rows, bytesRead };
}
