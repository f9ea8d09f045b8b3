import { col, count, DataFrame, DfError, LazyFrame, lit } from '@df-stream/core';
import { describe, expect, it } from 'vitest';

/** Edge cases a review of the expression work found; each pinned by the behaviour DuckDB or Polars has. */
describe('expression edge cases', () => {
  it('a computed key or aggregate whose integer width narrows from one chunk to the next groups as one column', () => {
    const df = DataFrame.fromColumns({ v: [1000, 2000, 1, 3, 1000] }, { chunkSize: 1 });
    const out = df.groupBy(col('v').mul(100).as('w')).agg(count(), col('v').mul(10).first().as('f')).toRecords();
    expect(out).toEqual([
      { w: 100000, count: 2, f: 10000 },
      { w: 200000, count: 1, f: 20000 },
      { w: 100, count: 1, f: 10 },
      { w: 300, count: 1, f: 30 },
    ]);
  });

  it('constant folding promotes past int64 as the kernel does, never wraps', () => {
    const df = DataFrame.fromColumns({ a: [1] });
    expect(
      df
        .select(
          lit(2n ** 63n - 1n)
            .add(1)
            .as('x'),
        )
        .toColumns().x,
    ).toEqual([2 ** 63]);
    expect(
      df.filter(
        lit(2n ** 63n - 1n)
          .add(1)
          .gt(0),
      ).numRows,
    ).toBe(1);
  });

  it('integer results at 2^53 are exact', () => {
    const df = DataFrame.fromColumns({ a: [2 ** 53 - 1] }, { dtypes: { a: 'int64' } });
    expect(df.select(col('a').add(2).as('x')).toColumns().x).toEqual([2n ** 53n + 1n]);
  });

  it('an int64 past 2^53 compares with floats exactly (no truncation of the float, no crash)', () => {
    const df = DataFrame.fromColumns({ a: [1n, 2n ** 53n + 1n], f: [1.5, 2 ** 53] }, { dtypes: { a: 'int64' } });
    const out = df
      .select(col('a').eq(1.5).as('e'), col('a').lt(col('f')).as('l'), col('a').gt(col('f')).as('g'), col('a').isIn([1.5, 1]).as('i'), col('a').eq(Number.NaN).as('n'))
      .toRecords();
    expect(out).toEqual([
      { e: false, l: true, g: false, i: true, n: false },
      { e: false, l: false, g: true, i: false, n: false },
    ]);
  });

  it('casts text to int64 exactly, and out of range to null', () => {
    const df = DataFrame.fromColumns({ s: ['9223372036854775807', '9223372036854775808', '9007199254740993', '-12.7', 'x'] });
    expect(df.select(col('s').cast('int64').as('i')).toColumns().i).toEqual([2n ** 63n - 1n, null, 2n ** 53n + 1n, -12, null]);
    const f = DataFrame.fromColumns({ f: [2 ** 63, -(2 ** 63), 1e300] });
    expect(f.select(col('f').cast('int64').as('i')).toColumns().i).toEqual([null, -(2n ** 63n), null]);
  });

  it('a key named like an input column does not hide that column from the aggregates', () => {
    const df = DataFrame.fromColumns({ v: [1, 2, 3, 4, 5, 6, 7] });
    const out = df
      .groupBy(col('v').mod(2).as('v'))
      .agg(col('v').sum().as('s'), count().add(col('v')).as('cv'))
      .toRecords();
    expect(out).toEqual([
      { v: 1, s: 16, cv: 5 },
      { v: 0, s: 12, cv: 3 },
    ]);
  });

  it("the group-by's hidden column names are reserved", () => {
    const df = DataFrame.fromColumns({ v: [1], __dfs_in0: [2] });
    expect(() => df.groupBy('v').agg(col('v').mul(2).sum())).toThrow(/column names starting with '__dfs_' are reserved: __dfs_in0/);
  });

  it('NOT IN with a null in the list keeps no row (SQL)', () => {
    const df = DataFrame.fromColumns({ t: [0, 1, null] });
    expect(df.filter(col('t').isIn([1, 3, null]).not()).numRows).toBe(0);
    expect(df.filter(col('t').isIn([1, 3]).not()).toColumns().t).toEqual([0]);
  });

  it('negative slice starts and split indexes count from the end, as Polars', () => {
    const df = DataFrame.fromColumns({ s: ['Straße', 'a,b,,c'] });
    expect(df.select(col('s').str.slice(-2).as('t'), col('s').str.split(',').get(-1).as('p')).toRecords()).toEqual([
      { t: 'ße', p: 'Straße' },
      { t: ',c', p: 'c' },
    ]);
  });

  it('a null predicate keeps nothing; a column that changes type mid-stream is a data error naming the expression', async () => {
    const df = DataFrame.fromColumns({ v: [1, 2] });
    expect(df.filter(lit(null)).numRows).toBe(0);
    // A chunk of another dtype than the schema says, as a CSV column that turns to text after the sample.
    const chunks = [...df.chunks, ...DataFrame.fromColumns({ v: ['x'] }).chunks];
    const mixed = LazyFrame.fromSource({
      description: 'mixed.csv',
      schema: async () => df.schema,
      async *scan() {
        yield* chunks;
      },
    });
    const error = await mixed
      .filter(col('v').gt(1))
      .collect()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DfError);
    expect((error as DfError).kind).toBe('data');
    expect((error as DfError).message).toMatch(/cannot compare categorical with int64 in gt\(\) in v > 1: a column's values changed type/);
  });
});
