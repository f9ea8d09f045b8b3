/**
 * A worker thread's side of a parallel group-by: rebuild one split of the input, aggregate it, and post
 * partial states back (early, whenever they outgrow this worker's share of the memory budget).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SourceSplit } from '../scan-source.js';
import type { AggSpec } from './agg-spec.js';
import { HashAggregator } from './hash-aggregator.js';
import { openSplit } from './open-split.js';
import { type CompactPartial, compactBuffers } from './partial-aggregate.js';

export interface WorkerTask {
  readonly split: SourceSplit;
  readonly keys: readonly string[];
  readonly aggs: readonly AggSpec[];
  readonly memoryLimit: number;
  /** Added to row positions so that first/last and output order follow the input across splits. */
  readonly positionBase: number;
}

export type WorkerMessage =
  | { readonly type: 'partial'; readonly partial: CompactPartial }
  | { readonly type: 'progress'; readonly rows: number; readonly bytesRead: number }
  | { readonly type: 'done'; readonly rows: number }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly hint?: string };

async function run(task: WorkerTask): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  try {
    const lazy = await openSplit(task.split);
    const used = [...new Set([...task.keys, ...task.aggs.flatMap((a) => (a.column === null ? [] : [a.column]))])];
    const aggregator = new HashAggregator(task.keys, task.aggs, {
      memoryLimit: task.memoryLimit,
      // Partials are handed over, not copied: their buffers move to the merging thread.
      flushCompact: (partial) => port.postMessage({ type: 'partial', partial } satisfies WorkerMessage, compactBuffers(partial)),
    });
    let row = 0;
    let lastReport = 0;
    for await (const chunk of lazy.scan({ columns: used, keyColumns: task.keys })) {
      aggregator.consume(chunk, task.positionBase + row);
      row += chunk.numRows;
      const now = performance.now();
      if (now - lastReport > 100) {
        lastReport = now;
        port.postMessage({ type: 'progress', rows: row, bytesRead: lazy.progress().bytesRead } satisfies WorkerMessage);
      }
    }
    port.postMessage({ type: 'progress', rows: row, bytesRead: lazy.progress().bytesRead } satisfies WorkerMessage);
    const last = aggregator.exportCompact();
    port.postMessage({ type: 'partial', partial: last } satisfies WorkerMessage, compactBuffers(last));
    port.postMessage({ type: 'done', rows: row } satisfies WorkerMessage);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ type: 'error', name: err.name, message: err.message, hint: (err as { hint?: string }).hint } satisfies WorkerMessage);
  }
}

if (parentPort !== null && workerData !== null && workerData !== undefined) void run(workerData as WorkerTask);
