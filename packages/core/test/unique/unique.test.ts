import { DataFrame, DEFAULT_CHUNK_SIZE, LazyFrame, type UniqueKeep, type Value } from '@df-stream/core';
import { MemorySpillStore } from '@df-stream/core/internal';
import { describe, expect, it } from 'vitest';
import { DTYPES, plain, sortTable } from '../sort/sort-fixtures.js';

const KEEPS: readonly UniqueKeep[] = ['first', 'last', 'any', 'none'];
const SUBSETS: readonly (readonly string[])[] = [['cat'], ['cat', 'i'], ['b', 'd'], ['s', 'big', 'f'], ['u', 'cat', 'b', 'i']];

/** A key as text: null equals null, NaN equals NaN, -0 equals 0, an int64 equals its number. */
function keyOf(row: Record<string, Value>, keys: readonly string[]): string {
  return keys
    .map((k) => {
      const v = row[k];
      if (v === null) return 'null';
      return `${typeof v === 'bigint' ? 'number' : typeof v}:${String(Object.is(v, -0) ? 0 : v)}`;
    })
    .join('|');
}

/** What each `keep` means, written plainly over records; rows in input order. */
function referenceUnique(rows: readonly Record<string, Value>[], keys: readonly string[], keep: UniqueKeep): Record<string, Value>[] {
  const count = new Map<string, number>();
  const last = new Map<string, number>();
  rows.forEach((r, i) => {
    const k = keyOf(r, keys);
    count.set(k, (count.get(k) ?? 0) + 1);
    last.set(k, i);
  });
  const seen = new Set<string>();
  return rows.filter((r, i) => {
    const k = keyOf(r, keys);
    if (keep === 'last') return last.get(k) === i;
    if (keep === 'none') return count.get(k) === 1;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const byRow = (rows: Record<string, Value>[]) => [...rows].sort((a, b) => (a.row as number) - (b.row as number));

describe('unique', () => {
  const n = 1200;
  const table = sortTable(n, 11);
  const rows = DataFrame.fromColumns(table, { dtypes: DTYPES }).toRecords();

  it('keeps the rows each keep asks for, in input order, at chunk sizes 1, 7 and the default (eager and lazy)', async () => {
    for (const keys of SUBSETS) {
      for (const keep of KEEPS) {
        const expected = plain(referenceUnique(rows, keys, keep));
        for (const chunkSize of [1, 7, DEFAULT_CHUNK_SIZE]) {
          const df = DataFrame.fromColumns(table, { dtypes: DTYPES, chunkSize });
          expect(plain(df.unique(keys, { keep }).toRecords())).toEqual(expected);
          if (chunkSize === 1 && keys.length > 2) continue;
          const lazy = await LazyFrame.fromFrame(df).unique(keys, { keep }).collect();
          expect(plain(lazy.toRecords())).toEqual(expected);
        }
      }
    }
  });

  it('spills by key hash past the budget: first and any keep input order, last and none the same rows', async () => {
    for (const keys of [SUBSETS[1], SUBSETS[3], ['row']]) {
      for (const keep of KEEPS) {
        const expected = plain(referenceUnique(rows, keys, keep));
        for (const chunkSize of [7, 100]) {
          const store = new MemorySpillStore();
          const lazy = LazyFrame.fromFrame(DataFrame.fromColumns(table, { dtypes: DTYPES, chunkSize }));
          const out = plain((await lazy.unique(keys, { keep, memoryLimit: 3000, spillStore: store, partitions: 4, chunkSize: 50 }).collect()).toRecords());
          expect(store.appended).toBeGreaterThan(0);
          expect(store.open).toBe(0);
          if (keep === 'first' || keep === 'any') expect(out).toEqual(expected);
          else expect(byRow(out)).toEqual(expected);
        }
      }
    }
  });

  it('keys on every column by default; null equals null; explains itself; rejects a bad keep and column', async () => {
    const df = DataFrame.fromRecords([
      { a: 1, b: null },
      { a: 1, b: null },
      { a: null, b: 'x' },
      { a: null, b: 'x' },
      { a: 2, b: 'x' },
    ]);
    expect(df.unique().toRecords()).toEqual([
      { a: 1, b: null },
      { a: null, b: 'x' },
      { a: 2, b: 'x' },
    ]);
    expect(df.unique('b', { keep: 'none' }).numRows).toBe(0);
    const lazy = LazyFrame.fromFrame(df).unique(['a', 'b'], { keep: 'last' });
    expect(lazy.explain()).toBe('UNIQUE ON a, b (keep last)\n  SCAN DataFrame');
    expect(LazyFrame.fromFrame(df).unique().explain()).toBe('UNIQUE ON * (keep any)\n  SCAN DataFrame');
    expect(() => df.unique('c')).toThrow(/column 'c' not found/);
    expect(() => df.unique('a', { keep: 'all' as UniqueKeep })).toThrow(/keep must be one of/);
    await expect(LazyFrame.fromFrame(df).unique('bb').collect()).rejects.toThrow(/did you mean 'b'/);
  });
});
