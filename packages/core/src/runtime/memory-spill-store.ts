import type { Chunk } from '../chunk.js';
import { DfError } from '../errors/df-error.js';
import type { CompactPartial } from '../group-by/partial-aggregate.js';
import type { ChunkSpillArea, SpillArea, SpillStore } from './spill-store.js';

/**
 * A spill store that keeps partitions in memory: for tests that force an operator's external path (a tiny
 * `memoryLimit`) without the Node runtime, and for hosts without files. Counts what it was given, so a test can
 * see that a spill happened, and what areas are still open, so it can see that they were disposed.
 */
export class MemorySpillStore implements SpillStore {
  /** Values appended over the store's life. */
  appended = 0;
  /** Areas created and not yet disposed. */
  open = 0;

  create(partitions: number): SpillArea<CompactPartial> {
    return new MemoryArea<CompactPartial>(this, partitions, () => 0);
  }

  createChunks(partitions: number): ChunkSpillArea {
    return new MemoryArea<Chunk>(this, partitions, (c) => c.byteLength);
  }
}

class MemoryArea<T> implements SpillArea<T> {
  private parts: T[][] | null;
  private readonly sizes: number[];

  constructor(
    private readonly store: MemorySpillStore,
    partitions: number,
    private readonly sizeOf: (value: T) => number,
  ) {
    this.parts = Array.from({ length: partitions }, () => []);
    this.sizes = new Array<number>(partitions).fill(0);
    store.open++;
  }

  append(partition: number, value: T): void {
    this.partition(partition).push(value);
    this.sizes[partition] += this.sizeOf(value);
    this.store.appended++;
  }

  read(partition: number): Iterable<T> {
    return [...this.partition(partition)];
  }

  bytes(partition: number): number {
    this.partition(partition);
    return this.sizes[partition];
  }

  dispose(): void {
    if (this.parts === null) return;
    this.parts = null;
    this.store.open--;
  }

  private partition(p: number): T[] {
    if (this.parts === null) throw new DfError('internal', 'spill area used after dispose');
    const part = this.parts[p];
    if (part === undefined) throw new DfError('internal', `spill partition ${p} out of range`);
    return part;
  }
}
