import { aggregateNames, col, count, DataFrame, getAggregate, LazyFrame, type Value } from '@df-stream/core';
import { type AggSpec, defaultAggName, HashAggregator, NumberColumn, projectGroups } from '@df-stream/core/internal';
import { installNodeRuntime } from '@df-stream/engine';
import { dbBenchmarkRows, type Rec, referenceGroupBy } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { argsortPositions } from '../../src/group-by/hash-aggregator.js';

// Spilling goes through the runtime's spill store: temp files under Node.
installNodeRuntime();

type Q = { keys: string[]; aggs: [string | null, string][] };

/** db-benchmark's group-by questions (q7 as its two inputs) and the city query. */
const QUERIES: Record<string, Q> = {
  q1: { keys: ['id1'], aggs: [['v1', 'sum']] },
  q2: { keys: ['id1', 'id2'], aggs: [['v1', 'sum']] },
  q3: {
    keys: ['id3'],
    aggs: [
      ['v1', 'sum'],
      ['v3', 'mean'],
    ],
  },
  q4: {
    keys: ['id4'],
    aggs: [
      ['v1', 'mean'],
      ['v2', 'mean'],
      ['v3', 'mean'],
    ],
  },
  q5: {
    keys: ['id6'],
    aggs: [
      ['v1', 'sum'],
      ['v2', 'sum'],
      ['v3', 'sum'],
    ],
  },
  q7: {
    keys: ['id3'],
    aggs: [
      ['v1', 'max'],
      ['v2', 'min'],
    ],
  },
  q10: {
    keys: ['id1', 'id2', 'id3', 'id4', 'id5', 'id6'],
    aggs: [
      ['v3', 'sum'],
      [null, 'count'],
    ],
  },
  stats: {
    keys: ['id2'],
    aggs: [
      ['v3', 'var'],
      ['v3', 'std'],
      ['v2', 'median'],
      ['v1', 'first'],
      ['v1', 'last'],
      ['v2', 'n_unique'],
      ['v1', 'count_non_null'],
    ],
  },
};

const ROWS = dbBenchmarkRows(3000, 10, 42);

function specs(q: Q): AggSpec[] {
  return q.aggs.map(([column, fn]) => ({ column, fn, name: defaultAggName(column, fn) }));
}

/** Result rows keyed like the reference, so order does not matter. */
function asMap(df: DataFrame, keys: string[]): Map<string, Value[]> {
  const out = new Map<string, Value[]>();
  const others = df.columns.filter((c) => !keys.includes(c));
  for (const r of df.toRecords()) {
    const key = keys.map((k) => (r[k] === null ? '\u0000null' : String(r[k]))).join('\u0001');
    expect(out.has(key), `duplicate group ${key}`).toBe(false);
    out.set(
      key,
      others.map((c) => r[c]),
    );
  }
  return out;
}

function expectSameGroups(actual: Map<string, Value[]>, expected: Map<string, (number | string | null)[]>): void {
  expect(actual.size).toBe(expected.size);
  for (const [key, values] of expected) {
    const got = actual.get(key);
    expect(got, `missing group ${key}`).toBeDefined();
    values.forEach((v, j) => {
      const g = got?.[j] ?? null;
      if (v === null || typeof v === 'string') expect(g).toBe(v);
      else expect(Number(g)).toBeCloseTo(v, 6);
    });
  }
}

async function run(rows: Rec[], q: Q, chunkSize: number, memoryLimit?: number): Promise<DataFrame> {
  const df = DataFrame.fromRecords(rows, { chunkSize });
  return LazyFrame.fromFrame(df)
    .groupBy(q.keys)
    .withOptions({ memoryLimit, partitions: 4 })
    .agg(...specs(q).map((s) => (s.column === null ? count() : col(s.column).agg(s.fn).as(s.name))))
    .collect();
}

describe('group-by against a reference computation', () => {
  for (const [name, q] of Object.entries(QUERIES)) {
    it(`${name} matches the reference for chunk sizes 1, 2, 7, 64 and the default`, async () => {
      const expected = referenceGroupBy(ROWS, q.keys, q.aggs as never);
      for (const chunkSize of [1, 2, 7, 64, 65_536]) {
        const rows = chunkSize === 1 ? ROWS.slice(0, 400) : ROWS;
        const want = chunkSize === 1 ? referenceGroupBy(rows, q.keys, q.aggs as never) : expected;
        expectSameGroups(asMap(await run(rows, q, chunkSize), q.keys), want);
      }
    });

    it(`${name} gives the same result with spilling forced on`, async () => {
      const expected = referenceGroupBy(ROWS, q.keys, q.aggs as never);
      expectSameGroups(asMap(await run(ROWS, q, 64, 1), q.keys), expected);
    });
  }

  it('n_unique survives spilling when some groups have no value yet (no holes in its exported state)', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ k: `g${i % 7}`, v: i % 7 === 3 ? null : i % 5 }));
    const q: Q = {
      keys: ['k'],
      aggs: [
        ['v', 'n_unique'],
        [null, 'count'],
      ],
    };
    const expected = referenceGroupBy(rows as unknown as Rec[], q.keys, q.aggs as never);
    expect(expected.get('g3')).toEqual([0, 43]);
    for (const chunkSize of [1, 7]) expectSameGroups(asMap(await run(rows as unknown as Rec[], q, chunkSize, 1), q.keys), expected);
  });

  it('sizing tables and flat states ahead from expectRows changes no result (unique keys past 2^19 rows)', () => {
    const n = 700_000;
    const a = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const b = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 1000) + (i % 3 === 0 ? 0 : 1_000_000));
    const v = Float64Array.from({ length: n }, (_, i) => (i % 97) / 4);
    const df = DataFrame.fromColumns({ a, b, v }, { chunkSize: 65_536 });
    const aggs: AggSpec[] = [
      { column: 'v', fn: 'sum', name: 'v_sum' },
      { column: 'v', fn: 'min', name: 'v_min' },
      { column: 'v', fn: 'last', name: 'v_last' },
      { column: 'v', fn: 'var', name: 'v_var' },
      { column: null, fn: 'count', name: 'count' },
    ];
    const run = (expect: boolean) => {
      const agg = new HashAggregator(['a', 'b'], aggs);
      let row = 0;
      for (const chunk of df.chunks) {
        agg.consume(chunk, row);
        row += chunk.numRows;
        // An estimate that falls short (the real total is n): tables must still grow past it.
        if (expect) agg.expectRows(n * 0.8);
      }
      return DataFrame.fromChunks([...agg.finish()]).toRecords();
    };
    const sized = run(true);
    expect(sized.length).toBeGreaterThan(n / 2);
    expect(sized).toEqual(run(false));
  });

  it('spills once the states, and the quarter more a spill holds beside them, pass memoryLimit', () => {
    const df = DataFrame.fromColumns({ k: Int32Array.from({ length: 20_000 }, (_, i) => i), v: new Float64Array(20_000) });
    const aggs: AggSpec[] = [{ column: 'v', fn: 'sum', name: 'v_sum' }];
    const probe = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
    for (const c of df.chunks) probe.consume(c);
    const bytes = probe.stats.bytes;
    const spills = (limit: number): number => {
      const agg = new HashAggregator(['k'], aggs, { memoryLimit: limit });
      for (const c of df.chunks) agg.consume(c);
      const n = agg.stats.spills;
      agg.dispose();
      return n;
    };
    expect(spills(bytes * 1.3)).toBe(0);
    expect(spills(bytes * 1.2)).toBeGreaterThan(0);
  });

  it('cuts every key dtype into the same partitions in every spill (0 and -0, NaN, bools, bigints, nulls)', async () => {
    const rows = Array.from({ length: 900 }, (_, i) => ({
      f: [0, -0, NaN, 1.5, null][i % 5],
      b: [true, false, null][i % 3],
      g: [2n ** 60n, 5n, null][(i >> 1) % 3],
      s: ['x', 'é', '', null][i % 4],
      v: i,
    }));
    const df = DataFrame.fromRecords(rows, { chunkSize: 7, dtypes: { s: 'utf8' } });
    expect(df.schema.fields.map((f) => f.dtype)).toEqual(['float64', 'bool', 'int64', 'utf8', 'int16']);
    const group = (keys: string[], limit?: number): Promise<DataFrame> =>
      LazyFrame.fromFrame(df).groupBy(keys).withOptions({ memoryLimit: limit, partitions: 4 }).agg(col('v').sum().as('v'), count()).collect();
    for (const keys of [['f'], ['b'], ['g'], ['s'], ['f', 'b', 'g', 's']]) {
      const spilled = await group(keys, 1);
      const inMemory = await group(keys);
      // 0 and -0 are one key.
      const distinct = new Set(rows.map((r) => keys.map((k) => String(Object.is(r[k as 'f'], -0) ? 0 : r[k as 'f'])).join('|')));
      expect(inMemory.numRows).toBe(distinct.size);
      expect(asMap(spilled, keys)).toEqual(asMap(inMemory, keys));
    }
  });

  it('spills an aggregate with no exportGroups by cutting one whole export, and reserves twice its states', async () => {
    const { registerAggregate, getAggregate } = await import('@df-stream/core');
    const sum = getAggregate('sum');
    // A registered aggregate as a user writes one: the required methods only.
    registerAggregate({
      ...sum,
      name: 'plain_sum',
      create: (dtype, options) => {
        const inner = sum.create(dtype, options);
        return {
          get byteLength() {
            return inner.byteLength;
          },
          resize: (n) => inner.resize(n),
          update: (column, gids, rows, firstRow) => inner.update(column, gids, rows, firstRow),
          export: (n) => inner.export(n),
          merge: (data, gidMap) => inner.merge(data, gidMap),
          finalize: (n) => inner.finalize(n),
        };
      },
    });
    const expected = referenceGroupBy(ROWS, ['id3'], [['v1', 'sum']] as never);
    const got = await LazyFrame.fromFrame(DataFrame.fromRecords(ROWS, { chunkSize: 64 }))
      .groupBy('id3')
      .withOptions({ memoryLimit: 1, partitions: 4 })
      .agg(col('v1').agg('plain_sum').as('v1_sum'))
      .collect();
    expectSameGroups(asMap(got, ['id3']), expected);
    const df = DataFrame.fromColumns({ k: Int32Array.from({ length: 20_000 }, (_, i) => i), v: new Float64Array(20_000) });
    const aggs: AggSpec[] = [{ column: 'v', fn: 'plain_sum', name: 'v' }];
    const probe = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
    for (const c of df.chunks) probe.consume(c);
    const spills = (limit: number): number => {
      const agg = new HashAggregator(['k'], aggs, { memoryLimit: limit });
      for (const c of df.chunks) agg.consume(c);
      agg.dispose();
      return agg.stats.spills;
    };
    expect(spills(probe.stats.bytes * 2.1)).toBe(0);
    expect(spills(probe.stats.bytes * 1.9)).toBeGreaterThan(0);
  });

  it('keeps groups in order of first appearance, identical across chunk sizes', async () => {
    const a = await run(ROWS, QUERIES.q2, 7);
    const b = await run(ROWS, QUERIES.q2, 65_536);
    expect(a.toRecords()).toEqual(b.toRecords());
    const firstKeys: string[] = [];
    for (const r of ROWS) {
      const k = `${r.id1}|${r.id2}`;
      if (!firstKeys.includes(k)) firstKeys.push(k);
    }
    expect(a.toRecords().map((r) => `${r.id1}|${r.id2}`)).toEqual(firstKeys);
  });

  it('gives merged partials in order of first appearance, merged in input order or not', () => {
    // Exact aggregates (a float mean may differ in its last bits with the order of adding).
    const aggs = specs({
      keys: ['id3'],
      aggs: [
        ['v1', 'sum'],
        ['v3', 'min'],
        ['v2', 'max'],
        [null, 'count'],
      ],
    });
    const chunks = DataFrame.fromRecords(ROWS, { chunkSize: 500 }).chunks;
    const one = new HashAggregator(['id3'], aggs, { memoryLimit: Infinity });
    chunks.forEach((c, i) => one.consume(c, 500 * i));
    const expected = DataFrame.fromChunks([...one.finish()]).toRecords();
    // Three threads' parts (the first is the calling thread's); each keeps the input positions of its rows. About 300
    // id3 keys: some appear first in the second part, some in the third.
    for (const order of [
      [1, 2],
      [2, 1],
    ]) {
      const parts = [0, 1, 2].map(() => new HashAggregator(['id3'], aggs, { memoryLimit: Infinity }));
      chunks.forEach((c, i) => parts[Math.min(2, Math.floor((3 * i) / chunks.length))].consume(c, 500 * i));
      for (const p of order) parts[0].mergeCompact(parts[p].exportCompact());
      expect(DataFrame.fromChunks([...parts[0].finish()]).toRecords()).toEqual(expected);
    }
  });

  it('eager DataFrame.groupBy uses the same kernels', async () => {
    const df = DataFrame.fromRecords(ROWS, { chunkSize: 100 });
    const eager = df.groupBy('id1').agg({ v1: 'sum', v3: ['mean', 'max'] });
    const lazy = await LazyFrame.fromFrame(df)
      .groupBy('id1')
      .agg({ v1: 'sum', v3: ['mean', 'max'] })
      .collect();
    expect(eager.toRecords()).toEqual(lazy.toRecords());
    expect(eager.columns).toEqual(['id1', 'v1_sum', 'v3_mean', 'v3_max']);
  });
});

describe('aggregate contract: merge(update(A), update(B)) == update(A ∪ B)', () => {
  const fns = aggregateNames().filter((n) => !['len', 'size', 'avg', 'variance', 'stddev', 'nunique'].includes(n));
  for (const fn of fns) {
    it(fn, () => {
      const column = fn === 'count' ? null : 'v3';
      const spec: AggSpec[] = [{ column, fn, options: fn === 'quantile' ? { q: 0.9 } : {}, name: 'out' }];
      const a = DataFrame.fromRecords(ROWS.slice(0, 1700), { chunkSize: 300 });
      const b = DataFrame.fromRecords(ROWS.slice(1700), { chunkSize: 300 });
      const all = DataFrame.fromRecords(ROWS, { chunkSize: 300 });
      const feed = (df: DataFrame, agg: HashAggregator, base: number) => {
        let row = base;
        for (const c of df.chunks) {
          agg.consume(c, row);
          row += c.numRows;
        }
      };
      const left = new HashAggregator(['id1'], spec);
      const right = new HashAggregator(['id1'], spec);
      feed(a, left, 0);
      feed(b, right, 1700);
      const merged = new HashAggregator(['id1'], spec);
      merged.merge(left.export());
      merged.merge(right.export());
      const whole = new HashAggregator(['id1'], spec);
      feed(all, whole, 0);
      const got = DataFrame.fromChunks([...merged.finish()]).toRecords();
      const want = DataFrame.fromChunks([...whole.finish()]).toRecords();
      expect(got.map((r) => r.id1)).toEqual(want.map((r) => r.id1));
      got.forEach((r, i) => {
        const w = want[i].out;
        if (typeof w === 'number' && !Number.isInteger(w)) expect(r.out as number).toBeCloseTo(w, 9);
        else expect(r.out).toEqual(w);
      });
    });
  }
});

describe('aggregate semantics', () => {
  it('sums integers exactly past 2^53 and promotes past int64 instead of wrapping', () => {
    const big = 2n ** 62n;
    const df = DataFrame.fromColumns({ k: ['a', 'a', 'b', 'b', 'c'], v: [big, big, big, -big, 2n ** 53n + 1n] });
    const out = df.groupBy('k').agg({ v: 'sum' }).toRecords();
    expect(out[0].v_sum).toBeCloseTo(Number(2n ** 63n), -5);
    expect(df.groupBy('k').agg({ v: 'sum' }).schema.field('v_sum').dtype).toBe('float64');
    const exact = DataFrame.fromColumns({ k: ['x', 'x', 'x'], v: [2 ** 31 - 1, 2 ** 31 - 1, 1] }, { dtypes: { v: 'int32' } });
    const many = exact.concat(...Array.from({ length: 2000 }, () => exact));
    expect(many.groupBy('k').agg({ v: 'sum' }).toRecords()[0].v_sum).toBe(2001 * (2 * (2 ** 31 - 1) + 1));
    const precise = DataFrame.fromColumns({ k: ['x', 'x'], v: [2n ** 60n, 3n] });
    expect(precise.groupBy('k').agg({ v: 'sum' }).toRecords()[0].v_sum).toBe(2n ** 60n + 3n);
  });

  it('merges integer sums exactly, with the dtype one pass gives, also where two partial sums pass 2^53 together', async () => {
    const sum = getAggregate('sum');
    const feed = (values: number[], gids: number[]) => {
      const s = sum.create('int32', {});
      s.resize(2);
      s.update(new NumberColumn('int32', Int32Array.from(values)), Int32Array.from(gids), values.length, 0);
      return s;
    };
    // One pass over all rows, and the same rows in two states merged: same values, same (narrow) dtype.
    const whole = feed([5, -3, 7, 2, 9, 1], [0, 1, 0, 1, 0, 1]);
    const merged = feed([5, -3, 7], [0, 1, 0]);
    merged.merge(feed([2, 9, 1], [1, 0, 1]).export(2), Int32Array.from([0, 1]));
    const w = whole.finalize(2);
    const m = merged.finalize(2);
    expect(m.dtype).toBe(w.dtype);
    expect([m.get(0), m.get(1)]).toEqual([21, 0]);
    expect([w.get(0), w.get(1)]).toEqual([21, 0]);
    // Partials whose odd total passes 2^53, where float64 holds even integers only: the merge must carry into
    // BigInts, not add in float64.
    const big = { integral: true, acc: Float64Array.of(2 ** 53 - 1), comp: Float64Array.of(0), counts: Float64Array.of(1), carry: null };
    const odd = { integral: true, acc: Float64Array.of(2 ** 52 + 2), comp: Float64Array.of(0), counts: Float64Array.of(1), carry: null };
    const s = sum.create('int64', {});
    s.resize(1);
    s.merge(big, Int32Array.of(0));
    s.merge(odd, Int32Array.of(0));
    expect(s.finalize(1).get(0)).toBe(2n ** 53n - 1n + 2n ** 52n + 2n);
    // Three partials under 2^52 each, odd in all (3 * 2^52 - 3): only the bound carried from merge to merge sees the
    // third pass 2^53.
    const three = sum.create('int64', {});
    three.resize(1);
    const under = { integral: true, acc: Float64Array.of(2 ** 52 - 1), comp: Float64Array.of(0), counts: Float64Array.of(1), carry: null };
    for (let i = 0; i < 3; i++) three.merge(under, Int32Array.of(0));
    expect(three.finalize(1).get(0)).toBe(3n * (2n ** 52n - 1n));
  });

  it('treats NaN as a value (max NaN, min skips it, mean NaN) and gives null for all-null groups', () => {
    const df = DataFrame.fromRecords([
      { k: 'a', v: 1 },
      { k: 'a', v: NaN },
      { k: 'a', v: 3 },
      { k: 'b', v: null },
      { k: null, v: 2.5 },
    ]);
    const [a, b, n] = df
      .groupBy('k')
      .agg({ v: ['min', 'max', 'mean', 'sum', 'count_non_null', 'null_count'] }, count())
      .toRecords();
    expect(a).toMatchObject({ k: 'a', v_min: 1, v_count_non_null: 3, count: 3 });
    expect(a.v_max).toBeNaN();
    expect(a.v_mean).toBeNaN();
    expect(b).toEqual({ k: 'b', v_min: null, v_max: null, v_mean: null, v_sum: null, v_count_non_null: 0, v_null_count: 1, count: 1 });
    expect(n).toMatchObject({ k: null, v_sum: 2.5, count: 1 });
  });

  it('groups by every key dtype: ints, floats, bools, bigints, utf8, with null keys as one group', () => {
    const df = DataFrame.fromRecords(
      [
        { i: 1, f: 0.5, b: true, g: 2n ** 60n, s: 'x', v: 1 },
        { i: 1, f: 0.5, b: true, g: 2n ** 60n, s: 'x', v: 2 },
        { i: null, f: null, b: null, g: null, s: null, v: 4 },
        { i: null, f: null, b: null, g: null, s: null, v: 8 },
        { i: 2, f: -0, b: false, g: 5n, s: 'y', v: 16 },
      ],
      { dtypes: { s: 'utf8' } },
    );
    for (const key of ['i', 'f', 'b', 'g', 's']) {
      const out = df.groupBy(key).agg({ v: 'sum' }).toRecords();
      expect(out.map((r) => r.v_sum)).toEqual([3, 12, 16]);
      expect(out[1][key]).toBeNull();
    }
  });

  it('quantile interpolates linearly like pandas', () => {
    const df = DataFrame.fromColumns({ k: ['a', 'a', 'a', 'a'], v: [1, 2, 3, 10] });
    const out = df.groupBy('k').agg(col('v').quantile(0.9).as('p90'), col('v').median().as('med')).toRecords()[0];
    expect(out.p90).toBeCloseTo(3 + 0.7 * 7, 12);
    expect(out.med).toBe(2.5);
  });

  it('filters before grouping with SQL null semantics', async () => {
    const df = DataFrame.fromRecords(ROWS, { chunkSize: 128 });
    const got = await LazyFrame.fromFrame(df)
      .filter(
        col('v2')
          .gt(10)
          .and(col('id1').isIn(['id001', 'id002'])),
      )
      .groupBy('id1')
      .agg(count())
      .collect();
    const want = referenceGroupBy(
      ROWS.filter((r) => r.v2 !== null && (r.v2 as number) > 10 && (r.id1 === 'id001' || r.id1 === 'id002')),
      ['id1'],
      [[null, 'count']],
    );
    expectSameGroups(asMap(got, ['id1']), want);
  });

  it('lets users register their own aggregate', async () => {
    const { registerAggregate, getAggregate } = await import('@df-stream/core');
    const sum = getAggregate('sum');
    registerAggregate({ ...sum, name: 'my_sum' });
    const df = DataFrame.fromColumns({ k: ['a', 'a'], v: [1, 2] });
    expect(df.groupBy('k').agg({ v: 'my_sum' }).toRecords()).toEqual([{ k: 'a', v_my_sum: 3 }]);
  });

  it('removes its spill files after a spilled job', async () => {
    const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    // Its own temp directory: tests running beside this one spill to the system's.
    const own = mkdtempSync(join(tmpdir(), 'df-stream-agg-spill-test-'));
    const previous = process.env.DF_STREAM_TMPDIR;
    process.env.DF_STREAM_TMPDIR = own;
    try {
      await run(ROWS, QUERIES.q3, 64, 1);
      expect(readdirSync(own)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.DF_STREAM_TMPDIR;
      else process.env.DF_STREAM_TMPDIR = previous;
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('approx_n_unique', () => {
  it('stays within 4 standard errors of the exact count and merges like the exact one', () => {
    const n = 40_000;
    const keys = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'a' : 'b'));
    const values = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? `s${i % 30_000}` : i % 7));
    const df = DataFrame.fromColumns({ k: keys, v: values.map(String) }, { chunkSize: 4096 });
    const out = df
      .groupBy('k')
      .agg({ v: ['approx_n_unique', 'n_unique'] })
      .toRecords();
    for (const r of out) {
      const exact = r.v_n_unique as number;
      expect(Math.abs((r.v_approx_n_unique as number) - exact) / exact).toBeLessThan(4 * 0.0325);
    }
    expect(out.find((r) => r.k === 'b')?.v_approx_n_unique).toBe(7);
  });
});

describe('argsortPositions', () => {
  it('gives null for positions already in order, and the order by position otherwise', () => {
    expect(argsortPositions(Float64Array.of(0, 5, 9, 2 ** 40), 4)).toBeNull();
    expect([...(argsortPositions(Float64Array.of(0, 9, 5, 2 ** 40, 7), 5) ?? [])]).toEqual([0, 2, 4, 1, 3]);
    // Only the first n count; equal positions are no order of their own (sorted, stably).
    expect(argsortPositions(Float64Array.of(1, 2, 0), 2)).toBeNull();
    expect([...(argsortPositions(Float64Array.of(3, 3, 1), 3) ?? [])]).toEqual([2, 0, 1]);
  });
});

describe('projectGroups', () => {
  it('follows a straight line for keys unique per row, and levels off where keys run out', () => {
    expect(projectGroups(1000, 1, 1000, 5000)).toBe(5000);
    // A million keys drawn at random: after 2^19 rows the groups and the rate of new ones are these.
    const keys = 1e6;
    const rows = 2 ** 19;
    const groups = keys * (1 - Math.exp(-rows / keys));
    const rate = Math.exp(-rows / keys);
    expect(projectGroups(groups, rate, rows, 1e8)).toBeCloseTo(keys, -3);
    // At 1e7 rows a million keys are not all seen yet: about 1 - e^-10 of them.
    expect(projectGroups(groups, rate, rows, 1e7) / (keys * (1 - Math.exp(-10)))).toBeCloseTo(1, 3);
    // Never fewer than seen, never more than the straight line.
    expect(projectGroups(500, 0.2, 1000, 1001)).toBeGreaterThanOrEqual(500);
    expect(projectGroups(500, 0.2, 1000, 1e9)).toBeLessThanOrEqual(500 + 0.2 * (1e9 - 1000));
  });
});

describe('min and max of integer columns', () => {
  it('match a reference with negative values, nulls in some chunks and merged partials, at chunk sizes 1, 7, 500', () => {
    const aggs: AggSpec[] = [
      { column: 'v', fn: 'min', name: 'v_min' },
      { column: 'v', fn: 'max', name: 'v_max' },
    ];
    let state = 11;
    const next = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    // Groups 0-99 hold only negative values (max must not be 0), 100-199 only positive ones (nor min), the rest both;
    // nulls only in the second half's chunks.
    const rows: { k: number; v: number | null }[] = Array.from({ length: 6000 }, (_, i) => {
      const k = next(300);
      const v = k < 100 ? -1 - next(200) : k < 200 ? 1 + next(200) : next(400) - 200;
      return { k, v: i >= 3000 && next(5) === 0 ? null : v };
    });
    const chunk = (part: typeof rows) => {
      const valid = part.every((r) => r.v !== null);
      const bits = new Uint8Array((part.length + 7) >>> 3);
      part.forEach((r, i) => r.v !== null && (bits[i >>> 3] |= 1 << (i & 7)));
      return DataFrame.fromColumns({
        k: new NumberColumn(
          'int16',
          Int16Array.from(part, (r) => r.k),
        ),
        v: new NumberColumn(
          'int16',
          Int16Array.from(part, (r) => r.v ?? 0),
          valid ? null : bits,
        ),
      }).chunks[0];
    };
    const expected = new Map<number, { min: number | null; max: number | null }>();
    for (const r of rows) {
      const e = expected.get(r.k) ?? { min: null, max: null };
      if (r.v !== null) {
        e.min = e.min === null ? r.v : Math.min(e.min, r.v);
        e.max = e.max === null ? r.v : Math.max(e.max, r.v);
      }
      expected.set(r.k, e);
    }
    for (const size of [1, 7, 500]) {
      const a = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
      const b = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
      for (let at = 0; at < rows.length; at += size) {
        const part = rows.slice(at, at + size);
        (at < rows.length / 2 ? a : b).consume(chunk(part), at);
      }
      a.mergeCompact(b.exportCompact());
      const got = new Map(
        DataFrame.fromChunks([...a.finish()])
          .toRecords()
          .map((r) => [r.k as number, { min: r.v_min, max: r.v_max }]),
      );
      expect(got).toEqual(expected);
    }
  });
});
