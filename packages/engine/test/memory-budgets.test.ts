import { readdirSync } from 'node:fs';
import { count, DataFrame, type LazyFrame } from '@df-stream/core';
import { installNodeRuntime } from '@df-stream/engine';
import { scanCsv, scanParquet, writeCsv, writeParquet } from '@df-stream/io';
import { dbBenchmarkRows, makeTestDir, referenceGroupBy } from '@df-stream/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

installNodeRuntime();

const dir = makeTestDir('df-stream-budget-test');
// Spill files of this file's jobs go to a directory of their own, to see that they are all removed.
const spillDir = dir.path('spill');
process.env.DF_STREAM_TMPDIR = spillDir;

const rows = dbBenchmarkRows(5000, 40, 3);
const files = { csv: dir.path('rows.csv'), parquet: dir.path('rows.parquet') };
beforeAll(async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(spillDir, { recursive: true });
  const df = DataFrame.fromRecords(rows, { chunkSize: 101 });
  await writeCsv(df, files.csv);
  await writeParquet(df, files.parquet, { rowGroupSize: 600 });
});

/** A budget of one byte spills everywhere: the calling thread's states at every chunk, the workers' as pieces. */
const budgets: [string, number | undefined][] = [
  ['a one-byte budget', 1],
  ['the default budget', undefined],
  ['no budget', Infinity],
];

function query(input: LazyFrame, threads: number, memoryLimit: number | undefined): Promise<DataFrame> {
  return input
    .groupBy('id3', 'id4')
    .withOptions({ threads, memoryLimit, probeRows: 700 })
    .agg(count(), { v1: ['sum', 'min', 'max', 'first', 'last'] })
    .collect();
}

describe('a group-by under a memory budget', () => {
  const expected = referenceGroupBy(
    rows,
    ['id3', 'id4'],
    [
      [null, 'count'],
      ['v1', 'sum'],
      ['v1', 'min'],
      ['v1', 'max'],
      ['v1', 'first'],
      ['v1', 'last'],
    ],
  );

  it.each([
    ['csv', (chunkSize?: number) => scanCsv(files.csv, { chunkSize })],
    ['parquet', (chunkSize?: number) => scanParquet(files.parquet, { chunkSize })],
  ] as const)('%s: gives the reference result, in the same order, for every budget, thread count and chunk size', async (_, scan) => {
    let first: Record<string, unknown>[] | undefined;
    for (const [name, memoryLimit] of budgets) {
      for (const threads of [1, 2]) {
        for (const chunkSize of [7, 64, undefined]) {
          const got = (await query(scan(chunkSize), threads, memoryLimit)).toRecords();
          const what = `${name}, ${threads} threads, chunk size ${chunkSize ?? 'default'}`;
          expect(got.length, what).toBe(expected.size);
          for (const r of got) {
            const key = [r.id3, r.id4].map((v) => (v === null ? '\u0000null' : String(v))).join('\u0001');
            expect([r.count, r.v1_sum, r.v1_min, r.v1_max, r.v1_first, r.v1_last], `${what}: ${key}`).toEqual(expected.get(key));
          }
          // Unspilled, groups come in order of first appearance whatever thread read them; spilled, partition by
          // partition (as DuckDB's and Polars' do, in no promised order).
          if (memoryLimit === 1) continue;
          first ??= got;
          expect(
            got.map((r) => `${r.id3}|${r.id4}`),
            what,
          ).toEqual(first.map((r) => `${r.id3}|${r.id4}`));
        }
      }
    }
    expect(readdirSync(spillDir)).toEqual([]);
  });

  it('reports the budget, the floor, peak RSS and the bytes spilled in its last progress event', async () => {
    const events: { budget?: number; floor?: number; peakRss?: number; spilledBytes?: number; groups: number }[] = [];
    await scanCsv(files.csv, { chunkSize: 64 })
      .groupBy('id3', 'id4')
      .withOptions({ threads: 2, memoryLimit: 1, probeRows: 700, onProgress: (e) => events.push(e) })
      .agg(count())
      .collect();
    const last = events.at(-1);
    expect(last?.budget).toBe(1);
    expect(last?.floor).toBeGreaterThan(0);
    expect(last?.peakRss).toBeGreaterThanOrEqual(last?.floor ?? Infinity);
    expect(last?.spilledBytes).toBeGreaterThan(0);
    // The last event counts every group, the spilled ones too.
    expect(last?.groups).toBe(expected.size);
  });
});
