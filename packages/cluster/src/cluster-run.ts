import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { DfError } from '@df-stream/core';
import type { RedisOptions } from 'bullmq';
import { FlowProducer, Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { jobDir } from './blob-store.js';
import { cancelKey } from './cancel-key.js';
import { DEFAULT_PREFIX, DEFAULT_QUEUE, type QueueSettings } from './cluster-connection.js';
import { ConnectionWatch } from './connection-watch.js';
import { decodeError } from './task-errors.js';
import { MergeResult, type MergeTask, SplitProgress, type SplitTask, TASK_VERSION, toWire } from './task-payload.js';

export interface ClusterRunProgress {
  readonly splitsDone: number;
  readonly splitsTotal: number;
  readonly rows: number;
  readonly bytesRead: number;
  /** Tasks that had to start again (a worker died or a transient error). */
  readonly retries: number;
}

export interface ClusterRunSettings extends QueueSettings {
  readonly connection: RedisOptions;
  readonly sharedRoot: string;
  /** Attempts per task before the job fails (a killed worker's task is retried; bad data is not). */
  readonly attempts: number;
  /** How long Redis may be unreachable before the job fails (its connections would otherwise wait forever). */
  readonly redisTimeoutMs: number;
  readonly onProgress: (p: ClusterRunProgress) => void;
}

type TaskBody<T> = Omit<T, 'v' | 'jobId' | 'sharedDir'>;

const REMOVE_TIMEOUT_MS = 10_000;
/** How often the merge task's state is read: the truth when the event stream skipped something (a reconnect). */
const POLL_MS = 2000;
/** Bounds on cleanup calls to a Redis that may not answer. */
const CANCEL_TIMEOUT_MS = 2000;
const CLOSE_TIMEOUT_MS = 2000;

/**
 * One cluster job: a BullMQ flow of one split task per input part and a merge task that depends on
 * them all. Everything it creates (jobs, cancel flag, the job's shared directory) is named by its id,
 * so jobs at once never mix, and `cleanup` removes it all.
 */
export class ClusterRun {
  readonly jobId = `df-${randomUUID()}`;
  readonly dir: string;
  private readonly queueName: string;
  private readonly prefix: string;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly flows: FlowProducer;
  private readonly redis: Redis;
  private readonly connection: ConnectionWatch;
  private poll: NodeJS.Timeout | undefined;
  /** The flow is in Redis: from then on, a merge task that cannot be found is a job that is gone. */
  private submitted = false;
  private readonly rows: number[] = [];
  private readonly bytes: number[] = [];
  private readonly done = new Set<number>();
  private retries = 0;
  private splitsTotal = 0;
  private closed = false;
  /** Set by `cancel`: failures of our own cancelled tasks are expected then, not errors to report. */
  private cancelling = false;

  constructor(private readonly settings: ClusterRunSettings) {
    this.queueName = settings.queue ?? DEFAULT_QUEUE;
    this.prefix = settings.prefix ?? DEFAULT_PREFIX;
    this.dir = jobDir(settings.sharedRoot, this.jobId);
    const base = { connection: settings.connection, prefix: this.prefix };
    this.queue = new Queue(this.queueName, base);
    this.events = new QueueEvents(this.queueName, base);
    this.flows = new FlowProducer(base);
    this.redis = new Redis(settings.connection);
    const address = `${settings.connection.host ?? '127.0.0.1'}:${settings.connection.port ?? 6379}`;
    this.connection = new ConnectionWatch(this.redis, settings.redisTimeoutMs, address);
    // A lost connection is the watch's to report (once, as one error), not each client's at every retry.
    this.queue.on('error', () => undefined);
    this.events.on('error', () => undefined);
    this.flows.on('error', () => undefined);
  }

  private get parentId(): string {
    return `${this.jobId}-merge`;
  }

  private splitId(i: number): string {
    return `${this.jobId}-s${i}`;
  }

  /**
   * Submits the flow and resolves with the merge task's result; rejects with the first final task failure, when the
   * job is gone from Redis (a restart that lost its data), or when Redis has been unreachable for `redisTimeoutMs`.
   */
  async run(splits: readonly TaskBody<SplitTask>[], merge: TaskBody<MergeTask>): Promise<MergeResult> {
    const watch = this.connection.watch();
    const submitted = this.submit(splits, merge);
    // Lost to the watch, the submission may still fail later: that is no unhandled failure.
    submitted.catch(() => undefined);
    try {
      return await Promise.race([submitted, watch.lost]);
    } finally {
      watch.stop();
      clearInterval(this.poll);
    }
  }

  private async submit(splits: readonly TaskBody<SplitTask>[], merge: TaskBody<MergeTask>): Promise<MergeResult> {
    this.splitsTotal = splits.length;
    this.rows.length = 0;
    this.bytes.length = 0;
    for (let i = 0; i < splits.length; i++) {
      this.rows.push(0);
      this.bytes.push(0);
    }
    await mkdir(this.dir, { recursive: true });
    // Listening before the flow exists, so no event of ours is missed.
    await this.events.waitUntilReady();
    const outcome = new Promise<MergeResult>((resolve, reject) => {
      let finished = false;
      const finish = (f: () => void): void => {
        if (finished) return;
        finished = true;
        clearInterval(this.poll);
        f();
      };
      const fail = (jobId: string, reason: string | undefined): void => {
        void this.isFinalFailure(jobId).then(async (final) => {
          if (!final || this.cancelling) return;
          // A merge that failed because a split did says so in BullMQ's words: report the split's own error.
          const child = jobId === this.parentId ? await this.failedChild() : undefined;
          finish(() => reject(child === undefined ? this.taskError(jobId, reason) : this.taskError(child.id, child.reason)));
        });
      };
      this.events.on('progress', ({ jobId, data }) => {
        const i = this.indexOf(jobId);
        const p = SplitProgress.safeParse(data);
        if (i < 0 || !p.success) return;
        this.rows[i] = p.data.rows;
        this.bytes[i] = p.data.bytesRead;
        this.report();
      });
      this.events.on('completed', ({ jobId, returnvalue }) => {
        if (jobId === this.parentId) {
          const r = MergeResult.safeParse(typeof returnvalue === 'string' ? safeJson(returnvalue) : returnvalue);
          finish(() => (r.success ? resolve(r.data) : reject(new DfError('internal', 'the merge task returned an unexpected result'))));
          return;
        }
        const i = this.indexOf(jobId);
        if (i < 0) return;
        this.done.add(i);
        this.report();
      });
      this.events.on('failed', ({ jobId, failedReason }) => {
        if (jobId === this.parentId || this.indexOf(jobId) >= 0) fail(jobId, failedReason);
      });
      this.events.on('stalled', ({ jobId }) => {
        const i = this.indexOf(jobId);
        if (i < 0 && jobId !== this.parentId) return;
        this.retries++;
        if (i >= 0) this.rows[i] = this.bytes[i] = 0;
        this.report();
      });
      // Events are a stream that a reconnect can skip: the merge task's state is the truth, checked now and then.
      let polling = false;
      this.poll = setInterval(() => {
        // One read at a time: while Redis is away, reads wait in the client's queue instead of piling up.
        if (polling) return;
        polling = true;
        void this.parentState().then((s) => {
          polling = false;
          if (s === undefined) return;
          if (s.state === 'gone') {
            if (this.submitted && !this.cancelling) finish(() => reject(this.goneError()));
          } else if (s.state === 'completed') {
            const r = MergeResult.safeParse(s.returnvalue);
            if (r.success) finish(() => resolve(r.data));
          } else if (s.state === 'failed') fail(this.parentId, s.failedReason);
        });
      }, POLL_MS);
    });
    const common = { v: TASK_VERSION, jobId: this.jobId, sharedDir: this.settings.sharedRoot };
    const opts = { attempts: this.settings.attempts, backoff: { type: 'fixed', delay: 500 } };
    await this.flows.add({
      name: 'merge',
      queueName: this.queueName,
      data: toWire({ ...common, ...merge }),
      opts: { ...opts, jobId: this.parentId },
      children: splits.map((s, i) => ({
        name: 'split',
        queueName: this.queueName,
        data: toWire({ ...common, ...s }),
        opts: { ...opts, jobId: this.splitId(i), failParentOnFailure: true },
      })),
    });
    this.submitted = true;
    this.report();
    return outcome;
  }

  /**
   * Raises the cancel flag: running tasks of this job stop within half a second, waiting ones never start. A Redis
   * that does not answer within a moment cannot be told (and its tasks, if it comes back, find the job's directory gone).
   */
  async cancel(): Promise<void> {
    this.cancelling = true;
    await within(this.redis.set(cancelKey(this.prefix, this.queueName, this.jobId), '1', 'EX', 3600), CANCEL_TIMEOUT_MS);
  }

  /** Removes every key and file of the job and closes the connections; safe to call more than once. */
  async cleanup(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.poll);
    try {
      // Without a connection there is nobody to remove the jobs from, and waiting for one could be forever: only with
      // one, and no longer than the connection may be lost meanwhile.
      if (this.connection.up) {
        const watch = this.connection.watch();
        const removing = this.removeJobs();
        removing.catch(() => undefined);
        try {
          await Promise.race([removing, watch.lost]);
        } finally {
          watch.stop();
        }
      }
    } finally {
      await rm(this.dir, { recursive: true, force: true });
      const clients = [this.events, this.queue, this.flows];
      // A graceful close sends QUIT, which needs a connection: only with one, and bounded.
      if (this.connection.up) await within(Promise.allSettled(clients.map((c) => c.close())), CLOSE_TIMEOUT_MS);
      // Then cut whatever is left: a client still reconnecting would retry forever and keep the process alive. Its
      // disconnect may never settle (there is no connection to end), so it is not awaited.
      for (const c of clients) c.disconnect().catch(() => undefined);
      this.redis.disconnect();
    }
  }

  /**
   * The parent and its children; a task still running holds a lock and cannot be removed yet, so this
   * raises the cancel flag (a no-op for a finished job) and tries again until the tasks have stopped.
   */
  private async removeJobs(): Promise<void> {
    const deadline = Date.now() + REMOVE_TIMEOUT_MS;
    let flagged = false;
    for (;;) {
      // A locked job is not removed (BullMQ answers 0): count what is left instead of trusting one call.
      if ((await Job.fromId(this.queue, this.parentId)) !== undefined) await this.queue.remove(this.parentId, { removeChildren: true }).catch(() => 0);
      let left = (await Job.fromId(this.queue, this.parentId)) === undefined ? 0 : 1;
      if (left === 0) {
        // Children of a parent that is gone already are removed one by one.
        for (let i = 0; i < this.splitsTotal; i++) {
          if ((await Job.fromId(this.queue, this.splitId(i))) === undefined) continue;
          if ((await this.queue.remove(this.splitId(i)).catch(() => 0)) !== 1) left++;
        }
      }
      if (left === 0) {
        // Nothing of the job is left to run, so nothing will read the flag any more.
        await this.redis.del(cancelKey(this.prefix, this.queueName, this.jobId));
        return;
      }
      if (Date.now() > deadline) throw new DfError('io', `could not remove ${left} task(s) of cluster job ${this.jobId} from Redis: they are still locked by a worker`);
      if (!flagged) {
        flagged = true;
        await this.cancel();
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private indexOf(jobId: string): number {
    const prefix = `${this.jobId}-s`;
    if (!jobId.startsWith(prefix)) return -1;
    const i = Number(jobId.slice(prefix.length));
    return Number.isInteger(i) && i >= 0 && i < this.splitsTotal ? i : -1;
  }

  private report(): void {
    this.settings.onProgress({
      splitsDone: this.done.size,
      splitsTotal: this.splitsTotal,
      rows: sum(this.rows),
      bytesRead: sum(this.bytes),
      retries: this.retries,
    });
  }

  private async isFinalFailure(jobId: string): Promise<boolean> {
    const job = await Job.fromId(this.queue, jobId);
    if (job === undefined) return false;
    return (await job.getState()) === 'failed';
  }

  /** The merge task's state ('gone' when Redis has no such job), or undefined when it could not be read. */
  private async parentState(): Promise<{ state: string; returnvalue: unknown; failedReason: string | undefined } | undefined> {
    try {
      const job = await Job.fromId(this.queue, this.parentId);
      if (job === undefined) return { state: 'gone', returnvalue: undefined, failedReason: undefined };
      return { state: await job.getState(), returnvalue: job.returnvalue, failedReason: job.failedReason };
    } catch {
      return undefined;
    }
  }

  private async failedChild(): Promise<{ id: string; reason: string | undefined } | undefined> {
    for (let i = 0; i < this.splitsTotal; i++) {
      const job = await Job.fromId(this.queue, this.splitId(i));
      if (job !== undefined && (await job.getState()) === 'failed') return { id: this.splitId(i), reason: job.failedReason };
    }
    return undefined;
  }

  private goneError(): DfError {
    return new DfError('io', `cluster job ${this.jobId} is gone from Redis: the server lost its data (a restart without persistence?) or its keys were removed`, {
      code: 'job-gone',
      hint: 'run the job again; a Redis with persistence (appendonly yes) keeps jobs across a restart',
    });
  }

  private taskError(jobId: string, reason: string | undefined): DfError {
    return decodeError(reason, jobId === this.parentId ? 'the merge task' : `split ${this.indexOf(jobId)}`);
  }
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** Waits for `promise` at most `ms` milliseconds; its outcome, if any, is not reported (cleanup: best effort). */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
