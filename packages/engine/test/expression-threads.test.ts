import { col, count, DataFrame, type LazyFrame, when } from '@df-stream/core';
import { installNodeRuntime } from '@df-stream/engine';
import { scanCsv, scanParquet, writeCsv, writeParquet } from '@df-stream/io';
import { dbBenchmarkRows, makeTestDir } from '@df-stream/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

installNodeRuntime();

const dir = makeTestDir('df-stream-expr-threads');
let csv: string;
let parquet: string;
let rows: DataFrame;

beforeAll(async () => {
  rows = DataFrame.fromRecords(dbBenchmarkRows(5000, 20, 7), { chunkSize: 101 });
  csv = dir.path('rows.csv');
  parquet = dir.path('rows.parquet');
  await writeCsv(rows, csv);
  await writeParquet(rows, parquet, { rowGroupSize: 700 });
});

/** Derived columns, a column-against-column filter, an expression key, an aggregate over an expression and one over aggregates. */
function query(input: LazyFrame, threads: number): Promise<DataFrame> {
  return input
    .withColumns(col('v1').mul(col('v3')).as('x'))
    .filter(col('v1').gt(col('v2')).or(col('id4').isNull()))
    .groupBy(col('id4').mod(3).as('k'), 'id1')
    .withOptions({ threads, probeRows: 1000 })
    .agg(count(), col('x').sum().as('x_sum'), col('v1').max().sub(col('v2').min()).as('range'), when(col('v3').gt(50)).then(1).otherwise(0).sum().as('high'))
    .filter(col('count').gt(1))
    .collect();
}

describe('expression plans on worker threads', () => {
  it('give the same result on 1, 2 and 3 threads, from CSV and Parquet, as the eager frame', async () => {
    const eager = rows
      .withColumns(col('v1').mul(col('v3')).as('x'))
      .filter(col('v1').gt(col('v2')).or(col('id4').isNull()))
      .groupBy(col('id4').mod(3).as('k'), 'id1')
      .agg(count(), col('x').sum().as('x_sum'), col('v1').max().sub(col('v2').min()).as('range'), when(col('v3').gt(50)).then(1).otherwise(0).sum().as('high'))
      .filter(col('count').gt(1));
    const want = eager.toRecords();
    expect(want.length).toBeGreaterThan(10);
    for (const [name, open] of [
      ['csv', () => scanCsv(csv, { chunkSize: 97 })],
      ['parquet', () => scanParquet(parquet, { chunkSize: 97 })],
    ] as const) {
      for (const threads of [1, 2, 3]) {
        const got = (await query(open(), threads)).toRecords();
        expect(got.length, `${name} ${threads}`).toBe(want.length);
        got.forEach((r, i) => {
          const w = want[i];
          expect([r.k, r.id1, r.count, r.range, r.high], `${name} ${threads}`).toEqual([w.k, w.id1, w.count, w.range, w.high]);
          expect(r.x_sum as number).toBeCloseTo(w.x_sum as number, 6);
        });
      }
    }
  });
});
