import { statSync } from 'node:fs';
import { join } from 'node:path';
import { col, count, DataFrame } from '@df-stream/core';
import { installNodeRuntime } from '@df-stream/engine';
import { makeTestDir } from '@df-stream/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSplit } from '../../src/open-split.js';
import { ParquetSource, scanParquet, writeParquet } from '../../src/parquet/index.js';

// Group-bys here run on worker threads: the Node runtime provides them.
installNodeRuntime();

const { dir } = makeTestDir('df-stream-parquet-splits');

const ROWS = 20_000;
const path = join(dir, 'groups.parquet');

beforeAll(async () => {
  const names = ['Oslo', 'Lima', 'Pune', 'Kyiv', 'Rome', 'Bern', 'Riga'];
  const df = DataFrame.fromColumns(
    {
      k: Array.from({ length: ROWS }, (_, i) => (i % 13 === 4 ? null : names[(i * 7919) % names.length])),
      n: Array.from({ length: ROWS }, (_, i) => (i * 31) % 17),
      v: Array.from({ length: ROWS }, (_, i) => (i % 9 === 2 ? null : ((i * 37) % 1000) / 8)),
    },
    { chunkSize: 4096 },
  );
  // 7 row groups of 3000 rows (the last shorter).
  await writeParquet(df, path, { rowGroupSize: 3000 });
});

describe('ParquetSource.splits', () => {
  it('cuts the row groups into up to n contiguous runs that a worker can rebuild', async () => {
    const source = new ParquetSource(path, { chunkSize: 1000 });
    const splits = await source.splits(3);
    expect(splits).toBeDefined();
    const runs = splits!.map((s) => (s.args[1] as { rowGroups: number[] }).rowGroups);
    expect(runs.flat()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(runs.length).toBe(3);
    for (const s of splits!) {
      expect(structuredClone(s)).toEqual(s);
      expect(s.args[0]).toBe(path);
      expect((s.args[1] as { chunkSize: number }).chunkSize).toBe(1000);
    }
    // Rebuilt as a worker would, the parts read every row once, in order.
    const ns: number[] = [];
    for (const s of splits!) {
      for await (const c of (await openSplit(s)).scan({ columns: ['n'] })) {
        const column = c.column('n');
        for (let i = 0; i < c.numRows; i++) ns.push(column.get(i) as number);
      }
    }
    expect(ns).toEqual(Array.from({ length: ROWS }, (_, i) => (i * 31) % 17));
    // More parts than row groups: one group each.
    expect((await source.splits(50))!.length).toBe(7);
    // Told the columns a query reads, parts must hold 32 MiB of them to be worth a thread: this file is one part.
    expect(await source.splits(3, undefined, ['n', 'k'])).toBeUndefined();
  });

  it('does not split a single row group, and splits only the selected row groups', async () => {
    const one = join(dir, 'one.parquet');
    await writeParquet(DataFrame.fromColumns({ a: [1, 2, 3] }), one);
    expect(await new ParquetSource(one).splits(4)).toBeUndefined();
    expect(await new ParquetSource(path, { rowGroups: [5] }).splits(4)).toBeUndefined();
    const some = await new ParquetSource(path, { rowGroups: [1, 2, 3, 4], columns: ['k', 'v'] }).splits(2);
    expect(some!.map((s) => (s.args[1] as { rowGroups: number[] }).rowGroups)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect((some![0].args[1] as { columns: string[] }).columns).toEqual(['k', 'v']);
  });

  it('aggregates in worker threads exactly as in one thread', async () => {
    const query = (threads: number) =>
      scanParquet(path)
        .filter(col('n').ge(2))
        .groupBy('k')
        .withOptions({ threads })
        .agg(count(), { n: ['sum', 'first', 'last'], v: ['mean', 'max', 'min'] })
        .collect();
    const one = (await query(1)).toRecords();
    expect(one.length).toBe(8);
    for (const threads of [2, 3]) {
      const many = (await query(threads)).toRecords();
      expect(many.length).toBe(one.length);
      many.forEach((r, i) => {
        const w = one[i];
        expect([r.k, r.count, r.n_sum, r.n_first, r.n_last, r.v_max, r.v_min]).toEqual([w.k, w.count, w.n_sum, w.n_first, w.n_last, w.v_max, w.v_min]);
        expect(r.v_mean as number).toBeCloseTo(w.v_mean as number, 9);
      });
    }
  });
});

describe('ParquetSource.progress', () => {
  it('counts the compressed bytes of row groups read, up to about the file size', async () => {
    const source = new ParquetSource(path, { chunkSize: 1000 });
    const size = statSync(path).size;
    const seen: number[] = [];
    for await (const _ of source.scan()) seen.push(source.progress().bytesRead);
    const last = source.progress();
    expect(last.totalBytes).toBe(size);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen.every((b, i) => i === 0 || b >= seen[i - 1])).toBe(true);
    // Row groups' compressed sizes, scaled to make up the whole file (footer included).
    expect(Math.abs(last.bytesRead - size)).toBeLessThanOrEqual(1);
    // A split's parts add up to the file too (each reads its own row groups).
    let parts = 0;
    for (const s of (await source.splits(3))!) {
      const part = new ParquetSource(path, s.args[1] as { rowGroups: number[] });
      for await (const _ of part.scan({ columns: ['n'] })) void _;
      parts += part.progress().bytesRead;
    }
    expect(Math.abs(parts - size)).toBeLessThanOrEqual(3);
  });

  it('is forwarded by scanParquet', async () => {
    const lazy = scanParquet(path);
    await lazy.collect();
    expect(lazy.progress().totalBytes).toBe(statSync(path).size);
    expect(lazy.progress().bytesRead).toBeGreaterThan(0);
  });
});
