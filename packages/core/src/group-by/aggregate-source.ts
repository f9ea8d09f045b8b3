import type { Chunk } from '../chunk.js';
import type { Schema } from '../schema.js';
import type { ScanOptions, ScanSource } from '../scan-source.js';
import { availableParallelism } from 'node:os';
import type { AggSpec } from './agg-spec.js';
import { runWorkers } from './run-workers.js';
import { HashAggregator, type HashAggregatorOptions } from './hash-aggregator.js';

export interface ProgressEvent {
  readonly rows: number;
  readonly groups: number;
  readonly bytesRead: number;
  readonly totalBytes?: number;
  /** Bytes held by the group states. */
  readonly stateBytes: number;
  readonly rss: number;
  readonly elapsedMs: number;
  readonly spills: number;
}

export interface AggregateOptions extends HashAggregatorOptions {
  /**
   * Worker threads, each aggregating its own split of the input (CSV byte ranges, Parquet row groups).
   * Default: one per core for inputs over 64 MB that can be split, else 1.
   */
  readonly threads?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Minimum time between progress events. */
  readonly progressIntervalMs?: number;
}

/** A group-by over an upstream source, itself a source: its chunks are the aggregated result. */
export class AggregateSource implements ScanSource {
  constructor(
    readonly input: ScanSource,
    readonly keys: readonly string[],
    readonly aggs: readonly AggSpec[],
    readonly options: AggregateOptions = {},
  ) {}

  get description(): string {
    return this.input.description;
  }

  progress(): { bytesRead: number; totalBytes?: number } {
    return this.input.progress?.() ?? { bytesRead: 0 };
  }

  private defaultThreads(): number {
    const total = this.input.progress?.().totalBytes ?? 0;
    return total > 64 * 2 ** 20 ? availableParallelism() : 1;
  }

  async schema(): Promise<Schema> {
    return HashAggregator.outputSchema(this.keys, this.aggs, await this.input.schema());
  }

  async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
    const inputSchema = await this.input.schema();
    const used = [...new Set([...this.keys, ...this.aggs.flatMap((a) => (a.column === null ? [] : [a.column]))])];
    for (const c of used) inputSchema.field(c);
    const aggregator = new HashAggregator(this.keys, this.aggs, this.options, inputSchema);
    const started = performance.now();
    let lastEvent = 0;
    const interval = this.options.progressIntervalMs ?? 200;
    let workerRows = -1;
    let workerBytes = 0;
    const report = (force: boolean): void => {
      const now = performance.now();
      if (this.options.onProgress === undefined || (!force && now - lastEvent < interval)) return;
      lastEvent = now;
      const s = aggregator.stats;
      const p = this.progress();
      this.options.onProgress({
        rows: workerRows >= 0 ? workerRows : s.rows,
        groups: s.groups,
        bytesRead: workerRows >= 0 ? workerBytes : p.bytesRead,
        totalBytes: p.totalBytes,
        stateBytes: s.bytes,
        rss: process.memoryUsage.rss(),
        elapsedMs: now - started,
        spills: s.spills,
      });
    };
    try {
      const threads = this.options.threads ?? this.defaultThreads();
      const splits = threads > 1 ? await this.input.splits?.(threads) : undefined;
      if (splits !== undefined && splits.length > 1) {
        const limit = this.options.memoryLimit ?? aggregator.memoryLimit;
        await runWorkers(splits, this.keys, this.aggs, limit / (splits.length + 1), aggregator, (rows, bytes) => {
          workerRows = rows;
          workerBytes = bytes;
          report(false);
        });
      } else {
        let firstRow = 0;
        for await (const chunk of this.input.scan({ columns: used })) {
          aggregator.consume(chunk, firstRow);
          firstRow += chunk.numRows;
          report(false);
        }
      }
      report(true);
      for (const chunk of aggregator.finish()) yield options.columns === undefined ? chunk : chunk.select(options.columns);
    } finally {
      aggregator.dispose();
    }
  }
}
