/**
 * A worker thread's side of a parallel scan: read its lane with one reader, cut where its parts end, and post the
 * chunks (the copies `ChunkShipper` makes moved, the buffers its reader holds copied), never more than `options.ahead`
 * that the starting thread has not taken.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DfError } from '@df-stream/core';
import { ChunkShipper } from '@df-stream/core/internal';
import { openSplit } from '@df-stream/io/split';
import { laneParts } from './lane-parts.js';
import type { ScanThreadMessage, ScanThreadTask } from './scan-thread-message.js';
import type { SplitThreadAck } from './split-thread-message.js';

async function serve(task: ScanThreadTask): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const post = (m: ScanThreadMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  let unacked = 0;
  let wake: (() => void) | undefined;
  port.on('message', (m: SplitThreadAck) => {
    if (m.type !== 'ack') return;
    unacked--;
    wake?.();
    wake = undefined;
  });
  const shipper = new ChunkShipper();
  try {
    for await (const { part, chunk, bytesRead } of laneParts(await openSplit(task.split), task.parts, task.options)) {
      if (chunk === undefined) {
        post({ type: 'end', part, bytesRead });
        continue;
      }
      while (unacked >= task.options.ahead) await new Promise<void>((resolve) => (wake = resolve));
      const shipped = shipper.ship(chunk);
      unacked++;
      post({ type: 'chunk', part, chunk: shipped.chunk, bytesRead }, shipped.transfer);
    }
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'error', error: DfError.from(e).toWire() });
  }
  // Nothing more is sent or awaited: the thread may end (its open port would keep it alive).
  port.close();
}

if (parentPort !== null && workerData !== null && workerData !== undefined) void serve(workerData as ScanThreadTask);
