import { statSync } from 'node:fs';
import { join } from 'node:path';
import { col, count, DataFrame } from '@df-stream/core';
import { installNodeRuntime } from '@df-stream/engine';
import { makeTestDir } from '@df-stream/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { FeatherSource, scanFeather, writeFeather } from '../../src/feather/index.js';
import { openSplit } from '../../src/open-split.js';

// Group-bys here run on worker threads: the Node runtime provides them.
installNodeRuntime();

const { dir } = makeTestDir('df-stream-feather-splits');
const ROWS = 20_000;
const path = join(dir, 'groups.feather');
const names = ['Oslo', 'Lima', 'Pune', 'Kyiv', 'Rome', 'Bern', 'Riga', 'a city whose name is longer than twelve bytes'];

beforeAll(async () => {
  const df = DataFrame.fromColumns(
    {
      k: Array.from({ length: ROWS }, (_, i) => (i % 13 === 4 ? null : names[(i * 7919) % names.length])),
      n: Array.from({ length: ROWS }, (_, i) => (i * 31) % 17),
      v: Array.from({ length: ROWS }, (_, i) => (i % 9 === 2 ? null : ((i * 37) % 1000) / 8)),
    },
    { chunkSize: 3000, dtypes: { k: 'utf8' } },
  );
  // One record batch per chunk: 7 batches.
  await writeFeather(df, path);
});

describe('FeatherSource.splits', () => {
  it('cuts the record batches into up to n contiguous runs that a worker can rebuild', async () => {
    const source = new FeatherSource(path, { chunkSize: 1000 });
    const splits = await source.splits(3);
    expect(splits).toBeDefined();
    const runs = splits!.map((s) => (s.args[1] as { batches: number[] }).batches);
    expect(runs.flat()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(runs.length).toBe(3);
    const ns: number[] = [];
    let bytes = 0;
    for (const s of splits!) {
      expect(structuredClone(s)).toEqual(s);
      const part = await openSplit(s);
      for await (const c of part.scan({ columns: ['n'] })) {
        const column = c.column('n');
        for (let i = 0; i < c.numRows; i++) ns.push(column.get(i) as number);
      }
      bytes += part.progress?.().bytesRead ?? 0;
    }
    // The parts read every row once, in order, and their progress adds up to the file.
    expect(ns).toEqual(Array.from({ length: ROWS }, (_, i) => (i * 31) % 17));
    expect(bytes).toBeCloseTo(statSync(path).size, 0);
    expect((await source.splits(50))!.length).toBe(7);
    // Told the columns a query reads, parts must hold 256 MiB of them to be worth a thread: this file is one part.
    expect(await source.splits(3, undefined, ['n'])).toBeUndefined();
  });

  it('refuses a record batch the file does not have as a usage error', async () => {
    const error = await scanFeather(path, { batches: [7] })
      .collect()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ kind: 'usage' });
    expect(String((error as Error).message)).toContain('record batch 7 does not exist (the file has 7)');
  });

  it('aggregates in worker threads exactly as in one thread', async () => {
    const query = (threads: number) =>
      scanFeather(path)
        .filter(col('n').ge(2))
        .groupBy('k')
        .withOptions({ threads })
        .agg(count(), { n: ['sum', 'first', 'last'], v: ['max', 'min'] })
        .collect();
    const one = (await query(1)).toRecords();
    expect(one.length).toBe(names.length + 1);
    for (const threads of [2, 3]) expect((await query(threads)).toRecords()).toEqual(one);
  });
});

describe('group-by keys of plain string columns', () => {
  it('come categorical (interned as read) with the values of the utf8 column', async () => {
    const source = new FeatherSource(path);
    expect((await source.schema()).field('k').dtype).toBe('utf8');
    const plain: (string | null)[] = [];
    const keyed: (string | null)[] = [];
    for await (const c of source.scan({ columns: ['k'] })) for (let i = 0; i < c.numRows; i++) plain.push(c.column('k').get(i) as string | null);
    for await (const c of source.scan({ columns: ['k'], keyColumns: ['k'] })) {
      expect(c.schema.field('k').dtype).toBe('categorical');
      for (let i = 0; i < c.numRows; i++) keyed.push(c.column('k').get(i) as string | null);
    }
    expect(keyed).toEqual(plain);
    expect(plain.length).toBe(ROWS);
  });

  it('of 1 to 20 bytes that differ only at the end come out as the strings written', async () => {
    const tails = join(dir, 'tails.feather');
    // Strings of one length share their start, so a key that lost any of its words would join two of them.
    const k = Array.from({ length: ROWS }, (_, i) => (i % 10 === 3 ? null : `${'abcdefghijklmnop'.slice(0, (i >> 1) % 16)}${i >> 1}`));
    await writeFeather(DataFrame.fromColumns({ k }, { chunkSize: 3000, dtypes: { k: 'utf8' } }), tails);
    const keyed: (string | null)[] = [];
    for await (const c of new FeatherSource(tails).scan({ columns: ['k'], keyColumns: ['k'] })) {
      expect(c.schema.field('k').dtype).toBe('categorical');
      for (let i = 0; i < c.numRows; i++) keyed.push(c.column('k').get(i) as string | null);
    }
    expect(keyed).toEqual(k);
  });

  it('of a Utf8View file (Polars writes them) intern from the views, inline and not', async () => {
    let pl: typeof import('nodejs-polars').default;
    try {
      pl = (await import('nodejs-polars')).default;
    } catch (error) {
      console.log(`skipping the Utf8View file: nodejs-polars is not installed here (${String(error).slice(0, 80)})`);
      return;
    }
    const views = join(dir, 'views.feather');
    await pl
      .DataFrame({
        k: Array.from({ length: ROWS }, (_, i) => (i % 13 === 4 ? null : names[(i * 7919) % names.length])),
        n: Array.from({ length: ROWS }, (_, i) => i % 17),
      })
      .lazy()
      .sinkIpc(views)
      .collect();
    const plain = (
      await scanFeather(views)
        .groupBy('k')
        .agg({ n: ['sum'] })
        .collect()
    )
      .sort('k')
      .toRecords();
    const expected = new Map<string | null, number>();
    for (let i = 0; i < ROWS; i++) {
      const k = i % 13 === 4 ? null : names[(i * 7919) % names.length];
      expected.set(k, (expected.get(k) ?? 0) + (i % 17));
    }
    expect(plain.length).toBe(expected.size);
    for (const r of plain) expect(r.n_sum).toBe(expected.get(r.k as string | null));
  });
});
