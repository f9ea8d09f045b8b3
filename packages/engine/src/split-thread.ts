/**
 * A worker thread's side of a local parallel group-by: run one split task and post its partial states (their
 * buffers moved, not copied), progress, and the end or an error in the one wire format.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DfError } from '@df-stream/core';
import { compactBuffers, type SplitTask } from '@df-stream/core/internal';
import { runSplitTask } from './split-task.js';
import type { SplitThreadAck, SplitThreadMessage } from './split-thread-message.js';

async function serve(task: SplitTask): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const post = (m: SplitThreadMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  // Each partial resolves on its ack. The task waits for a chunk's pieces before it reads on: at most one spill's
  // pieces are in flight to the starting thread, which stores each as it comes.
  const acks: (() => void)[] = [];
  port.on('message', (m: SplitThreadAck) => {
    if (m.type === 'ack') acks.shift()?.();
  });
  try {
    const { rows } = await runSplitTask(task, {
      partial: (partial, partition) =>
        new Promise<void>((resolve) => {
          acks.push(resolve);
          post({ type: 'partial', partial, partition }, compactBuffers(partial));
        }),
      progress: (rows, bytesRead) => post({ type: 'progress', rows, bytesRead }),
    });
    post({ type: 'done', rows });
  } catch (e) {
    post({ type: 'error', error: DfError.from(e).toWire() });
  }
}

if (parentPort !== null && workerData !== null && workerData !== undefined) void serve(workerData as SplitTask);
