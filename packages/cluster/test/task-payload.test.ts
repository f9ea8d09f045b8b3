import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import type { PartialAggregate } from '@df-stream/core';
import { decodePartial, encodePartial, redisOptions, toWireSplit } from '@df-stream/cluster';
import { describe, expect, it } from 'vitest';
import { SplitTask, toWire, WireSplit } from '../src/task-payload.js';

const ioIndex = pathToFileURL(fileURLToPath(new URL('../../io/src/index.ts', import.meta.url))).href;

describe('what a worker accepts from the queue', () => {
  const split = { module: '@df-stream/io', exportName: 'scanCsv', args: ['/data/x.csv', { byteRange: { start: 0, end: 10 } }], ops: [] };

  it('a CSV byte range of an io reader, with filters as plain data', () => {
    const ops = [{ kind: 'filter', predicate: { op: 'and', args: [{ op: '>', column: 'v', value: { $bigint: '9007199254740993' } }, { op: 'is_null', column: 'k' }] } }];
    const parsed = WireSplit.parse({ ...split, ops });
    expect(parsed.ops[0]).toEqual({ kind: 'filter', predicate: { op: 'and', args: [{ op: '>', column: 'v', value: 9007199254740993n }, { op: 'is_null', column: 'k' }] } });
  });

  it('refuses any module but the allow-listed package name, and unknown exports', () => {
    expect(WireSplit.safeParse({ ...split, module: 'https://evil.example/x.js' }).success).toBe(false);
    expect(WireSplit.safeParse({ ...split, module: ioIndex }).success).toBe(false);
    expect(WireSplit.safeParse({ ...split, exportName: 'writeCsv' }).success).toBe(false);
  });

  it('refuses unknown options, unknown aggregates and relative shared directories', () => {
    expect(WireSplit.safeParse({ ...split, args: ['/data/x.csv', { byteRange: { start: 0, end: 1 }, stats: {} }] }).success).toBe(false);
    const task = { v: 1, jobId: 'df-1', sharedDir: '/tmp', inlineBytes: 10, index: 0, split, keys: ['k'], aggs: [{ column: 'v', fn: 'sum', name: 'v_sum' }], memoryLimit: 1e6, positionBase: 0 };
    expect(SplitTask.safeParse(task).success).toBe(true);
    expect(SplitTask.safeParse({ ...task, aggs: [{ column: 'v', fn: 'eval', name: 'x' }] }).success).toBe(false);
    expect(SplitTask.safeParse({ ...task, sharedDir: 'tmp' }).success).toBe(false);
    expect(SplitTask.safeParse({ ...task, jobId: '../../etc' }).success).toBe(false);
  });

  it('a local split becomes a package name and an absolute path; other modules are not shipped', () => {
    const wire = toWireSplit({ module: ioIndex, exportName: 'scanCsv', args: ['data.csv', { byteRange: { start: 0, end: 5 } }] }, 'data.csv');
    expect(wire.module).toBe('@df-stream/io');
    expect(wire.args[0]).toBe(`${process.cwd()}/data.csv`);
    expect(wire.args[1].fileName).toBe('data.csv');
    expect(() => toWireSplit({ module: 'file:///tmp/evil.js', exportName: 'scanCsv', args: ['x.csv', {}] }, 'x')).toThrow(/only @df-stream\/io readers/);
  });

  it('bigints and non-finite numbers survive the trip through JSON', () => {
    expect(toWire({ a: 1n, b: Number.NaN, c: -Infinity })).toEqual({ a: { $bigint: '1' }, b: { $number: 'NaN' }, c: { $number: '-Infinity' } });
  });
});

describe('partial states on the wire', () => {
  const partial: PartialAggregate = { version: 1, numGroups: 2, keys: [['a', null]], firstSeen: new Float64Array([0, 5]), states: [{ sum: new Float64Array([1.5, 2]), count: 3 }] };

  it('round-trip through the versioned binary form', () => {
    expect(decodePartial(encodePartial(partial))).toEqual(partial);
  });

  it('refuse other bytes and other format versions', () => {
    expect(() => decodePartial(new Uint8Array(20))).toThrow(/not a df-stream partial/);
    const bytes = encodePartial(partial);
    new DataView(bytes.buffer).setUint32(4, 99, true);
    expect(() => decodePartial(bytes)).toThrow(/format v99/);
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
