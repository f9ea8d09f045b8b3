import { col, count, DataFrame, LazyFrame, lit, type ScanOptions } from '@df-stream/core';
import { dbBenchmarkRows, type Rec } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

const records = dbBenchmarkRows(2000, 8, 3);
const frame = (chunkSize?: number): DataFrame => DataFrame.fromRecords(records, { chunkSize });

/** A source that records what it is asked for and refuses to be read when `readable` is false. */
function recording(df: DataFrame, readable = true): { lazy: LazyFrame; asked: ScanOptions[] } {
  const asked: ScanOptions[] = [];
  const inner = LazyFrame.fromFrame(df);
  const lazy = LazyFrame.fromSource({
    description: 'rows.csv',
    schema: async () => df.schema,
    scan: (options: ScanOptions = {}) => {
      if (!readable) throw new Error('read before the plan was checked');
      asked.push(options);
      return inner.scan(options);
    },
  });
  return { lazy, asked };
}

const num = (v: unknown): number | null => (v === null ? null : Number(v));

/** revenue = v1 * v3, by id1 and id4 % 3, for rows with v1 > v2; post: max(v1) - min(v2); HAVING count > 5. */
function reference(rows: readonly Rec[]): Map<string, [number, number, number]> {
  const groups = new Map<string, { n: number; sum: number; max: number; min: number }>();
  for (const r of rows) {
    const v1 = num(r.v1);
    const v2 = num(r.v2);
    if (v1 === null || v2 === null || !(v1 > v2)) continue;
    const k = `${r.id1}|${r.id4 === null ? null : Number(r.id4) % 3}`;
    const g = groups.get(k) ?? { n: 0, sum: 0, max: -Infinity, min: Infinity };
    g.n++;
    const v3 = num(r.v3);
    if (v3 !== null) g.sum += v1 * v3;
    g.max = Math.max(g.max, v1);
    g.min = Math.min(g.min, v2);
    groups.set(k, g);
  }
  const out = new Map<string, [number, number, number]>();
  for (const [k, g] of groups) if (g.n > 5) out.set(k, [g.n, g.sum, g.max - g.min]);
  return out;
}

describe('plans with expressions', () => {
  const plan = (lazy: LazyFrame): LazyFrame =>
    lazy
      .withColumns(col('v1').mul(col('v3')).as('revenue'))
      .filter(col('v1').gt(col('v2')))
      .groupBy('id1', col('id4').mod(3).as('k'))
      .agg(count(), col('revenue').sum().as('revenue'), col('v1').max().sub(col('v2').min()).as('range'))
      .filter(col('count').gt(5));

  it('derived columns, column-against-column filters, expression keys, post-aggregate expressions and HAVING match a JS reference at every chunk size', async () => {
    const want = reference(records);
    for (const size of [1, 7, 64, undefined]) {
      const got = await plan(LazyFrame.fromFrame(frame(size))).collect();
      expect(got.columns).toEqual(['id1', 'k', 'count', 'revenue', 'range']);
      const seen = new Map(got.toRecords().map((r) => [`${r.id1}|${r.k}`, [r.count, r.revenue, r.range]]));
      expect(seen.size).toBe(want.size);
      for (const [k, [n, sum, range]] of want) {
        const g = seen.get(k) as number[];
        expect(g[0], k).toBe(n);
        expect(g[1]).toBeCloseTo(sum, 6);
        expect(g[2]).toBe(range);
      }
    }
  });

  it('the eager frame gives what the lazy plan gives', async () => {
    const lazy = await plan(LazyFrame.fromFrame(frame(7))).collect();
    const eager = frame(7)
      .withColumns(col('v1').mul(col('v3')).as('revenue'))
      .filter(col('v1').gt(col('v2')))
      .groupBy('id1', col('id4').mod(3).as('k'))
      .agg(count(), col('revenue').sum().as('revenue'), col('v1').max().sub(col('v2').min()).as('range'))
      .filter(col('count').gt(5));
    expect(eager.toRecords()).toEqual(lazy.toRecords());
  });

  it('reads only the columns the plan uses, and explain() shows the pushed-down scan', async () => {
    const { lazy, asked } = recording(frame());
    const p = lazy.withColumns(col('v1').add(1).as('w')).filter(col('id2').neq('id001')).select('w', 'id1');
    await p.collect();
    expect([...(asked[0].columns ?? [])].sort()).toEqual(['id1', 'id2', 'v1']);
    expect(p.explain()).toBe(['SELECT w, id1', "  FILTER id2 <> 'id001'", '    WITH_COLUMNS v1 + 1 AS w', '      SCAN rows.csv [columns: id1, id2, v1]'].join('\n'));
  });

  it('aggregates over expressions compute the expression before grouping; equal aggregates are computed once', async () => {
    const df = DataFrame.fromRecords([
      { g: 'a', q: 2, p: 1.5 },
      { g: 'a', q: 3, p: 2 },
      { g: 'b', q: null, p: 4 },
    ]);
    const out = df.groupBy('g').agg(col('q').mul(col('p')).sum().as('revenue'), col('q').max().add(col('q').max()).as('twice'), col('q').count(), count());
    expect(out.toRecords()).toEqual([
      { g: 'a', revenue: 9, twice: 6, q_count_non_null: 2, count: 2 },
      { g: 'b', revenue: null, twice: null, q_count_non_null: 0, count: 1 },
    ]);
  });

  it("'count' of a column counts non-null values, as pandas, Polars and SQL do; count() counts rows", () => {
    const df = DataFrame.fromRecords([
      { g: 'a', v: 1 },
      { g: 'a', v: null },
    ]);
    expect(df.groupBy('g').agg(count(), { v: 'count' }).toRecords()).toEqual([{ g: 'a', count: 2, v_count: 1 }]);
  });

  it('rename, drop and select with expressions; a limit before a filter limits the rows the filter sees', async () => {
    const df = DataFrame.fromColumns({ a: [1, 2, 3, 4, 5, 6], b: ['x', 'y', 'x', 'y', 'x', 'y'] }, { chunkSize: 2 });
    expect(df.rename({ a: 'n' }).drop('b').columns).toEqual(['n']);
    expect(df.select(col('a').mul(10).as('t'), lit('k').as('c')).toColumns()).toEqual({ t: [10, 20, 30, 40, 50, 60], c: ['k', 'k', 'k', 'k', 'k', 'k'] });
    const lazy = LazyFrame.fromFrame(df);
    expect((await lazy.limit(3).filter(col('b').eq('y')).collect()).toColumns().a).toEqual([2]);
    expect((await lazy.filter(col('b').eq('y')).limit(2).collect()).toColumns().a).toEqual([2, 4]);
  });

  it('errors are found before any data is read and name the expression', async () => {
    const { lazy } = recording(frame(), false);
    await expect(lazy.filter(col('v1').gt(col('id1'))).collect()).rejects.toThrow(/cannot compare .* with .*: v1 > id1/);
    await expect(lazy.withColumns(col('v11').add(1).as('x')).collect()).rejects.toThrow(/column 'v11' not found \(did you mean 'v1'\?.*\(in v11 \+ 1 AS x\)/);
    await expect(lazy.filter(col('v1').add(1)).collect()).rejects.toThrow(/a filter needs a boolean expression, got int64: v1 \+ 1/);
    await expect(lazy.withColumns(col('v1').sum().as('s')).collect()).rejects.toThrow(/aggregate sum\(v1\) outside agg\(\)/);
    expect(() => lazy.groupBy('id1').agg(col('v1').add(1).as('x'))).toThrow(/is not an aggregate/);
    expect(() => lazy.groupBy('id1').agg(col('v1').max().sub(col('v2')).as('x'))).toThrow(/v2 .* is neither a group key nor inside an aggregate/);
  });

  it('folds constants once, at plan time', () => {
    const { lazy } = recording(frame());
    expect(
      lazy
        .filter(col('v1').gt(lit(2).mul(3).add(1)))
        .explain()
        .split('\n')[0],
    ).toBe('FILTER v1 > 2 * 3 + 1');
  });
});
