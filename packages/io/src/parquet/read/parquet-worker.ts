import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { DfError } from '@df-stream/core';
import { PARQUET_WORKER_SCRIPT } from './parquet-worker-script.js';

/** What the worker reports about a file before reading it. */
export interface ParquetMeta {
  numRows: number;
  /** Rows of each row group, in file order. */
  rowGroups: number[];
  /** Compressed bytes of each row group (all its column chunks), in file order. */
  rowGroupBytes: number[];
  /** The Arrow schema parquet-wasm derives, as IPC stream bytes. */
  schemaIpc: Uint8Array;
}

export interface WorkerScanOptions {
  columns?: string[];
  batchSize: number;
  rowGroups?: number[];
  limit?: number;
}

type Reply =
  | { type: 'meta'; numRows: number; rowGroups: number[]; rowGroupBytes: number[]; schemaIpc: Uint8Array }
  | { type: 'batch'; ipc: Uint8Array; numRows: number }
  | { type: 'end' }
  | { type: 'error'; message: string };

/**
 * A parquet-wasm failure on a file: a clean error it threw, or a crash (panic) that ended the worker. Either
 * way the file is what parquet-wasm could not decode (`parquetError` names the file and where), hence data.
 */
export class ParquetWorkerError extends DfError {
  constructor(
    message: string,
    readonly crashed: boolean,
  ) {
    super('data', message, { code: crashed ? 'decoder-crashed' : 'decoder-error' });
    this.name = 'ParquetWorkerError';
  }
}

let wasmPath: string | undefined;
let wasmModule: object | undefined;

/** The one piece of the WebAssembly API used here (the ES2023 lib this project compiles with has none). */
const wasmApi = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly;

/** parquet-wasm's ESM build and its compiled module, shared by every worker of this process. */
function wasmBuild(): { wasmPath: string; wasmModule: object } {
  const require = createRequire(import.meta.url);
  wasmPath ??= require.resolve('parquet-wasm/esm');
  wasmModule ??= new wasmApi.Module(readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')));
  return { wasmPath, wasmModule };
}

/** Batches the worker may decode ahead of the consumer (decoding overlaps conversion, memory stays bounded). */
const PREFETCH = 2;

/** Decoder threads started and not yet closed, in this process (what a directory of files must keep bounded). */
let open = 0;

export function openParquetWorkers(): number {
  return open;
}

/**
 * One parquet-wasm instance in a worker thread, bound to one file. Commands run in order: `meta()`,
 * then any number of `scan()`s, each consumed to the end or abandoned (which closes the worker).
 */
export class ParquetWorker {
  private readonly worker: Worker;
  private readonly replies: Reply[] = [];
  private waiting: ((reply: Reply) => void) | null = null;
  private failure: ParquetWorkerError | null = null;
  private closed = false;

  constructor(path: string) {
    this.worker = new Worker(PARQUET_WORKER_SCRIPT, { eval: true, workerData: { path, ...wasmBuild() } });
    open++;
    this.worker.on('message', (reply: Reply) => this.deliver(reply));
    this.worker.on('error', (error: Error) => this.fail(new ParquetWorkerError(`parquet decoder crashed: ${error.message}`, true)));
    this.worker.on('exit', (code) => {
      open--;
      if (!this.closed) this.fail(new ParquetWorkerError(`parquet decoder exited unexpectedly (code ${code})`, true));
    });
  }

  async meta(): Promise<ParquetMeta> {
    this.worker.postMessage({ cmd: 'meta' });
    const reply = await this.next();
    if (reply.type !== 'meta') throw new DfError('internal', `unexpected reply '${reply.type}' to meta`);
    return { numRows: reply.numRows, rowGroups: reply.rowGroups, rowGroupBytes: reply.rowGroupBytes, schemaIpc: reply.schemaIpc };
  }

  /** Arrow IPC bytes of each batch, decoded at most `PREFETCH` batches ahead of the consumer. */
  async *scan(options: WorkerScanOptions): AsyncGenerator<{ ipc: Uint8Array; numRows: number }> {
    this.worker.postMessage({ cmd: 'scan', options });
    for (let i = 0; i < PREFETCH; i++) this.worker.postMessage({ cmd: 'pull' });
    let finished = false;
    try {
      for (;;) {
        const reply = await this.next();
        if (reply.type === 'end') {
          finished = true;
          return;
        }
        if (reply.type !== 'batch') throw new DfError('internal', `unexpected reply '${reply.type}' to scan`);
        this.worker.postMessage({ cmd: 'pull' });
        yield reply;
      }
    } finally {
      // An abandoned scan leaves the worker mid-stream; it cannot be reused.
      if (!finished) await this.close();
    }
  }

  /** Lets the process exit while this worker sits idle (`ref()` again before using it). */
  unref(): void {
    this.worker.unref();
  }

  ref(): void {
    this.worker.ref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }

  private next(): Promise<Reply> {
    const reply = this.replies.shift();
    if (reply !== undefined) return reply.type === 'error' ? Promise.reject(new ParquetWorkerError(reply.message, false)) : Promise.resolve(reply);
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise<Reply>((resolve, reject) => {
      this.waiting = (r) => (r.type === 'error' ? reject(new ParquetWorkerError(r.message, false)) : resolve(r));
      this.rejectWaiting = reject;
    });
  }

  private rejectWaiting: ((error: Error) => void) | null = null;

  private deliver(reply: Reply): void {
    const waiting = this.waiting;
    if (waiting !== null) {
      this.waiting = null;
      this.rejectWaiting = null;
      waiting(reply);
    } else this.replies.push(reply);
  }

  private fail(error: ParquetWorkerError): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.closed = true;
    const reject = this.rejectWaiting;
    this.waiting = null;
    this.rejectWaiting = null;
    reject?.(error);
  }
}
