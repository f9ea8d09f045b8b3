import { col, DataFrame, DEFAULT_CHUNK_SIZE, LazyFrame } from '@df-stream/core';
import { MemorySpillStore } from '@df-stream/core/internal';
import { describe, expect, it } from 'vitest';
import { plain, type RefKey, referenceSort, sortFrame, sortTable } from './sort-fixtures.js';

const KEY_SETS: readonly (readonly RefKey[])[] = [
  [{ column: 'cat' }],
  [{ column: 's', descending: true }],
  [{ column: 'f' }],
  [{ column: 'f', descending: true, nullsLast: false }],
  [{ column: 'big' }],
  [{ column: 'big', descending: true }],
  [{ column: 'u' }],
  [{ column: 'b' }, { column: 'd', descending: true }],
  [{ column: 'cat', descending: true, nullsLast: false }, { column: 'i' }],
  [{ column: 'i', nullsLast: false }, { column: 'f', descending: true }, { column: 's' }],
  [{ column: 'd' }, { column: 'cat' }, { column: 'big', descending: true, nullsLast: false }],
];

const options = (keys: readonly RefKey[]) => ({ descending: keys.map((k) => k.descending === true), nullsLast: keys.map((k) => k.nullsLast !== false) });
const names = (keys: readonly RefKey[]) => keys.map((k) => k.column);

describe('DataFrame.sort', () => {
  const n = 600;
  const rows = sortFrame(n, 1).toRecords();
  for (const keys of KEY_SETS) {
    const label = keys.map((k) => `${k.column}${k.descending ? ' desc' : ''}${k.nullsLast === false ? ' nulls first' : ''}`).join(', ');
    it(`orders as a stable reference comparator: ${label}`, () => {
      const expected = plain(referenceSort(rows, keys));
      for (const chunkSize of [1, 7, DEFAULT_CHUNK_SIZE]) {
        const df = sortFrame(n, 1, chunkSize);
        expect(plain(df.sort(names(keys), options(keys)).toRecords())).toEqual(expected);
      }
    });
  }

  it('takes one flag for every key, an expression key (not in the output), and keeps the schema', () => {
    const df = sortFrame(200, 2);
    const out = df.sort([col('i').mul(-1), 'row'], { descending: true });
    expect(out.columns).toEqual(df.columns);
    const expected = referenceSort(
      df.toRecords().map((r) => ({ ...r, k: r.i === null ? null : -(r.i as number) })),
      [
        { column: 'k', descending: true },
        { column: 'row', descending: true },
      ],
    ).map((r) => r.row);
    expect(out.toRecords().map((r) => r.row)).toEqual(expected);
  });

  it('sorts an empty frame and rejects an unknown key naming the closest column', () => {
    expect(sortFrame(0, 3).sort('i').numRows).toBe(0);
    expect(() => sortFrame(5, 3).sort('ct')).toThrow(/did you mean 'cat'/);
    expect(() => sortFrame(5, 3).sort(['i', 'f'], { descending: [true] })).toThrow(/descending has 1 flags for 2 keys/);
  });

  it('sorts a categorical by its entries, not its codes', () => {
    const df = DataFrame.fromColumns({ c: ['z', 'b', 'a', 'z', 'c', null, 'b'] }, { dtypes: { c: 'categorical' } });
    expect(df.sort('c').column('c').toArray()).toEqual(['a', 'b', 'b', 'c', 'z', 'z', null]);
    expect(df.sort('c', { descending: true, nullsLast: false }).column('c').toArray()).toEqual([null, 'z', 'z', 'c', 'b', 'b', 'a']);
  });
});

describe('LazyFrame.sort', () => {
  const n = 2000;
  const rows = sortFrame(n, 4).toRecords();

  it('gives the same rows in memory and as an external merge sort, at chunk sizes 1, 7 and the default', async () => {
    for (const keys of [KEY_SETS[8], KEY_SETS[9], KEY_SETS[10], KEY_SETS[1]]) {
      const expected = plain(referenceSort(rows, keys));
      for (const chunkSize of [7, 1, DEFAULT_CHUNK_SIZE]) {
        if (chunkSize === 1 && keys !== KEY_SETS[8]) continue;
        const lazy = LazyFrame.fromFrame(sortFrame(n, 4, chunkSize));
        const inMemory = await lazy.sort(names(keys), { ...options(keys), chunkSize }).collect();
        expect(plain(inMemory.toRecords())).toEqual(expected);
        const store = new MemorySpillStore();
        const external = await lazy.sort(names(keys), { ...options(keys), memoryLimit: 4000, spillStore: store, chunkSize: Math.max(chunkSize, 3) }).collect();
        expect(store.appended).toBeGreaterThan(chunkSize === DEFAULT_CHUNK_SIZE ? 0 : 1);
        expect(store.open).toBe(0);
        expect(plain(external.toRecords())).toEqual(expected);
      }
    }
  });

  it('merges runs whose categorical dictionary grew while the input was read, and whose dtypes widened', async () => {
    // Each chunk brings new words in an order unlike byte order; the later chunks widen i from int8 to int32.
    const chunks: DataFrame[] = [];
    const all: Record<string, unknown>[] = [];
    for (let c = 0; c < 12; c++) {
      const part: Record<string, unknown>[] = [];
      for (let k = 0; k < 50; k++) part.push({ w: `w${(97 * (c * 50 + k)) % (40 + c * 20)}`, i: c < 6 ? k % 7 : 1000 * k, row: c * 50 + k });
      chunks.push(DataFrame.fromRecords(part));
      all.push(...part);
    }
    const frame = chunks[0].concat(...chunks.slice(1));
    const store = new MemorySpillStore();
    const lazy = LazyFrame.fromFrame(DataFrame.fromColumns(frame.toColumns(), { dtypes: { w: 'categorical' }, chunkSize: 50 }));
    const out = await lazy.sort(['w', 'i'], { descending: [false, true], memoryLimit: 3000, spillStore: store }).collect();
    expect(store.appended).toBeGreaterThan(1);
    const expected = referenceSort(all as Record<string, never>[], [{ column: 'w' }, { column: 'i', descending: true }]).map((r) => r.row);
    expect(out.toRecords().map((r) => r.row)).toEqual(expected);
  });

  it('explains itself and drops hidden key columns', async () => {
    const lazy = LazyFrame.fromFrame(sortFrame(30, 5)).sort(['cat', col('f').mul(2)], { descending: [false, true] });
    expect(lazy.explain()).toBe('SORT cat, f * 2 DESC\n  WITH_COLUMNS f * 2 AS __dfs_sort1\n    SCAN DataFrame');
    expect((await lazy.schema()).names).toEqual(Object.keys(sortTable(1, 1)));
    expect((await lazy.collect()).columns).toEqual(Object.keys(sortTable(1, 1)));
  });
});

describe('topK', () => {
  const n = 1500;
  const df = sortFrame(n, 6, 100);
  const lazy = LazyFrame.fromFrame(df);

  it('equals sort then slice, for limit right after a sort, topK and bottomK', async () => {
    for (const keys of KEY_SETS) {
      const sorted = plain(referenceSort(df.toRecords(), keys));
      for (const k of [0, 1, 10, 250, n + 5]) {
        const viaLimit = await lazy.sort(names(keys), options(keys)).limit(k).collect();
        expect(plain(viaLimit.toRecords())).toEqual(sorted.slice(0, k));
        const bottom = await lazy.bottomK(k, names(keys), options(keys)).collect();
        expect(plain(bottom.toRecords())).toEqual(sorted.slice(0, k));
      }
    }
    const top = await lazy.topK(20, ['f', 'row']).collect();
    expect(top.toRecords()).toEqual(
      referenceSort(df.toRecords(), [
        { column: 'f', descending: true },
        { column: 'row', descending: true },
      ]).slice(0, 20),
    );
  });

  it('uses a heap, never a sort or a spill, and says so in explain', async () => {
    const store = new MemorySpillStore();
    const plan = lazy.sort(['i', 'f'], { descending: [true, false], memoryLimit: 10, spillStore: store }).limit(10);
    expect(plan.explain()).toBe('TOP 10 BY i DESC, f\n  SCAN DataFrame');
    expect((await plan.collect()).numRows).toBe(10);
    expect(store.appended).toBe(0);
    // A limit past 2^20 rows keeps the sort, which may spill, and stops after the limit.
    expect(
      lazy
        .sort('i')
        .limit(2 ** 21)
        .explain(),
    ).toBe('LIMIT 2097152\n  SORT i\n    SCAN DataFrame');
    expect(lazy.topK(3, col('i').add(1)).explain()).toBe('TOP 3 BY i + 1 DESC\n  WITH_COLUMNS i + 1 AS __dfs_sort0\n    SCAN DataFrame');
  });

  it('keeps categorical chunks whose dictionary grows, and chunks of widened dtypes', async () => {
    const parts = [DataFrame.fromRecords([{ w: 'm', v: 1 }]), DataFrame.fromRecords([{ w: 'a', v: 2 ** 40 }]), DataFrame.fromRecords([{ w: 'z', v: 3 }])];
    const chunked = new LazyFrame({
      description: 'parts',
      schema: async () => parts[0].schema,
      scan: () => ({
        async *[Symbol.asyncIterator]() {
          for (const p of parts) yield* p.chunks;
        },
      }),
    });
    expect((await chunked.bottomK(2, 'w').collect()).toRecords()).toEqual([
      { w: 'a', v: 2 ** 40 },
      { w: 'm', v: 1 },
    ]);
  });
});
