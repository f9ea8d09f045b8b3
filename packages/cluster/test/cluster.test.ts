import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterAggregateOptions, clusterAggregate } from '@df-stream/cluster';
import { type AggInput, col, count, type DataFrame, type LazyFrame, type Value } from '@df-stream/core';
import { scanCsv } from '@df-stream/io';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCitiesCsv } from '../../../bench/src/generate/cities-csv.js';
import { generateGroupbyCsv } from '../../../bench/src/generate/groupby-csv.js';
import { BIN, type RedisServer, skipReason, startRedis, startWorker, type WorkerProcess } from './redis-fixture.js';

const reason = skipReason();
if (reason !== undefined) console.log(`cluster tests skipped: ${reason}`);

type Query = { keys: string[]; aggs: AggInput[] };

/** db-benchmark's group-by questions the engine has (q8 top-n and q9 corr have no aggregate) and the city query. */
const QUERIES: Record<string, Query> = {
  q1: { keys: ['id1'], aggs: [{ v1: 'sum' }] },
  q2: { keys: ['id1', 'id2'], aggs: [{ v1: 'sum' }] },
  q3: { keys: ['id3'], aggs: [{ v1: 'sum', v3: 'mean' }] },
  q4: { keys: ['id4'], aggs: [{ v1: 'mean', v2: 'mean', v3: 'mean' }] },
  q5: { keys: ['id6'], aggs: [{ v1: 'sum', v2: 'sum', v3: 'sum' }] },
  q6: { keys: ['id4', 'id5'], aggs: [{ v3: ['median', 'std'] }] },
  q7: { keys: ['id3'], aggs: [{ v1: 'max', v2: 'min' }] },
  q10: { keys: ['id1', 'id2', 'id3', 'id4', 'id5', 'id6'], aggs: [{ v3: 'sum' }, count()] },
};

/** Same rows in the same order; floats may differ in the last bits (sums merged in another order). */
function expectSameFrames(actual: DataFrame, expected: DataFrame): void {
  expect(actual.schema.names).toEqual(expected.schema.names);
  const a = actual.toRecords();
  const e = expected.toRecords();
  expect(a.length).toBe(e.length);
  for (let i = 0; i < e.length; i++) {
    for (const name of expected.schema.names) expectClose(a[i][name], e[i][name], `row ${i} ${name}`);
  }
}

function expectClose(a: Value | undefined, e: Value | undefined, where: string): void {
  if (typeof a === 'number' && typeof e === 'number' && !Number.isInteger(e)) {
    expect(Math.abs(a - e), where).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
  } else expect(a, where).toEqual(e);
}

describe.skipIf(reason !== undefined)('agg on a cluster of df-stream workers (BullMQ on Redis)', () => {
  let redis: RedisServer;
  let dir: string;
  let groupby: string;
  let cities: string;
  const workers: WorkerProcess[] = [];
  let options: ClusterAggregateOptions;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'df-stream-cluster-test-'));
    groupby = join(dir, 'groupby.csv');
    cities = join(dir, 'cities.csv');
    redis = await startRedis();
    const started = Promise.all([startWorker(redis.url), startWorker(redis.url)]);
    await generateGroupbyCsv({ path: groupby, rows: 100_000, k: 100, seed: 7 });
    await generateCitiesCsv({ path: cities, rows: 200_000, seed: 7 });
    workers.push(...(await started));
    // About 8 splits of the 5 MB file: several per worker, so every split boundary is exercised.
    options = { connection: redis.url, splitBytes: 600_000, cancelOnInterrupt: false };
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const plan = (path: string, q: Query): LazyFrame =>
    scanCsv(path)
      .groupBy(q.keys)
      .agg(...q.aggs);

  for (const [name, q] of Object.entries(QUERIES)) {
    it(`${name} gives the local result`, async () => {
      const expected = await plan(groupby, q).collect();
      const actual = await clusterAggregate(plan(groupby, q), options).collect();
      expectSameFrames(actual, expected);
    });
  }

  it('the city query gives the local result, with progress by split', async () => {
    const q: Query = { keys: ['city'], aggs: [count(), { temp: ['min', 'mean', 'max'] }] };
    const events: { splitsDone: number; splitsTotal: number; rows: number }[] = [];
    const actual = await clusterAggregate(plan(cities, q), { ...options, onProgress: (e) => events.push(e) }).collect();
    expectSameFrames(actual, await plan(cities, q).collect());
    const last = events[events.length - 1];
    expect(last.splitsTotal).toBeGreaterThan(1);
    expect(last.splitsDone).toBe(last.splitsTotal);
    expect(last.rows).toBe(200_000);
  });

  it('an expression plan (derived column, column filter, expression key, post-aggregate, HAVING) gives the local result', async () => {
    const exprPlan = (): LazyFrame =>
      scanCsv(groupby)
        .withColumns(col('v1').mul(col('v3')).as('x'))
        .filter(col('v1').gt(col('v2')))
        .groupBy(col('id2').str.lower().as('k'))
        .agg(count(), col('x').sum().as('x_sum'), col('v1').max().sub(col('v2').min()).as('range'))
        .filter(col('count').gt(10));
    const expected = await exprPlan().collect();
    expect(expected.numRows).toBeGreaterThan(10);
    expectSameFrames(await clusterAggregate(exprPlan(), options).collect(), expected);
  });

  // Aggregates whose result does not depend on the order partial sums merge in: the output is compared as text.
  it('df-stream agg --cluster with --with, an SQL --filter, an expression --by and --agg prints what the local run prints', () => {
    const args = [
      'agg',
      groupby,
      '--with',
      'x = v1 * v3',
      '--filter',
      "v1 > v2 and id1 <> 'id001'",
      '--by',
      'k = lower(id2)',
      '--agg',
      'r = max(v1) - min(v2)',
      '--agg',
      'x:max',
      '--agg',
      'n = count(*)',
      '--format',
      'csv',
    ];
    const local = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    const remote = spawnSync(process.execPath, [BIN, ...args, '--cluster', redis.url, '--split-size', '500KB'], { encoding: 'utf8' });
    expect(local.status).toBe(0);
    expect(remote.stderr).toBe('');
    expect(remote.stdout).toBe(local.stdout);
  });

  it('runs two jobs at once without mixing them, and leaves no job keys or files behind', async () => {
    const [a, b] = await Promise.all([clusterAggregate(plan(groupby, QUERIES.q1), options).collect(), clusterAggregate(plan(groupby, QUERIES.q4), options).collect()]);
    expectSameFrames(a, await plan(groupby, QUERIES.q1).collect());
    expectSameFrames(b, await plan(groupby, QUERIES.q4).collect());
    const client = new Redis(redis.url);
    try {
      expect(await client.keys('bull:df-stream:df-*')).toEqual([]);
      expect(await client.keys('bull:df-stream:df-cancel:*')).toEqual([]);
    } finally {
      client.disconnect();
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('.df-stream-'))).toEqual([]);
  });

  it('df-stream agg --cluster prints what the local run prints', () => {
    const args = ['agg', cities, '--by', 'city', '--agg', 'temp:min,max', '--agg', 'count', '--format', 'csv'];
    const local = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    const remote = spawnSync(process.execPath, [BIN, ...args, '--cluster', redis.url, '--split-size', '500KB'], { encoding: 'utf8' });
    expect(remote.stderr).toBe('');
    expect(remote.status).toBe(0);
    expect(remote.stdout).toBe(local.stdout);
  });

  it('a split with bad data fails the job with the one-line error a local run gives', () => {
    const bad = join(dir, 'bad.csv');
    const rows = Array.from({ length: 40_000 }, (_, i) => `k${i % 7},${i}`);
    rows.splice(30_000, 0, 'k1,2,3');
    writeFileSync(bad, `key,value\n${rows.join('\n')}\n`);
    const args = ['agg', bad, '--by', 'key', '--agg', 'value:sum', '--format', 'csv'];
    const local = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const remote = spawnSync(process.execPath, [BIN, ...args, '--cluster', redis.url, '--split-size', '50KB'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(local.status).toBe(1);
    expect(local.stderr).toMatch(/bad\.csv:30002/);
    expect(remote.status).toBe(1);
    expect(remote.stderr).toBe(local.stderr);
    expect(readdirSync(dir).filter((f) => f.startsWith('.df-stream-'))).toEqual([]);
  });

  it('a worker killed mid-task: its task runs again elsewhere and the result is identical', async () => {
    // A queue of its own: the worker to kill is alone on it, so it certainly holds a task when killed.
    const queue = 'kill-test';
    const victim = await startWorker(redis.url, ['--queue', queue]);
    const q = QUERIES.q3;
    const reference = await clusterAggregate(plan(groupby, q), options).collect();
    let killed = false;
    let rescuer: Promise<WorkerProcess> | undefined;
    let retries = 0;
    const actual = await clusterAggregate(plan(groupby, q), {
      ...options,
      queue,
      progressIntervalMs: 0,
      onProgress: (e) => {
        retries = Math.max(retries, e.retries);
        if (!killed && e.rows > 0) {
          killed = true;
          victim.child.kill('SIGKILL');
          rescuer = startWorker(redis.url, ['--queue', queue]);
        }
      },
    }).collect();
    workers.push(await (rescuer as Promise<WorkerProcess>));
    expect(killed).toBe(true);
    expect(retries).toBeGreaterThan(0);
    // Same splits, merged in the same order: identical, to the last bit of every float.
    expect(actual.toRecords()).toEqual(reference.toRecords());
  });

  it('Ctrl-C on the coordinator cancels the flow and removes its keys and files', async () => {
    const big = join(dir, 'big.csv');
    await generateGroupbyCsv({ path: big, rows: 400_000, k: 100, seed: 3 });
    const child = spawn(process.execPath, [BIN, 'agg', big, '--by', 'id3', '--agg', 'v3:sum', '--cluster', redis.url, '--split-size', '200KB', '--progress', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Interrupt once tasks are running.
        if (stderr.includes('"splitsTotal"') && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted');
    const client = new Redis(redis.url);
    try {
      expect(await client.keys('bull:df-stream:df-*')).toEqual([]);
    } finally {
      client.disconnect();
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('.df-stream-'))).toEqual([]);
  });
});
