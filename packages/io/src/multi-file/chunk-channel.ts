import type { Chunk } from '@df-stream/core';

/**
 * Chunks handed from a producer to a pull-based writer (`format.write` takes an async iterable): `push` waits while
 * `capacity` chunks are waiting, so a slow writer holds back the producer instead of piling chunks up in memory.
 */
export class ChunkChannel implements AsyncIterable<Chunk> {
  private readonly queue: Chunk[] = [];
  private closed = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(private readonly capacity = 2) {}

  /** Queues a chunk; waits for room, or until `failed` (the writer's promise) settles. */
  async push(chunk: Chunk, failed: Promise<unknown>): Promise<void> {
    this.queue.push(chunk);
    this.wake();
    while (this.queue.length > this.capacity) {
      await Promise.race([new Promise<void>((r) => (this.wakeProducer = r)), failed]);
      // The writer stopped (an error, or it read no further): nothing will make room.
      if (await settled(failed)) return;
    }
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const w = this.wakeConsumer;
    this.wakeConsumer = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Chunk> {
    for (;;) {
      const next = this.queue.shift();
      if (next !== undefined) {
        const w = this.wakeProducer;
        this.wakeProducer = undefined;
        w?.();
        yield next;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((r) => (this.wakeConsumer = r));
    }
  }
}

/** Whether a promise has settled, without waiting for it. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  const v = await Promise.race([
    p.then(
      () => true,
      () => true,
    ),
    Promise.resolve(pending),
  ]);
  return v !== pending;
}
