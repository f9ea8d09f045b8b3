import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type Chunk, DfError, type InterleavedSplits, type ScanSource, type SourceSplit } from '@df-stream/core';
import type { CompactPartial, SplitRunner, SplitScanOptions, SplitTask } from '@df-stream/core/internal';
import { openSplit } from '@df-stream/io/split';
import { compiledUrl } from './compiled-url.js';
import { scanOnThreads } from './scan-on-threads.js';
import type { SplitThreadAck, SplitThreadMessage } from './split-thread-message.js';

/** Runs split tasks on worker threads, one thread per task, all at once (the caller sizes the splits to the cores). */
export class ThreadSplitRunner implements SplitRunner {
  readonly parallelism = availableParallelism();

  open(split: SourceSplit): Promise<ScanSource> {
    return openSplit(split);
  }

  scan(lanes: InterleavedSplits, options: SplitScanOptions, onProgress: (bytesRead: number) => void): AsyncIterable<Chunk> {
    return scanOnThreads(compiledUrl('scan-thread', import.meta.url), lanes, options, onProgress);
  }

  async run(
    tasks: readonly SplitTask[],
    onPartial: (partial: CompactPartial, partition?: number) => void | Promise<void>,
    onProgress: (rows: number, bytesRead: number) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const url = compiledUrl('split-thread', import.meta.url);
    const rows = new Array<number>(tasks.length).fill(0);
    const bytes = new Array<number>(tasks.length).fill(0);
    const workers: Worker[] = [];
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    // The race below sees an abort while the workers run; an abort after they are done is no one's error.
    aborted.catch(() => undefined);
    try {
      const all = Promise.all(
        tasks.map(
          (task, i) =>
            new Promise<void>((resolve, reject) => {
              const worker = new Worker(url, { workerData: task });
              workers.push(worker);
              let finished = false;
              worker.on('message', (m: SplitThreadMessage) => {
                if (m.type === 'partial') {
                  // Taking it may fail (a full disk while spilling it): that fails the job, not the process.
                  const ack = (): void => worker.postMessage({ type: 'ack' } satisfies SplitThreadAck);
                  try {
                    const taken = onPartial(m.partial, m.partition);
                    if (taken === undefined) ack();
                    else taken.then(ack, reject);
                  } catch (e) {
                    reject(e);
                  }
                } else if (m.type === 'progress') {
                  rows[i] = m.rows;
                  bytes[i] = m.bytesRead;
                  onProgress(sum(rows), sum(bytes));
                } else {
                  finished = true;
                  if (m.type === 'done') resolve();
                  else reject(DfError.fromWire(m.error));
                }
              });
              worker.on('error', (e) => reject(DfError.from(e)));
              worker.on('exit', (code) => {
                if (!finished) reject(new DfError('internal', `split thread ${i} stopped (exit code ${code}) before finishing`));
              });
            }),
        ),
      );
      await Promise.race([all, aborted]);
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
