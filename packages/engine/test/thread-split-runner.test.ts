import { col, count, DataFrame, LazyFrame, type ScanSource } from '@df-stream/core';
import { installNodeRuntime } from '@df-stream/engine';
import { scanCsv, scanFeather, scanParquet, writeCsv, writeFeather, writeParquet } from '@df-stream/io';
import { dbBenchmarkRows, makeTestDir } from '@df-stream/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

installNodeRuntime();

const dir = makeTestDir('df-stream-engine-test');

/** The seeded db-benchmark rows as a CSV file (split after a probe) and a Parquet file (split up front by row group). */
async function seededFiles(n: number, k: number, seed: number): Promise<{ csv: string; parquet: string }> {
  const df = DataFrame.fromRecords(dbBenchmarkRows(n, k, seed), { chunkSize: 97 });
  const csv = dir.path(`seeded-${n}-${k}-${seed}.csv`);
  const parquet = dir.path(`seeded-${n}-${k}-${seed}.parquet`);
  await writeCsv(df, csv);
  await writeParquet(df, parquet, { rowGroupSize: 500 });
  return { csv, parquet };
}

let small: { csv: string; parquet: string };
let wide: { csv: string; parquet: string };
beforeAll(async () => {
  small = await seededFiles(4000, 10, 5);
  wide = await seededFiles(6000, 30, 11);
});

/** Both ways a group-by hands work to threads: a CSV after a probe of 1000 rows, a Parquet file up front. */
const inputs = (files: { csv: string; parquet: string }): [string, () => LazyFrame][] => [
  ['csv', () => scanCsv(files.csv, { chunkSize: 97 })],
  ['parquet', () => scanParquet(files.parquet, { chunkSize: 97 })],
];

async function query(input: () => LazyFrame, threads: number, memoryLimit?: number) {
  return input()
    .filter(col('v1').ge(2))
    .groupBy('id1', 'id4')
    .withOptions({ threads, memoryLimit, probeRows: 1000 })
    .agg(count(), { v1: ['sum', 'first', 'last'], v3: ['mean', 'max'] })
    .collect();
}

describe('worker threads', () => {
  it('give the same groups, order and values as one thread', async () => {
    for (const [name, input] of inputs(small)) {
      const one = (await query(input, 1)).toRecords();
      for (const threads of [2, 3]) {
        const many = (await query(input, threads)).toRecords();
        expect(many.length, name).toBe(one.length);
        many.forEach((r, i) => {
          const w = one[i];
          expect([r.id1, r.id4, r.count, r.v1_sum, r.v1_first, r.v1_last, r.v3_max], name).toEqual([w.id1, w.id4, w.count, w.v1_sum, w.v1_first, w.v1_last, w.v3_max]);
          expect(r.v3_mean as number).toBeCloseTo(w.v3_mean as number, 9);
        });
      }
    }
  });

  it('agree with one thread for one key, six keys and every aggregate', async () => {
    const aggs = { v1: ['sum', 'min', 'max', 'first', 'last', 'n_unique', 'median', 'null_count'], v3: ['mean', 'var', 'std', 'approx_n_unique'] };
    for (const [name, input] of inputs(wide)) {
      for (const keys of [['id3'], ['id1', 'id2', 'id3', 'id4', 'id5', 'id6']]) {
        const run = (threads: number) =>
          input()
            .groupBy(...keys)
            .withOptions({ threads, probeRows: 1000 })
            .agg(count(), aggs)
            .collect();
        const one = (await run(1)).toRecords();
        for (const threads of [3]) {
          const many = (await run(threads)).toRecords();
          expect(many.length, `${name} ${keys}`).toBe(one.length);
          many.forEach((r, i) => {
            const w = one[i];
            for (const col of Object.keys(w)) {
              if (typeof w[col] === 'number' && !Number.isInteger(w[col])) expect(r[col] as number, `${name} ${keys} ${col}`).toBeCloseTo(w[col] as number, 9);
              else expect(r[col], `${name} ${keys} ${col} row ${i}`).toEqual(w[col]);
            }
          });
        }
      }
    }
  });

  it('split a source that can only split up front before reading it (workers really run)', async () => {
    const source = scanParquet(small.parquet).source;
    const split = source.splits?.bind(source);
    // Splits whose worker side cannot be built: the group-by fails only if it hands them to workers.
    const broken: ScanSource = {
      description: source.description,
      schema: () => source.schema(),
      scan: (o) => source.scan(o),
      splits: async (n: number) => (await split?.(n))?.map((p) => ({ ...p, reader: 'noSuchReader' })),
    };
    const run = LazyFrame.fromSource(broken).groupBy('id1').withOptions({ threads: 2 }).agg(count()).collect();
    await expect(run).rejects.toThrow(/noSuchReader/);
  });

  it('over Parquet and Feather split up front, are called off when nearly every row is a group, or kept, with the result of one thread', async () => {
    // Chunks of 500 rows: Parquet row groups and Feather record batches of 500.
    const df = DataFrame.fromColumns(
      {
        id: Array.from({ length: 6000 }, (_, i) => (i * 7919) % 6000),
        k: Array.from({ length: 6000 }, (_, i) => `k${(i * 31) % 9}`),
        v: Array.from({ length: 6000 }, (_, i) => i % 5),
      },
      { chunkSize: 500 },
    );
    const parquet = dir.path('up-front.parquet');
    const feather = dir.path('up-front.feather');
    await writeParquet(df, parquet, { rowGroupSize: 500 });
    await writeFeather(df, feather);
    for (const [name, lazy] of [
      ['parquet', () => scanParquet(parquet)],
      ['feather', () => scanFeather(feather)],
    ] as const) {
      // Split into as many parts as asked, whatever the columns' bytes (the readers keep small files on one thread).
      const source = lazy().source;
      let parts = 0;
      const splitting: ScanSource = {
        description: source.description,
        schema: () => source.schema(),
        scan: (o) => source.scan(o),
        progress: () => source.progress?.() ?? { bytesRead: 0 },
        splits: async (n: number) => {
          const splits = await source.splits?.(n);
          parts = splits?.length ?? 0;
          return splits;
        },
      };
      for (const key of ['id', 'k']) {
        const query = (threads: number, memoryLimit?: number) =>
          LazyFrame.fromSource(splitting)
            .groupBy(key)
            .withOptions({ threads, memoryLimit, probeRows: 1000 })
            .agg(count(), { v: ['sum', 'first', 'last'] })
            .collect();
        const one = (await query(1)).toRecords();
        for (const [threads, memoryLimit] of [
          [2, undefined],
          [3, undefined],
          [2, 2 ** 30],
        ] as const) {
          parts = 0;
          expect((await query(threads, memoryLimit)).toRecords(), `${name} by ${key}, ${threads} threads`).toEqual(one);
          expect(parts, name).toBe(threads);
        }
      }
    }
  });

  it('still agree when the workers flush early and the merge spills', async () => {
    for (const [name, input] of inputs(small)) {
      const one = (await query(input, 1)).toRecords();
      const spilled = (await query(input, 2, 1)).toRecords();
      const byKey = (rows: typeof one) => new Map(rows.map((r) => [`${r.id1}|${r.id4}`, r]));
      const a = byKey(one);
      const b = byKey(spilled);
      expect(b.size, name).toBe(a.size);
      for (const [k, r] of a) expect(b.get(k)?.v1_sum, `${name} ${k}`).toBe(r.v1_sum);
    }
  });

  it('report a worker thread error with its kind, name and location, as one line', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `k${i % 7},${i}`);
    rows[2500] = 'k1,2,extra';
    const bad = dir.write('bad.csv', `k,v\n${rows.join('\n')}\n`);
    const run = scanCsv(bad, { chunkSize: 100 }).groupBy('k').withOptions({ threads: 2, probeRows: 300 }).agg(count()).collect();
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'CsvError', kind: 'data', where: { file: bad, line: 2502 } });
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });
});
