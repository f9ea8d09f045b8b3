import { col, DataFrame, type JoinHow, type JoinOptions, LazyFrame, type ScanOptions } from '@df-stream/core';
import { MemorySpillStore } from '@df-stream/core/internal';
import { describe, expect, it } from 'vitest';
import { nestedLoopJoin, type Rec, type RefJoin, rng, rowTexts, sortedRows } from './join-reference.js';

const HOWS: JoinHow[] = ['inner', 'left', 'right', 'full', 'semi', 'anti'];
const LETTERS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

/** Tables with duplicate and null keys on both sides; the right side meets the left's letters in another order. */
function tables(seed: number): { left: Rec[]; right: Rec[] } {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const left: Rec[] = [];
  for (let i = 0; i < 80; i++) {
    const k = r() < 0.1 ? null : Math.floor(r() * 15);
    const c = r() < 0.1 ? null : pick(LETTERS);
    left.push({ k, c, v: Math.floor(r() * 1000), s: `l${i}`, x: r() < 0.2 ? null : Math.round(r() * 1e4) / 100 });
  }
  const right: Rec[] = [];
  const reversed = [...LETTERS].reverse();
  for (let i = 0; i < 60; i++) {
    const k = r() < 0.1 ? null : Math.floor(r() * 18) - 2;
    const c = r() < 0.1 ? null : pick(reversed);
    const f = k === null ? null : r() < 0.5 ? k * 2 : k * 2 + 0.5;
    right.push({ k, c, u: c, f, s: `r${i}`, w: Math.floor(r() * 100) });
  }
  return { left, right };
}

interface Case {
  name: string;
  options: JoinOptions;
  ref: Omit<RefJoin, 'how' | 'leftColumns' | 'rightColumns'>;
}

const CASES: Case[] = [
  { name: 'int32 with int64 (on k)', options: { on: 'k' }, ref: { using: ['k'], leftKey: (r) => [r.k], rightKey: (r) => [r.k] } },
  { name: 'categoricals on different dictionaries (on c)', options: { on: 'c' }, ref: { using: ['c'], leftKey: (r) => [r.c], rightKey: (r) => [r.c] } },
  {
    name: 'categorical with utf8 (leftOn c, rightOn u)',
    options: { leftOn: 'c', rightOn: 'u' },
    ref: { rightKeyNames: ['u'], leftKey: (r) => [r.c], rightKey: (r) => [r.u] },
  },
  { name: 'two keys (on k, c)', options: { on: ['k', 'c'] }, ref: { using: ['k', 'c'], leftKey: (r) => [r.k, r.c], rightKey: (r) => [r.k, r.c] } },
  {
    name: 'an expression with a float column (leftOn k * 2, rightOn f)',
    options: { leftOn: col('k').mul(2), rightOn: 'f' },
    ref: { rightKeyNames: ['f'], leftKey: (r) => [r.k === null ? null : (r.k as number) * 2], rightKey: (r) => [r.f] },
  },
];

function frames(seed: number, chunkSize: number | undefined): { left: DataFrame; right: DataFrame; rows: { left: Rec[]; right: Rec[] } } {
  const rows = tables(seed);
  const left = DataFrame.fromRecords(rows.left, { chunkSize, dtypes: { k: 'int32', c: 'categorical', v: 'int32', s: 'utf8', x: 'float64' } });
  const right = DataFrame.fromRecords(rows.right, { chunkSize, dtypes: { k: 'int64', c: 'categorical', u: 'utf8', f: 'float64', s: 'utf8', w: 'int32' } });
  return { left, right, rows };
}

/** A frame as a source whose size estimate picks the build side. */
function sized(df: DataFrame, bytes: number): LazyFrame {
  const inner = LazyFrame.fromFrame(df);
  return new LazyFrame({ description: 'sized', schema: async () => df.schema, estimatedBytes: async () => bytes, scan: (o?: ScanOptions) => inner.scan(o) });
}

type Mode = 'eager' | 'build-right' | 'build-left' | 'grace-right' | 'grace-left';
const MODES: Mode[] = ['eager', 'build-right', 'build-left', 'grace-right', 'grace-left'];

async function run(mode: Mode, left: DataFrame, right: DataFrame, options: JoinOptions, store: MemorySpillStore): Promise<DataFrame> {
  if (mode === 'eager') return left.join(right, options);
  const buildLeft = mode.endsWith('left');
  // Room for a few hundred bytes of build rows: every input spills, its partitions fit (recursion: below).
  const grace = mode.startsWith('grace') ? { memoryLimit: 2048, spillStore: store } : {};
  return sized(left, buildLeft ? 1 : 2)
    .join(sized(right, buildLeft ? 2 : 1), { ...options, ...grace })
    .collect();
}

describe('join against a nested-loop reference', () => {
  for (const c of CASES) {
    for (const how of HOWS) {
      it(`${how} join, ${c.name}: every mode and chunk size`, async () => {
        for (const chunkSize of [1, 7, undefined]) {
          const { left, right, rows } = frames(17, chunkSize);
          const ref: RefJoin = { ...c.ref, how, leftColumns: left.columns, rightColumns: right.columns };
          const expected = nestedLoopJoin(rows.left, rows.right, ref);
          for (const mode of MODES) {
            const store = new MemorySpillStore();
            const out = await run(mode, left, right, { ...c.options, how, chunkSize }, store);
            const context = `${mode}, chunk size ${chunkSize ?? 'default'}`;
            expect(out.columns, context).toEqual(Object.keys(expected[0] ?? {}).length > 0 ? Object.keys(expected[0]) : out.columns);
            expect(sortedRows(out.toRecords()), context).toEqual(sortedRows(expected));
            for (const chunk of out.chunks) expect(chunk.numRows, context).toBeLessThanOrEqual(chunkSize ?? 65_536);
            if (mode.startsWith('grace')) {
              expect(store.appended, context).toBeGreaterThan(0);
              expect(store.open, context).toBe(0);
            }
            // The left side streams: inner, left, semi and anti joins keep its order (matches in right order).
            if (mode === 'build-right' && how !== 'right' && how !== 'full') expect(rowTexts(out.toRecords()), context).toEqual(rowTexts(expected));
          }
        }
      });
    }
  }
});

describe('join', () => {
  it('names output columns as documented: USING keys once, ON right keys only for right and full joins, suffixes', async () => {
    const l = DataFrame.fromRecords([{ id: 1, a: 'x', b: 1 }]);
    const r = DataFrame.fromRecords([{ id: 1, rid: 1, a: 'y', c: 2 }]);
    expect(l.join(r, { on: 'id' }).columns).toEqual(['id', 'a', 'b', 'rid', 'a_right', 'c']);
    expect(l.join(r, { leftOn: 'id', rightOn: 'rid', how: 'left' }).columns).toEqual(['id', 'a', 'b', 'id_right', 'a_right', 'c']);
    expect(l.join(r, { leftOn: 'id', rightOn: 'rid', how: 'full', suffix: '_r' }).columns).toEqual(['id', 'a', 'b', 'id_r', 'rid', 'a_r', 'c']);
    expect(l.join(r, { on: 'id', how: 'semi' }).columns).toEqual(['id', 'a', 'b']);
    expect((await LazyFrame.fromFrame(l).join(r, { on: 'id', how: 'full' }).schema()).names).toEqual(['id', 'a', 'b', 'rid', 'a_right', 'c']);
  });

  it('rejects key dtypes that cannot match, naming both columns', () => {
    const l = DataFrame.fromRecords([{ id: 'x' }]);
    const r = DataFrame.fromRecords([{ n: 1 }], { dtypes: { n: 'int32' } });
    expect(() => l.join(r, { leftOn: 'id', rightOn: 'n' })).toThrow(/left 'id' is (utf8|categorical), right 'n' is int32/);
    expect(() => l.join(r, { leftOn: 'id', rightOn: 'n' })).toThrow(expect.objectContaining({ kind: 'usage' }));
    expect(() => l.join(r, { on: 'id', leftOn: 'id' })).toThrow(/either on or leftOn/);
    expect(() => l.join(r, { leftOn: ['id'], rightOn: [] })).toThrow(expect.objectContaining({ kind: 'usage' }));
    expect(() => l.join(r, { on: 'id', how: 'outer' as JoinHow })).toThrow(/unknown join type 'outer'/);
  });

  it('matches int64 values past 2^53 exactly', () => {
    const big = 2n ** 60n + 1n;
    const l = DataFrame.fromColumns({ k: [big, 5n, 2n ** 60n] }, { dtypes: { k: 'int64' } });
    const r = DataFrame.fromColumns({ k: [big, 2n ** 60n, 5], w: [1, 2, 3] }, { dtypes: { k: 'int64', w: 'int32' } });
    const out = l.join(r, { on: 'k' });
    expect(sortedRows(out.toRecords())).toEqual(
      sortedRows([
        { k: big, w: 1 },
        { k: 5, w: 3 },
        { k: 2n ** 60n, w: 2 },
      ]),
    );
    const f = DataFrame.fromColumns({ k: [2 ** 60, 5.5] }, { dtypes: { k: 'float64' } });
    expect(f.join(r, { on: 'k' }).numRows).toBe(1);
  });

  it('matches integer keys by value when the build side leaves the direct table part way (sparse values, a fraction, a negative)', async () => {
    const r = rng(11);
    const late = [2 ** 40, 2.5, -3, 7];
    for (const lateValue of late) {
      const build = Array.from({ length: 300 }, (_, i) => ({ k: i === 250 ? lateValue : Math.floor(r() * 50), w: i }));
      const probe = Array.from({ length: 200 }, (_, i) => ({ k: i % 7 === 0 ? lateValue : Math.floor(r() * 60) - 5, v: i }));
      const expected = nestedLoopJoin(probe, build, {
        how: 'full',
        using: ['k'],
        leftKey: (x) => [x.k],
        rightKey: (x) => [x.k],
        leftColumns: ['k', 'v'],
        rightColumns: ['k', 'w'],
      });
      for (const chunkSize of [1, 7, undefined]) {
        const l = DataFrame.fromRecords(probe, { chunkSize, dtypes: { k: 'float64' } });
        const b = DataFrame.fromRecords(build, { chunkSize, dtypes: { k: 'float64' } });
        const out = await sized(l, 2).join(sized(b, 1), { on: 'k', how: 'full', chunkSize }).collect();
        expect(sortedRows(out.toRecords()), `${lateValue}, ${chunkSize}`).toEqual(sortedRows(expected));
      }
    }
  });

  it('spreads a key with many matches over chunks of at most the chunk size', async () => {
    const l = DataFrame.fromColumns({ k: new Array(300).fill(1), i: Array.from({ length: 300 }, (_, i) => i) });
    const r = DataFrame.fromColumns({ k: new Array(200).fill(1), j: Array.from({ length: 200 }, (_, j) => j) });
    const out = await LazyFrame.fromFrame(l).join(r, { on: 'k', chunkSize: 1000 }).collect();
    expect(out.numRows).toBe(60_000);
    expect(Math.max(...out.chunks.map((c) => c.numRows))).toBeLessThanOrEqual(1000);
  });

  it('explains itself with both inputs under it', () => {
    const l = LazyFrame.fromFrame(DataFrame.fromRecords([{ a: 1 }]));
    const r = LazyFrame.fromFrame(DataFrame.fromRecords([{ b: 1, c: 2 }]));
    const plan = l
      .join(r.filter(col('c').gt(0)), { leftOn: 'a', rightOn: 'b', how: 'left' })
      .limit(3)
      .explain();
    expect(plan).toBe(['LIMIT 3', '  JOIN LEFT ON a = b', '    SCAN DataFrame', '    FILTER c > 0', '      SCAN DataFrame'].join('\n'));
  });

  it('partitions again, with other hash bits, a partition still too big (down to one hot key)', async () => {
    for (const how of HOWS) {
      const { left, right, rows } = frames(29, 7);
      const expected = nestedLoopJoin(rows.left, rows.right, {
        how,
        using: ['k'],
        leftKey: (r) => [r.k],
        rightKey: (r) => [r.k],
        leftColumns: left.columns,
        rightColumns: right.columns,
      });
      for (const buildLeft of [false, true]) {
        const store = new MemorySpillStore();
        const out = await sized(left, buildLeft ? 1 : 2)
          .join(sized(right, buildLeft ? 2 : 1), { on: 'k', how, memoryLimit: 1, spillStore: store })
          .collect();
        expect(sortedRows(out.toRecords()), how).toEqual(sortedRows(expected));
        expect(store.open).toBe(0);
      }
    }
  });

  it('disposes its spill areas when the consumer stops early or the probe side fails', async () => {
    const { left, right } = frames(3, 7);
    const store = new MemorySpillStore();
    const lazy = sized(left, 2).join(sized(right, 1), { on: 'k', memoryLimit: 1, spillStore: store });
    for await (const _ of lazy) break;
    expect(store.appended).toBeGreaterThan(0);
    expect(store.open).toBe(0);
    const failing = new LazyFrame({
      description: 'failing',
      schema: async () => left.schema,
      estimatedBytes: async () => 1e9,
      scan: (o?: ScanOptions) =>
        (async function* () {
          yield* LazyFrame.fromFrame(left).scan(o);
          throw new Error('disk gone');
        })(),
    });
    await expect(failing.join(sized(right, 1), { on: 'k', memoryLimit: 1, spillStore: store }).collect()).rejects.toThrow('disk gone');
    expect(store.open).toBe(0);
  });
});
