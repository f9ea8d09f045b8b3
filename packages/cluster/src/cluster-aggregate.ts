import { constants } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Chunk, DfError, type LazyFrame, type ProgressEvent, type ScanOptions, type ScanSource, type Schema } from '@df-stream/core';
import { AggregateSource, type AggSpec, groupByColumns } from '@df-stream/core/internal';
import { makeTempDir, removeTempDir } from '@df-stream/engine';
import { scanFeather } from '@df-stream/io';
import type { RedisOptions } from 'bullmq';
import { loadBlob } from './blob-store.js';
import { type ClusterConnection, type QueueSettings, redisOptions } from './cluster-connection.js';
import { ClusterRun, type ClusterRunProgress } from './cluster-run.js';
import { onInterrupt } from './on-interrupt.js';
import { toWireSplit } from './split-reader.js';

export interface ClusterProgressEvent extends ProgressEvent, ClusterRunProgress {}

export interface ClusterAggregateOptions extends QueueSettings {
  /** `redis://[user:pass@]host:port[/db]`, `rediss://...`, or ioredis options. */
  readonly connection: ClusterConnection;
  /** Merged into the connection's options (for example `tls: { ca }`). */
  readonly redisOptions?: RedisOptions;
  /** Input bytes per split task (default 128 MiB): see docs/scale-out.md for how to pick it. */
  readonly splitBytes?: number;
  /** Exactly this many splits (at most), instead of `splitBytes`. */
  readonly splits?: number;
  /**
   * A directory every worker and this process can see, for partial states too large for Redis and
   * for the result (default: the input's directory when writable, else the system temp directory,
   * which only works with workers on this machine). The job uses a subdirectory and removes it.
   */
  readonly sharedDir?: string;
  /** Blobs up to this size travel through Redis instead of the shared directory (default 256 KiB). */
  readonly inlineBytes?: number;
  /** Group-state bytes a task may hold (default: the plan's memory limit, else 1 GiB; workers cap it). */
  readonly memoryLimit?: number;
  /** Tries per task (default 3): a task whose worker dies is run again; bad data fails at once. */
  readonly attempts?: number;
  /**
   * How long Redis may be unreachable before the job fails with an io error (default 60 s): a restart or a failover
   * within it is ridden out (the job goes on, or fails at once if the restart lost its data).
   */
  readonly redisTimeoutMs?: number;
  readonly onProgress?: (event: ClusterProgressEvent) => void;
  readonly progressIntervalMs?: number;
  /**
   * On Ctrl-C (SIGINT/SIGTERM) while the job runs, cancel its tasks and remove its keys and files
   * before the process's own handlers run (default true).
   */
  readonly cancelOnInterrupt?: boolean;
}

const DEFAULT_SPLIT_BYTES = 128 * 2 ** 20;
const DEFAULT_REDIS_TIMEOUT_MS = 60_000;
const MAX_SPLITS = 10_000;
/** Split i's rows are numbered from i * 2^40, as local worker threads do: output order follows the input. */
const POSITION_STRIDE = 2 ** 40;

/**
 * `scanCsv(path).groupBy(keys).agg(...)` run by `df-stream worker` processes through BullMQ on Redis:
 * the same plan, the same result, computed on other machines. Nothing runs until the returned frame is
 * collected, iterated or sunk; a plan whose input cannot be split (stdin, a tiny file, a single row
 * group, several files) runs here as it would without a cluster.
 */
export function clusterAggregate(plan: LazyFrame, options: ClusterAggregateOptions): LazyFrame {
  const source = plan.source;
  if (!(source instanceof AggregateSource)) {
    throw new DfError('usage', 'clusterAggregate takes a group-by plan: lazy.groupBy(keys).agg(...)');
  }
  // What follows the aggregation in the plan (post-aggregate expressions, HAVING, a limit) runs here, on its result.
  return plan.withSource(new ClusterAggregateSource(source, options));
}

/** The aggregation as a source: `scan` submits the flow, waits, and streams the merged result. */
export class ClusterAggregateSource implements ScanSource {
  private bytesRead = 0;

  constructor(
    readonly local: AggregateSource,
    readonly options: ClusterAggregateOptions,
  ) {}

  get description(): string {
    return this.local.description;
  }

  progress(): { bytesRead: number; totalBytes?: number } {
    return { bytesRead: this.bytesRead, totalBytes: this.local.input.progress?.().totalBytes };
  }

  schema(): Promise<Schema> {
    return this.local.schema();
  }

  async *scan(scanOptions: ScanOptions = {}): AsyncGenerator<Chunk> {
    const { input, keys, aggs } = this.local;
    const inputSchema = await input.schema();
    for (const c of groupByColumns(keys, aggs)) inputSchema.field(c);
    const totalBytes = input.progress?.().totalBytes;
    const o = this.options;
    const n = Math.min(MAX_SPLITS, Math.max(2, o.splits ?? Math.ceil((totalBytes ?? 0) / (o.splitBytes ?? DEFAULT_SPLIT_BYTES))));
    const parts = await input.splits?.(n);
    if (parts === undefined || parts.length === 0) {
      yield* this.local.scan(scanOptions);
      return;
    }
    const wire = parts.map((p) => toWireSplit(p, input.description));
    const sharedRoot = o.sharedDir ?? (await defaultSharedRoot(wire[0].args[0]));
    const started = performance.now();
    let lastEvent = 0;
    let retries = 0;
    const report = (p: ClusterRunProgress, force = false): void => {
      this.bytesRead = p.bytesRead;
      retries = p.retries;
      const now = performance.now();
      if (o.onProgress === undefined || (!force && now - lastEvent < (o.progressIntervalMs ?? 200))) return;
      lastEvent = now;
      o.onProgress({ ...p, groups: 0, totalBytes, stateBytes: 0, rss: process.memoryUsage.rss(), elapsedMs: now - started, spills: 0 });
    };
    const run = new ClusterRun({
      connection: redisOptions(o.connection, o.redisOptions),
      queue: o.queue,
      prefix: o.prefix,
      sharedRoot,
      attempts: o.attempts ?? 3,
      redisTimeoutMs: o.redisTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
      onProgress: report,
    });
    const restore = o.cancelOnInterrupt === false ? () => undefined : onInterrupt(() => run.cancel().finally(() => run.cleanup()));
    const memoryLimit = o.memoryLimit ?? this.local.options.memoryLimit ?? 2 ** 30;
    let localDir: string | undefined;
    try {
      const result = await run
        .run(
          wire.map((split, index) => ({
            index,
            split,
            keys: [...keys],
            aggs: aggs.map(plainSpec),
            memoryLimit,
            positionBase: index * POSITION_STRIDE,
            inlineBytes: o.inlineBytes ?? 256 * 1024,
          })),
          {
            splits: wire.length,
            keys: [...keys],
            aggs: aggs.map(plainSpec),
            inputSchema: inputSchema.fields.map((f) => ({ name: f.name, dtype: f.dtype })),
            memoryLimit,
            inlineBytes: o.inlineBytes ?? 256 * 1024,
            ...(this.local.options.chunkSize === undefined ? {} : { chunkSize: this.local.options.chunkSize }),
          },
        )
        .catch(async (e: unknown) => {
          // One task failed for good: stop the others before reporting it.
          await run.cancel().catch(() => undefined);
          throw e;
        });
      if (o.onProgress !== undefined) {
        const now = performance.now();
        o.onProgress({
          splitsDone: wire.length,
          splitsTotal: wire.length,
          rows: result.rows,
          bytesRead: this.bytesRead,
          retries,
          groups: result.groups,
          totalBytes,
          stateBytes: 0,
          rss: process.memoryUsage.rss(),
          elapsedMs: now - started,
          spills: 0,
        });
      }
      let path: string;
      if (result.result.kind === 'file') path = join(run.dir, result.result.name);
      else {
        localDir = makeTempDir('df-stream-result-');
        path = join(localDir, 'result.feather');
        await writeFile(path, await loadBlob(result.result, run.dir));
      }
      const chunkSize = this.local.options.chunkSize;
      const reader = scanFeather(path, chunkSize === undefined ? {} : { chunkSize });
      for await (const chunk of reader.scan(scanOptions.columns === undefined ? {} : { columns: scanOptions.columns })) yield chunk;
    } finally {
      restore();
      if (localDir !== undefined) removeTempDir(localDir);
      await run.cleanup();
    }
  }
}

function plainSpec(a: AggSpec): { column: string | null; fn: string; name: string; options?: { q?: number } } {
  return { column: a.column, fn: a.fn, name: a.name, ...(a.options === undefined ? {} : { options: { ...a.options } }) };
}

/** Next to the input, which every worker sees already; the system temp directory when that is read-only. */
async function defaultSharedRoot(inputPath: string): Promise<string> {
  const dir = dirname(inputPath);
  try {
    await access(dir, constants.W_OK);
    return dir;
  } catch {
    return tmpdir();
  }
}
