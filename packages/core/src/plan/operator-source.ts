import type { Chunk } from '../chunk.js';
import type { ScanOptions, ScanSource } from '../scan-source.js';
import type { Schema } from '../schema.js';

/**
 * An operator that reads one input source whole before or while it gives its own chunks (aggregate, sort, top-k,
 * unique): it reads what its input reads, so its description, progress and size estimate are its input's, and its
 * plan is its own step over its input's.
 */
export abstract class OperatorSource implements ScanSource {
  constructor(readonly input: ScanSource) {}

  get description(): string {
    return this.input.description;
  }

  progress(): { bytesRead: number; totalBytes?: number } {
    return this.input.progress?.() ?? { bytesRead: 0 };
  }

  /** The input's estimate: what a join's build-side choice reads (an upper bound of what this operator gives). */
  async estimatedBytes(): Promise<number | undefined> {
    return this.input.estimatedBytes?.();
  }

  abstract schema(): Promise<Schema>;
  abstract scan(options?: ScanOptions): AsyncIterable<Chunk>;

  /** `step`, then the input's plan (`ScanSource.explainLines`). */
  protected stepOverInput(step: string): string[] {
    return [step, ...(this.input.explainLines?.() ?? [`SCAN ${this.input.description}`])];
  }
}
