import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { DfError } from '@df-stream/core';
import type { RedisOptions } from 'bullmq';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { jobDir } from './blob-store.js';
import { cancelKey } from './cancel-key.js';
import { type ClusterConnection, DEFAULT_PREFIX, DEFAULT_QUEUE, type QueueSettings, redisOptions } from './cluster-connection.js';
import { checkAllowed } from './split-reader.js';
import { cancelledError, encodeError, isFinal, refuseTask } from './task-errors.js';
import { MergeTask, SplitResult, SplitTask, TASK_VERSION } from './task-payload.js';
import { ThreadPool } from './thread-pool.js';

export interface ClusterWorkerOptions extends QueueSettings {
  readonly connection: ClusterConnection;
  readonly redisOptions?: RedisOptions;
  /** Tasks run at once, each on its own thread (default: one per core). */
  readonly concurrency?: number;
  /** Memory for group states on this machine, shared by the running tasks (default 1 GiB). */
  readonly memoryLimit?: number;
  /**
   * How long a task's lock lasts without renewal (default 30 s): a worker that dies is noticed after
   * this, and its task is run again elsewhere.
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for tasks of dead workers (default: half the lock duration). */
  readonly stalledIntervalMs?: number;
  /** Directories below which inputs and the shared directory must lie (default: anywhere). */
  readonly allowedRoots?: readonly string[];
  /** One line per task started, finished or failed. */
  readonly onLog?: (line: string) => void;
}

export interface ClusterWorkerHandle {
  /** Stops taking tasks; with `force`, abandons running ones (their locks lapse and others retry them). */
  close(force?: boolean): Promise<void>;
  /** Resolves when the worker is connected and waiting for tasks. */
  readonly ready: Promise<void>;
}

const CANCEL_POLL_MS = 500;
const PROGRESS_MS = 300;

/**
 * `df-stream worker`: takes split and merge tasks from the queue and runs them with our engine. Only
 * these two task types exist, and every payload is validated before it is used.
 */
export function startClusterWorker(options: ClusterWorkerOptions): ClusterWorkerHandle {
  const queue = options.queue ?? DEFAULT_QUEUE;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const connection = redisOptions(options.connection, options.redisOptions);
  const concurrency = options.concurrency ?? availableParallelism();
  const memoryShare = Math.max(16 * 2 ** 20, Math.floor((options.memoryLimit ?? 2 ** 30) / concurrency));
  const allowedRoots = options.allowedRoots ?? [];
  const log = options.onLog ?? (() => undefined);
  const lockDuration = options.lockDurationMs ?? 30_000;
  const redis = new Redis({ ...connection, lazyConnect: false });
  const running = new Set<AbortController>();
  const pool = new ThreadPool(concurrency);

  const cancelled = async (jobId: string): Promise<boolean> => (await redis.exists(cancelKey(prefix, queue, jobId))) === 1;

  /** Runs `work` while watching the job's cancel flag; the thread is stopped as soon as it is raised. */
  const watched = async <T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    running.add(controller);
    const timer = setInterval(() => {
      cancelled(jobId).then(
        (yes) => yes && controller.abort(),
        () => undefined,
      );
    }, CANCEL_POLL_MS);
    try {
      return await work(controller.signal);
    } finally {
      clearInterval(timer);
      running.delete(controller);
    }
  };

  const processor = async (job: Job): Promise<unknown> => {
    const started = performance.now();
    try {
      if (job.name === 'split') {
        const task = parse(SplitTask, job.data, 'split');
        if (await cancelled(task.jobId)) throw new UnrecoverableError(encodeError(cancelledError()));
        checkAllowed(task.sharedDir, allowedRoots);
        await sharedDirVisible(jobDir(task.sharedDir, task.jobId));
        let last = 0;
        const result = await watched(task.jobId, (signal) =>
          pool.run(
            { kind: 'split', task: { ...task, memoryLimit: Math.min(task.memoryLimit, memoryShare) }, allowedRoots },
            (rows, bytesRead) => {
              const now = performance.now();
              if (now - last < PROGRESS_MS) return;
              last = now;
              job.updateProgress({ rows, bytesRead }).catch(() => undefined);
            },
            signal,
          ),
        );
        log(`split ${job.id} done: ${result.rows} rows in ${((performance.now() - started) / 1000).toFixed(2)} s`);
        return result;
      }
      if (job.name === 'merge') {
        const task = parse(MergeTask, job.data, 'merge');
        if (await cancelled(task.jobId)) throw new UnrecoverableError(encodeError(cancelledError()));
        checkAllowed(task.sharedDir, allowedRoots);
        await sharedDirVisible(jobDir(task.sharedDir, task.jobId));
        const children = childResults(await job.getChildrenValues(), task.jobId, task.splits);
        const result = await watched(task.jobId, (signal) =>
          pool.run({ kind: 'merge', task: { ...task, memoryLimit: Math.min(task.memoryLimit, memoryShare) }, children }, () => undefined, signal),
        );
        log(`merge ${job.id} done: ${result.groups} groups in ${((performance.now() - started) / 1000).toFixed(2)} s`);
        return result;
      }
      throw refuseTask(`unknown task type '${job.name}'`);
    } catch (e) {
      if (e instanceof UnrecoverableError) {
        log(`${job.name} ${job.id} failed: ${e.message}`);
        throw e;
      }
      const err = DfError.from(e);
      const encoded = encodeError(err);
      log(`${job.name} ${job.id} failed: ${err.name}: ${err.message}`);
      // Bad data fails the same way everywhere: fail the job now instead of retrying.
      if (isFinal(err)) throw new UnrecoverableError(encoded);
      // BullMQ records a thrown Error's message as the failed reason: the wire record travels in it.
      throw new Error(encoded);
    }
  };

  const worker = new Worker(queue, processor, {
    connection,
    prefix,
    concurrency,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? Math.max(500, Math.floor(lockDuration / 2)),
    // A task can be caught by a dying machine more than once before it is a real failure.
    maxStalledCount: 3,
  });
  worker.on('error', (e) => log(`worker error: ${e.message}`));

  return {
    ready: worker.waitUntilReady().then(() => undefined),
    async close(force = false) {
      if (force) for (const c of running) c.abort();
      await worker.close(force);
      await pool.close();
      redis.disconnect();
    },
  };
}

function parse<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  data: unknown,
  what: string,
): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const version = (data as { v?: unknown } | null)?.v;
  const message =
    version !== TASK_VERSION
      ? `${what} task of version ${String(version)}, this worker runs version ${TASK_VERSION}: run one df-stream version everywhere`
      : `invalid ${what} task: ${issue.path.join('.')}: ${issue.message}`;
  throw refuseTask(message);
}

/** The children's results in split order, checked: exactly one per split, each from this job. */
function childResults(values: Record<string, unknown>, jobId: string, splits: number): SplitResult[] {
  const out = new Array<SplitResult | undefined>(splits);
  for (const [key, value] of Object.entries(values)) {
    const r = SplitResult.parse(value);
    if (r.index >= splits || !key.endsWith(`:${jobId}-s${r.index}`) || out[r.index] !== undefined) {
      throw refuseTask(`unexpected split result ${key}`);
    }
    out[r.index] = r;
  }
  const missing = out.indexOf(undefined);
  if (missing >= 0) throw refuseTask(`split ${missing} has no result`);
  return out as SplitResult[];
}

/**
 * The coordinator creates the job's directory and removes it when the job ends: missing here means the
 * directory is not shared with this machine, or the job is over (a worker never recreates it).
 */
async function sharedDirVisible(dir: string): Promise<void> {
  const ok = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!ok) {
    throw refuseTask(`${dir} is not visible on this worker`, 'the shared directory (--shared-dir) must be the same path on every machine');
  }
}
