import { mkdirSync, readdirSync } from 'node:fs';
import { type ClusterAggregateOptions, type ClusterProgressEvent, clusterAggregate } from '@df-stream/cluster';
import { count, type DataFrame, DfError, type LazyFrame } from '@df-stream/core';
import { scanCsv } from '@df-stream/io';
import { makeTestDir } from '@df-stream/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGroupbyCsv } from '../../../bench/src/generate/groupby-csv.js';
import { type RedisServer, skipReason, startRedis, startWorker, type WorkerProcess } from './redis-fixture.js';

const reason = skipReason();
if (reason !== undefined) console.log(`cluster fault tests skipped: ${reason}`);

// Integer aggregates only: their result does not depend on the order partials merge in, so "exact" means equal.
const plan = (path: string): LazyFrame =>
  scanCsv(path)
    .groupBy('id1', 'id4')
    .agg(count(), { v1: ['sum', 'max'], v2: 'min' });

// One Redis (with an append-only file, so that a restart may keep or lose its data) and two workers for all cases;
// the last case stops Redis for good.
describe.skipIf(reason !== undefined).sequential('a cluster job meets faults: the exact local answer or a clean failure, never a hang', () => {
  const test = makeTestDir('df-stream-cluster-faults');
  const shared = test.path('shared');
  const input = test.path('groupby.csv');
  let local: DataFrame;
  let redis: RedisServer;
  const workers: WorkerProcess[] = [];

  /** Alone on its queue at first: it certainly holds a task when it is paused (see the first case). */
  let victim: WorkerProcess;
  const twice = ['--queue', 'twice', '--lock-ms', '1000'];

  beforeAll(async () => {
    mkdirSync(shared);
    mkdirSync(test.path('redis'));
    redis = await startRedis({ dataDir: test.path('redis') });
    const started = Promise.all([startWorker(redis.url), startWorker(redis.url), startWorker(redis.url, twice)]);
    await generateGroupbyCsv({ path: input, rows: 60_000, k: 100, seed: 11 });
    local = await plan(input).collect();
    const [a, b, c] = await started;
    workers.push(a, b);
    victim = c;
  });

  afterAll(async () => {
    // Their Redis is gone by now: nothing to finish gracefully.
    for (const w of [...workers, victim]) w?.child.kill('SIGKILL');
    await redis?.stop();
  });

  /** A job of 6 splits whose partial states travel as files in the shared directory. */
  const options = (more: Partial<ClusterAggregateOptions> = {}): ClusterAggregateOptions => ({
    connection: redis.url,
    splits: 6,
    sharedDir: shared,
    inlineBytes: 0,
    cancelOnInterrupt: false,
    progressIntervalMs: 0,
    ...more,
  });

  /**
   * Once the job has read some rows: `fault()`, with every worker paused meanwhile, so that the job is certainly not
   * done when it happens.
   */
  const midJob = (fault: () => Promise<void>): { onProgress: (e: ClusterProgressEvent) => void; done: () => Promise<boolean> } => {
    let happened: Promise<void> | undefined;
    return {
      onProgress: (e) => {
        if (happened !== undefined || e.rows === 0) return;
        for (const w of workers) w.child.kill('SIGSTOP');
        happened = fault().finally(() => {
          for (const w of workers) w.child.kill('SIGCONT');
        });
      },
      done: async () => {
        await happened;
        return happened !== undefined;
      },
    };
  };

  async function failure(run: Promise<unknown>): Promise<DfError> {
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DfError);
    return error as DfError;
  }

  it('a task delivered twice (its worker paused past its lock, then resumed): the exact local answer', async () => {
    let paused = false;
    let resumed = false;
    const rescuers: WorkerProcess[] = [];
    const onProgress = (e: ClusterProgressEvent): void => {
      if (!paused && e.rows > 0) {
        paused = true;
        victim.child.kill('SIGSTOP');
        void startWorker(redis.url, twice).then((w) => rescuers.push(w));
      } else if (paused && !resumed && e.retries > 0) {
        // Its task runs again elsewhere: now both deliveries run, and the first one ends late.
        resumed = true;
        victim.child.kill('SIGCONT');
      }
    };
    const actual = await clusterAggregate(plan(input), options({ queue: 'twice', onProgress })).collect();
    for (const w of rescuers) w.child.kill('SIGKILL');
    expect(paused && resumed).toBe(true);
    expect(actual.toRecords()).toEqual(local.toRecords());
    expect(readdirSync(shared)).toEqual([]);
  });

  it('Redis restarts mid-job with its data kept: the exact local answer', async () => {
    const fault = midJob(() => redis.restart());
    const actual = await clusterAggregate(plan(input), options({ onProgress: fault.onProgress })).collect();
    expect(await fault.done()).toBe(true);
    expect(actual.toRecords()).toEqual(local.toRecords());
    expect(readdirSync(shared)).toEqual([]);
  });

  it('Redis restarts mid-job and loses its data: a clean io error within seconds', async () => {
    const fault = midJob(() => redis.restart({ lose: true }));
    const started = Date.now();
    const error = await failure(clusterAggregate(plan(input), options({ onProgress: fault.onProgress })).collect());
    expect(await fault.done()).toBe(true);
    expect(error.kind).toBe('io');
    expect(error.message).toMatch(/^cluster job df-[\w-]+ is gone from Redis: /);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(readdirSync(shared)).toEqual([]);
  });

  it('Redis goes down for good mid-job: the coordinator gives up after its timeout, with a clean io error', async () => {
    const fault = midJob(() => redis.stop());
    const started = Date.now();
    const error = await failure(clusterAggregate(plan(input), options({ onProgress: fault.onProgress, redisTimeoutMs: 1500 })).collect());
    expect(await fault.done()).toBe(true);
    expect(error.kind).toBe('io');
    expect(error.message).toMatch(/^lost the connection to Redis at 127\.0\.0\.1:\d+ for 1\.5 s$/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(readdirSync(shared)).toEqual([]);
  });
});
