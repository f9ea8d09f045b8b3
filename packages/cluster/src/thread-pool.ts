import { Worker } from 'node:worker_threads';
import { DfError } from '@df-stream/core';
import { compiledUrl } from '@df-stream/engine';
import { cancelledError } from './task-errors.js';
import type { MergeResult, SplitResult } from './task-payload.js';
import type { ThreadInput, ThreadMessage } from './task-thread.js';

type Progress = (rows: number, bytesRead: number) => void;

/**
 * Long-lived task threads, one per task slot. The work is CPU-bound and the process's main thread must
 * stay free to renew BullMQ's locks; keeping threads alive saves loading modules and warming the JIT
 * per task (about half a second each). A cancelled task's thread is terminated and replaced.
 */
export class ThreadPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private live = 0;
  private closed = false;

  constructor(private readonly size: number) {}

  run(input: ThreadInput & { kind: 'split' }, onProgress: Progress, signal: AbortSignal): Promise<SplitResult>;
  run(input: ThreadInput & { kind: 'merge' }, onProgress: Progress, signal: AbortSignal): Promise<MergeResult>;
  async run(input: ThreadInput, onProgress: Progress, signal: AbortSignal): Promise<SplitResult | MergeResult> {
    const worker = await this.take();
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (reuse: boolean, fn: () => void): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', abort);
        worker.removeListener('message', onMessage);
        worker.removeListener('error', onError);
        worker.removeListener('exit', onExit);
        if (reuse) this.give(worker);
        else this.discard(worker);
        fn();
      };
      const abort = (): void => settle(false, () => reject(cancelledError()));
      const onMessage = (m: ThreadMessage): void => {
        if (m.type === 'progress') onProgress(m.rows, m.bytesRead);
        else if (m.type === 'split-done' || m.type === 'merge-done') settle(true, () => resolve(m.result));
        else settle(true, () => reject(DfError.fromWire(m.error)));
      };
      const onError = (e: Error): void => settle(false, () => reject(DfError.from(e)));
      const onExit = (code: number): void => settle(false, () => reject(new DfError('internal', `task thread stopped (exit code ${code}) before finishing`)));
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(input);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  private take(): Promise<Worker> {
    const w = this.idle.pop();
    if (w !== undefined) return Promise.resolve(w);
    if (this.live < this.size) {
      this.live++;
      return Promise.resolve(spawn());
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(w: Worker): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(w);
    else if (this.closed) this.discard(w);
    else this.idle.push(w);
  }

  private discard(w: Worker): void {
    void w.terminate();
    this.live--;
    const next = this.waiting.shift();
    if (next !== undefined && !this.closed) {
      this.live++;
      next(spawn());
    }
  }
}

function spawn(): Worker {
  // Compiled JavaScript, also under tests: a thread needs no TypeScript loader.
  return new Worker(compiledUrl('task-thread', import.meta.url), { workerData: 'df-stream-task-thread' });
}
