import type { EtlQuery } from './query-spec.js';

/**
 * The ETL suite (issue 16's benchmark): expressions before grouping (`v1 * v3`, `lower(id2)`, `round(temp)`), a
 * column-against-column filter and an expression over aggregates (db-benchmark q7 as one expression), each written
 * the way a user of that engine would write it: SQL over read_csv for DuckDB, a lazy plan for Polars, the public
 * library API for df-stream. `{from}` in the SQL is the engine's `read_csv(...)`.
 *
 * Polars rounds half to even by default; DuckDB and df-stream round half away from zero, and a tenth of the cities
 * file's temperatures end in .5, so Polars is asked for `halfawayfromzero` to compute the same answer.
 */
export const etlQueries: EtlQuery[] = [
  {
    id: 'e1',
    kind: 'etl',
    dataset: 'groupby',
    title: 'sum(v1 * v3) by id1',
    keys: ['id1'],
    checks: [{ name: 'r', of: ['r'] }],
    sql: 'SELECT id1, sum(v1 * v3) AS r FROM {from} GROUP BY id1',
    polars: (pl, frame) => frame.groupBy('id1').agg(pl.col('v1').mul(pl.col('v3')).sum().alias('r')),
    dfStream: ({ col }, frame, threads) =>
      frame
        .groupBy('id1')
        .withOptions({ threads })
        .agg(col('v1').mul(col('v3')).sum().as('r')),
  },
  {
    id: 'e2',
    kind: 'etl',
    dataset: 'groupby',
    title: 'filter v1 > v2, sum(v1) by id1',
    keys: ['id1'],
    checks: [{ name: 'v1_sum', of: ['v1_sum'] }],
    sql: 'SELECT id1, sum(v1) AS v1_sum FROM {from} WHERE v1 > v2 GROUP BY id1',
    polars: (pl, frame) =>
      frame
        .filter(pl.col('v1').gt(pl.col('v2')))
        .groupBy('id1')
        .agg(pl.col('v1').sum().alias('v1_sum')),
    dfStream: ({ col }, frame, threads) =>
      frame
        .filter(col('v1').gt(col('v2')))
        .groupBy('id1')
        .withOptions({ threads })
        .agg(col('v1').sum().as('v1_sum')),
  },
  {
    id: 'e3',
    kind: 'etl',
    dataset: 'groupby',
    title: 'sum(v1) by lower(id2)',
    keys: ['k'],
    checks: [{ name: 'v1_sum', of: ['v1_sum'] }],
    sql: 'SELECT lower(id2) AS k, sum(v1) AS v1_sum FROM {from} GROUP BY k',
    polars: (pl, frame) => frame.groupBy(pl.col('id2').str.toLowerCase().alias('k')).agg(pl.col('v1').sum().alias('v1_sum')),
    dfStream: ({ col }, frame, threads) => frame.groupBy(col('id2').str.lower().as('k')).withOptions({ threads }).agg(col('v1').sum().as('v1_sum')),
  },
  {
    id: 'e4',
    kind: 'etl',
    dataset: 'groupby',
    title: 'max(v1) - min(v2) by id3 (q7 as one expression)',
    keys: ['id3'],
    checks: [{ name: 'range', of: ['range'] }],
    sql: 'SELECT id3, max(v1) - min(v2) AS range FROM {from} GROUP BY id3',
    polars: (pl, frame) => frame.groupBy('id3').agg(pl.col('v1').max().minus(pl.col('v2').min()).alias('range')),
    dfStream: ({ col }, frame, threads) =>
      frame
        .groupBy('id3')
        .withOptions({ threads })
        .agg(col('v1').max().sub(col('v2').min()).as('range')),
  },
  {
    id: 'e5',
    kind: 'etl',
    dataset: 'cities',
    title: 'count by round(temp) (cities)',
    keys: ['t'],
    checks: [
      { name: 'n', of: ['n'] },
      { name: 't_x_n', of: ['t', 'n'] },
    ],
    sql: 'SELECT round(temp) AS t, count(*) AS n FROM {from} GROUP BY t',
    polars: (pl, frame) => frame.groupBy(pl.col('temp').round(0, 'halfawayfromzero').alias('t')).agg(pl.len().alias('n')),
    dfStream: ({ col, count }, frame, threads) => frame.groupBy(col('temp').round().as('t')).withOptions({ threads }).agg(count().as('n')),
  },
];
