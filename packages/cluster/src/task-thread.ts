/**
 * A worker's task, run on a thread of its own: the aggregation is CPU-bound, and the process's main
 * thread must stay free to renew BullMQ's job locks (a blocked loop looks like a dead worker).
 */

import { randomBytes } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { DfError, type ErrorWire, Schema } from '@df-stream/core';
import { HashAggregator } from '@df-stream/core/internal';
import { decodePartial, encodePartial, installNodeRuntime, runSplitTask } from '@df-stream/engine';
import { writeFeather } from '@df-stream/io';
import { jobDir, loadBlob, storeBlob } from './blob-store.js';
import { checkAllowed, fromWireSplit } from './split-reader.js';
import type { BlobRef, MergeResult, MergeTask, SplitResult, SplitTask } from './task-payload.js';

export type ThreadInput =
  | { readonly kind: 'split'; readonly task: SplitTask; readonly allowedRoots: readonly string[] }
  | { readonly kind: 'merge'; readonly task: MergeTask; readonly children: readonly SplitResult[] };

export type ThreadMessage =
  | { readonly type: 'progress'; readonly rows: number; readonly bytesRead: number }
  | { readonly type: 'split-done'; readonly result: SplitResult }
  | { readonly type: 'merge-done'; readonly result: MergeResult }
  | { readonly type: 'error'; readonly error: ErrorWire };

/** The split task every local thread runs too; over its memory share it writes its states out (the merge combines them). */
async function runSplit(task: SplitTask, allowedRoots: readonly string[], post: (m: ThreadMessage) => void): Promise<SplitResult> {
  const dir = jobDir(task.sharedDir, task.jobId);
  checkAllowed(task.split.args[0], allowedRoots);
  const blobs: BlobRef[] = [];
  const { rows, bytesRead } = await runSplitTask(
    { split: fromWireSplit(task.split), keys: task.keys, aggs: task.aggs, memoryLimit: task.memoryLimit, positionBase: task.positionBase },
    {
      // Partials can be stored side by side (two from one chunk): each takes its number, and its place, when it comes.
      partial: async (p) => {
        const i = blobs.length;
        blobs.length = i + 1;
        blobs[i] = await storeBlob(encodePartial(p), dir, `s${task.index}-${i}`, task.inlineBytes);
      },
      progress: (rows, bytesRead) => post({ type: 'progress', rows, bytesRead }),
    },
  );
  return { index: task.index, rows, bytesRead, blobs };
}

async function runMerge(task: MergeTask, children: readonly SplitResult[]): Promise<MergeResult> {
  const dir = jobDir(task.sharedDir, task.jobId);
  const schema = new Schema(task.inputSchema);
  const aggregator = new HashAggregator(task.keys, task.aggs, { memoryLimit: task.memoryLimit, chunkSize: task.chunkSize }, schema);
  const path = join(dir, `result-${randomBytes(4).toString('hex')}.feather`);
  try {
    // In split order, one blob at a time: the result (even float sums) is the same on every run.
    let rows = 0;
    for (const child of children) {
      rows += child.rows;
      for (const ref of child.blobs) aggregator.mergeCompact(decodePartial(await loadBlob(ref, dir)));
    }
    const groups = aggregator.stats.groups;
    await writeFeather(aggregator.finish(), path);
    const { size } = await stat(path);
    if (size > task.inlineBytes) return { groups, rows, result: { kind: 'file', name: path.slice(dir.length + 1), bytes: size } };
    const bytes = await readFile(path);
    await rm(path, { force: true });
    return { groups, rows, result: await storeBlob(bytes, dir, 'result', task.inlineBytes) };
  } finally {
    aggregator.dispose();
  }
}

/** Tasks come one at a time on a long-lived thread: modules load and the JIT warms up once, not per task. */
function serve(): void {
  const port = parentPort;
  if (port === null) return;
  port.on('message', (input: ThreadInput) => {
    const post = (m: ThreadMessage): void => port.postMessage(m);
    const work =
      input.kind === 'split'
        ? runSplit(input.task, input.allowedRoots, post).then((result) => post({ type: 'split-done', result }))
        : runMerge(input.task, input.children).then((result) => post({ type: 'merge-done', result }));
    work.catch((e: unknown) => post({ type: 'error', error: DfError.from(e).toWire() }));
  });
}

if (parentPort !== null && workerData === 'df-stream-task-thread') {
  // A merge past its memory share spills to this machine's temp files.
  installNodeRuntime();
  serve();
}
