import { Worker } from 'node:worker_threads';
import { type Chunk, DfError, type InterleavedSplits, type SourceSplit } from '@df-stream/core';
import { ChunkReceiver, type SplitScanOptions } from '@df-stream/core/internal';
import { openSplit } from '@df-stream/io/split';
import { type LanePart, type LanePiece, laneParts } from './lane-parts.js';
import type { ScanThreadMessage, ScanThreadTask } from './scan-thread-message.js';
import type { SplitThreadAck } from './split-thread-message.js';

/** One lane of a parallel scan as the calling thread sees it: its pieces in order. */
interface Lane {
  next(): Promise<LanePiece>;
  /** The chunk taken last is the caller's: the lane may read one more. */
  taken(): void;
  close(): Promise<void>;
}

/**
 * The lanes of a source's `interleavedSplits`, read at once, their chunks yielded in part order: the first lane on
 * the calling thread (between taking the other lanes' chunks, which are ready by then), each other lane on a worker
 * thread of its own, which runs up to `options.ahead` chunks ahead of what is taken. Stopping the iteration, or a
 * lane's failure, ends every thread.
 */
export async function* scanOnThreads(
  url: URL,
  { splits, partRows }: InterleavedSplits,
  options: SplitScanOptions,
  onProgress: (bytesRead: number) => void,
): AsyncGenerator<Chunk> {
  const n = splits.length;
  const lanes: Lane[] = [];
  try {
    splits.forEach((split, t) => {
      const parts = partRows.flatMap((rows, index) => (index % n === t ? [{ index, rows }] : []));
      lanes.push(t === 0 ? new LocalLane(split, parts, options) : new ThreadLane(url, { split, parts, options }));
    });
    const read = new Array<number>(n).fill(0);
    for (let part = 0; part < partRows.length; part++) {
      const t = part % n;
      const lane = lanes[t];
      for (;;) {
        const piece = await lane.next();
        if (piece.part !== part) throw new DfError('internal', `a scan lane gave part ${piece.part} where part ${part} was due`);
        read[t] = piece.bytesRead;
        onProgress(read.reduce((a, b) => a + b, 0));
        if (piece.chunk === undefined) break;
        yield piece.chunk;
        lane.taken();
      }
    }
  } finally {
    await Promise.all(lanes.map((lane) => lane.close()));
  }
}

/** The lane the calling thread reads itself, a chunk when asked. */
class LocalLane implements Lane {
  private readonly pieces: AsyncGenerator<LanePiece>;

  constructor(split: SourceSplit, parts: readonly LanePart[], options: SplitScanOptions) {
    this.pieces = (async function* () {
      yield* laneParts(await openSplit(split), parts, options);
    })();
  }

  async next(): Promise<LanePiece> {
    const r = await this.pieces.next();
    if (r.done === true) throw new DfError('internal', 'a scan lane ended before its parts');
    return r.value;
  }

  taken(): void {}

  async close(): Promise<void> {
    await this.pieces.return(undefined);
  }
}

/** A lane read on a worker thread: its messages in order, as promises, and its chunks' dictionaries. */
class ThreadLane implements Lane {
  private readonly receiver = new ChunkReceiver();
  private readonly worker: Worker;
  private readonly queue: LanePiece[] = [];
  private waiting: { resolve: (p: LanePiece) => void; reject: (e: unknown) => void } | undefined;
  private failure: unknown;
  private finished = false;

  constructor(url: URL, task: ScanThreadTask) {
    this.worker = new Worker(url, { workerData: task });
    this.worker.on('message', (m: ScanThreadMessage) => {
      if (m.type === 'done' || m.type === 'error') this.finished = true;
      if (m.type === 'error') this.fail(DfError.fromWire(m.error));
      else if (m.type === 'end') this.push({ part: m.part, bytesRead: m.bytesRead });
      else if (m.type === 'chunk') {
        // Received as it comes, in order: the dictionaries grow delta by delta. A chunk that cannot be taken fails
        // the scan (a throw here would be no one's to catch, and the scan would wait for its chunk forever).
        try {
          this.push({ part: m.part, chunk: this.receiver.receive(m.chunk), bytesRead: m.bytesRead });
        } catch (e) {
          this.fail(DfError.from(e));
        }
      }
    });
    this.worker.on('error', (e) => this.fail(DfError.from(e)));
    this.worker.on('messageerror', (e) => this.fail(DfError.from(e)));
    this.worker.on('exit', (code) => {
      if (!this.finished) this.fail(new DfError('internal', `a scan thread stopped (exit code ${code}) before finishing`));
    });
  }

  next(): Promise<LanePiece> {
    const piece = this.queue.shift();
    if (piece !== undefined) return Promise.resolve(piece);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    // Done and nothing left, yet a piece is asked for: the lane sent less than its parts (never waits forever).
    if (this.finished) return Promise.reject(new DfError('internal', 'a scan thread finished before its parts were read'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  taken(): void {
    this.worker.postMessage({ type: 'ack' } satisfies SplitThreadAck);
  }

  async close(): Promise<void> {
    this.finished = true;
    await this.worker.terminate();
  }

  private push(piece: LanePiece): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting !== undefined) waiting.resolve(piece);
    else this.queue.push(piece);
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(this.failure);
  }
}
