import { redisOptions, TASK_VERSION, toWireSplit } from '@df-stream/cluster';
import { describe, expect, it } from 'vitest';
import { SplitTask, toWire, WireSplit } from '../src/task-payload.js';

describe('what a worker accepts from the queue', () => {
  const split = { reader: 'csv', args: ['/data/x.csv', { byteRange: { start: 0, end: 10 } }], ops: [] };

  it('a CSV byte range of an io reader, with filters as plain data', () => {
    const ops = [
      {
        kind: 'filter',
        predicate: {
          op: 'and',
          args: [
            { op: '>', column: 'v', value: { $bigint: '9007199254740993' } },
            { op: 'is_null', column: 'k' },
          ],
        },
      },
    ];
    const parsed = WireSplit.parse({ ...split, ops });
    expect(parsed.ops[0]).toEqual({
      kind: 'filter',
      predicate: {
        op: 'and',
        args: [
          { op: '>', column: 'v', value: 9007199254740993n },
          { op: 'is_null', column: 'k' },
        ],
      },
    });
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
