import { redisOptions, TASK_VERSION, toWireSplit } from '@df-stream/cluster';
import { col, lit, type PlanOp, when } from '@df-stream/core';
import { describe, expect, it } from 'vitest';
import { SplitTask, toWire, WireSplit } from '../src/task-payload.js';

describe('what a worker accepts from the queue', () => {
  const split = { reader: 'csv', args: ['/data/x.csv', { byteRange: { start: 0, end: 10 } }], ops: [] };

  it('a plan survives the wire: filters, derived columns, renames and drops, with bigints, NaN and dates as literals', () => {
    const ops: PlanOp[] = [
      { kind: 'with_columns', exprs: [col('v1').mul(col('v3')).as('x').node, col('day').dt.truncate('month').as('m').node, col('s').str.lower().as('s').node] },
      {
        kind: 'filter',
        predicate: col('v')
          .gt(9007199254740993n)
          .and(col('k').isNull().or(col('f').neq(Number.NaN))).node,
      },
      {
        kind: 'filter',
        predicate: when(col('d').ge(lit('2024-01-01')))
          .then(true)
          .otherwise(col('f').isIn([1, Infinity, null])).node,
      },
      { kind: 'select', exprs: [col('x').node, col('m').as('month').node] },
      { kind: 'rename', mapping: [['x', 'revenue']] },
      { kind: 'drop', columns: ['k'] },
    ];
    const parsed = WireSplit.parse(toWire({ ...split, ops }));
    expect(parsed.ops).toEqual(ops);
  });

  it('refuses unknown functions, aggregates and op kinds in a plan', () => {
    const bad = (op: unknown) => WireSplit.safeParse(toWire({ ...split, ops: [op] })).success;
    expect(bad({ kind: 'filter', predicate: col('v').gt(1).node })).toBe(true);
    expect(bad({ kind: 'filter', predicate: { op: 'call', fn: 'rm_rf', args: [] } })).toBe(false);
    expect(bad({ kind: 'select', exprs: [col('v').sum().node] })).toBe(false);
    expect(bad({ kind: 'limit', n: 5 })).toBe(false);
  });

  it('refuses any reader but the shipped ones, and any module to import', () => {
    expect(WireSplit.safeParse({ ...split, module: 'https://evil.example/x.js' }).success).toBe(false);
    expect(WireSplit.safeParse({ ...split, reader: 'writeCsv' }).success).toBe(false);
  });

  it('refuses unknown options, unknown aggregates and relative shared directories', () => {
    expect(WireSplit.safeParse({ ...split, args: ['/data/x.csv', { byteRange: { start: 0, end: 1 }, stats: {} }] }).success).toBe(false);
    const task = {
      v: TASK_VERSION,
      jobId: 'df-1',
      sharedDir: '/tmp',
      inlineBytes: 10,
      index: 0,
      split,
      keys: ['k'],
      aggs: [{ column: 'v', fn: 'sum', name: 'v_sum' }],
      memoryLimit: 1e6,
      positionBase: 0,
    };
    expect(SplitTask.safeParse(task).success).toBe(true);
    expect(SplitTask.safeParse({ ...task, aggs: [{ column: 'v', fn: 'eval', name: 'x' }] }).success).toBe(false);
    expect(SplitTask.safeParse({ ...task, sharedDir: 'tmp' }).success).toBe(false);
    expect(SplitTask.safeParse({ ...task, jobId: '../../etc' }).success).toBe(false);
  });

  it('a local split keeps its reader and gets an absolute path; other readers are not shipped', () => {
    const layout = { dataStart: 0 };
    const wire = toWireSplit({ reader: 'csv', args: ['data.csv', { byteRange: { start: 0, end: 5 } }, layout] }, 'data.csv');
    expect(wire.reader).toBe('csv');
    expect(wire.args).toHaveLength(2);
    expect(wire.args[0]).toBe(`${process.cwd()}/data.csv`);
    expect(wire.args[1].fileName).toBe('data.csv');
    expect(() => toWireSplit({ reader: 'feather', args: ['x.feather', {}] }, 'x')).toThrow(/only CSV and Parquet files are shipped/);
  });

  it('bigints and non-finite numbers survive the trip through JSON', () => {
    expect(toWire({ a: 1n, b: Number.NaN, c: -Infinity })).toEqual({ a: { $bigint: '1' }, b: { $number: 'NaN' }, c: { $number: '-Infinity' } });
  });
});

describe('Redis connection options', () => {
  it('pass user, password, database and TLS through from the URL', () => {
    expect(redisOptions('rediss://df:p%40ss@redis.example:6380/2')).toEqual({
      host: 'redis.example',
      port: 6380,
      username: 'df',
      password: 'p@ss',
      db: 2,
      tls: { servername: 'redis.example' },
      maxRetriesPerRequest: null,
    });
  });

  it('refuse other schemes without echoing the password', () => {
    expect(() => redisOptions('http://u:secret@host:1')).toThrow(/u:\*\*\*@/);
  });
});
