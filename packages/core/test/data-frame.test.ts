import { dtypesOf, expectConsistent, expectFrameEqual } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { Chunk } from '../src/chunk.js';
import type { CategoricalColumn } from '../src/column.js';
import { buildColumn } from '../src/column-builder.js';
import { DataFrame } from '../src/data-frame.js';
import { DfError } from '../src/errors/df-error.js';
import { ColumnNotFoundError } from '../src/schema.js';

/** 10 rows in chunks of 3: [0,1,2] [3,4,5] [6,7,8] [9]. */
function tenRows(): DataFrame {
  const n = Array.from({ length: 10 }, (_, i) => i);
  return DataFrame.fromColumns({ n, s: n.map((i) => (i % 4 === 0 ? null : `r${i}`)) }, { chunkSize: 3 });
}
const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
const sOf = (i: number): string | null => (i % 4 === 0 ? null : `r${i}`);

describe('DataFrame.fromRecords', () => {
  it('orders columns by first-seen key and fills missing keys with null', () => {
    const df = DataFrame.fromRecords([{ a: 1 }, { b: 'x', a: 2 }, { c: true }, { a: undefined, b: 'y' }]);
    expectFrameEqual(df, {
      dtypes: { a: 'int8', b: 'categorical', c: 'bool' },
      columns: { a: [1, 2, null, null], b: [null, 'x', null, 'y'], c: [null, null, true, null] },
    });
  });

  it('builds the same frame in one chunk or many', () => {
    const records = range(0, 50).map((i) => ({ i: i * 1000, f: i / 4, s: `k${i % 5}` }));
    const one = DataFrame.fromRecords(records);
    const many = DataFrame.fromRecords(records, { chunkSize: 7 });
    expect(many.chunks.length).toBe(8);
    expect(dtypesOf(many)).toEqual(dtypesOf(one));
    expect(dtypesOf(one)).toEqual({ i: 'int32', f: 'float64', s: 'categorical' });
    expect(many.toRecords()).toStrictEqual(records);
    expect(one.toRecords()).toStrictEqual(records);
  });

  it('builds an empty frame from no records', () => {
    const df = DataFrame.fromRecords([]);
    expect(df.numRows).toBe(0);
    expect(df.columns).toEqual([]);
  });
});

describe('DataFrame.fromColumns', () => {
  it('builds from arrays and typed arrays', () => {
    const df = DataFrame.fromColumns({ a: [1, 2, 3], f: new Float64Array([0.5, 1, 2]), i: new Int32Array([7, 8, 9]) });
    expectFrameEqual(df, {
      dtypes: { a: 'int8', f: 'float64', i: 'int8' },
      columns: { a: [1, 2, 3], f: [0.5, 1, 2], i: [7, 8, 9] },
    });
  });

  it('takes prebuilt Column objects and slices them into chunks, sharing the dictionary', () => {
    const city = buildColumn(['Oslo', 'Lima', 'Oslo', null, 'Pune']) as CategoricalColumn;
    const df = DataFrame.fromColumns({ city, n: [1, 2, 3, 4, 5] }, { chunkSize: 2 });
    expectFrameEqual(df, {
      dtypes: { city: 'categorical', n: 'int8' },
      columns: { city: ['Oslo', 'Lima', 'Oslo', null, 'Pune'], n: [1, 2, 3, 4, 5] },
    });
    expect(df.chunks.length).toBe(3);
    for (const c of df.chunks) expect((c.column('city') as CategoricalColumn).dictionary).toBe(city.dictionary);
  });

  it('rejects columns of different lengths', () => {
    expect(() => DataFrame.fromColumns({ a: [1, 2], b: [1] })).toThrow('columns have different lengths: a=2, b=1');
  });

  it('keeps the columns of an empty frame', () => {
    const df = DataFrame.fromColumns({ a: [], b: [] });
    expect(df.columns).toEqual(['a', 'b']);
    expect(df.numRows).toBe(0);
  });

  it('rejects a chunk size that is not a positive integer', () => {
    expect(() => DataFrame.fromColumns({ a: [1] }, { chunkSize: 0 })).toThrow(DfError);
  });
});

describe('row selection', () => {
  const df = tenRows();

  it('has chunks of the requested size', () => {
    expect(df.chunks.map((c) => c.numRows)).toEqual([3, 3, 3, 1]);
  });

  it.each([
    { name: 'head()', got: () => df.head(), rows: range(0, 5) },
    { name: 'head(4)', got: () => df.head(4), rows: range(0, 4) },
    { name: 'head(0)', got: () => df.head(0), rows: [] },
    { name: 'head(-3)', got: () => df.head(-3), rows: range(0, 7) },
    { name: 'head(99)', got: () => df.head(99), rows: range(0, 10) },
    { name: 'tail()', got: () => df.tail(), rows: range(5, 10) },
    { name: 'tail(2)', got: () => df.tail(2), rows: [8, 9] },
    { name: 'tail(0)', got: () => df.tail(0), rows: [] },
    { name: 'tail(-3)', got: () => df.tail(-3), rows: range(3, 10) },
    { name: 'tail(99)', got: () => df.tail(99), rows: range(0, 10) },
    { name: 'slice(2, 8) across chunks', got: () => df.slice(2, 8), rows: range(2, 8) },
    { name: 'slice(3, 6) one whole chunk', got: () => df.slice(3, 6), rows: range(3, 6) },
    { name: 'slice(-4)', got: () => df.slice(-4), rows: range(6, 10) },
    { name: 'slice(-8, -2)', got: () => df.slice(-8, -2), rows: range(2, 8) },
    { name: 'slice(-99, 2)', got: () => df.slice(-99, 2), rows: [0, 1] },
    { name: 'slice(7, 3)', got: () => df.slice(7, 3), rows: [] },
    { name: 'slice(10)', got: () => df.slice(10), rows: [] },
  ])('$name', ({ got, rows }) => {
    const out = got();
    expectFrameEqual(out, { dtypes: dtypesOf(df), columns: { n: rows, s: rows.map(sOf) } });
  });

  it('selects columns in the given order and rejects unknown names', () => {
    const out = df.select('s', 'n');
    expect(out.columns).toEqual(['s', 'n']);
    expect(df.select(['n']).toColumns()).toStrictEqual({ n: range(0, 10) });
    expect(() => df.select('m')).toThrow(ColumnNotFoundError);
  });

  it('column(name) reads one column across chunks', () => {
    const s = df.column('s');
    expect(s.dtype).toBe('categorical');
    expect(s.toArray()).toStrictEqual(range(0, 10).map(sOf));
    expect(s.get(9)).toBe('r9');
  });

  it('column(name) on an unknown name throws ColumnNotFoundError suggesting the closest name', () => {
    const people = DataFrame.fromColumns({ city: ['a'], age: [1], temperature: [1.5] });
    expect(() => people.column('temperatur')).toThrow(ColumnNotFoundError);
    expect(() => people.column('temperatur')).toThrow("did you mean 'temperature'?");
    expect(() => people.column('agee')).toThrow("column 'agee' not found (did you mean 'age'?); available: city, age, temperature");
  });
});

describe('concat', () => {
  it('appends rows and widens dtypes', () => {
    const a = DataFrame.fromColumns({ n: [1, 2], s: ['x', 'y'] });
    const b = DataFrame.fromColumns({ n: [100_000, null], s: ['y', 'z'] });
    const c = DataFrame.fromColumns({ n: [0.5], s: [null] });
    const out = a.concat(b, c);
    expectFrameEqual(out, {
      dtypes: { n: 'float64', s: 'categorical' },
      columns: { n: [1, 2, 100_000, null, 0.5], s: ['x', 'y', 'y', 'z', null] },
    });
    // Categorical chunks from separate frames end up on one dictionary.
    const dicts = new Set(out.chunks.map((ch) => (ch.column('s') as CategoricalColumn).dictionary));
    expect(dicts.size).toBe(1);
  });

  it('widens int8 + int64 to int64 exactly, and number + string to utf8', () => {
    const out = DataFrame.fromColumns({ n: [1], v: [1] }).concat(DataFrame.fromColumns({ n: [2n ** 60n], v: ['a'] }));
    expectFrameEqual(out, { dtypes: { n: 'int64', v: 'utf8' }, columns: { n: [1, 2n ** 60n], v: ['1', 'a'] } });
  });

  it('keeps the columns when every frame is empty', () => {
    const df = DataFrame.fromColumns({ a: [1], b: ['x'] });
    const out = df.head(0).concat(df.tail(0));
    expect(out.columns).toEqual(['a', 'b']);
    expect(out.numRows).toBe(0);
    expect(dtypesOf(out)).toEqual(dtypesOf(df));
    expect(df.head(0).concat(df).toColumns()).toStrictEqual({ a: [1], b: ['x'] });
  });

  it('keeps the columns of fromChunks given only empty chunks', () => {
    const empty = Chunk.of({ a: buildColumn([]) });
    expect(DataFrame.fromChunks([empty, empty]).columns).toEqual(['a']);
  });

  it('rejects frames with other columns', () => {
    expect(() => DataFrame.fromColumns({ a: [1] }).concat(DataFrame.fromColumns({ b: [1] }))).toThrow(/different columns/);
  });
});

describe('toRecords / toColumns', () => {
  it('round-trips records with every kind of value', () => {
    const records = [
      { i: 1, big: 2n ** 60n, f: Number.NaN, s: 'é', b: true },
      { i: null, big: -1, f: -0.5, s: null, b: false },
      { i: -129, big: null, f: Infinity, s: '', b: null },
    ];
    const df = DataFrame.fromRecords(records);
    expect(dtypesOf(df)).toEqual({ i: 'int16', big: 'int64', f: 'float64', s: 'categorical', b: 'bool' });
    expect(df.toRecords()).toStrictEqual(records);
    expect(df.toColumns()).toStrictEqual({
      i: [1, null, -129],
      big: [2n ** 60n, -1, null],
      f: [Number.NaN, -0.5, Infinity],
      s: ['é', null, ''],
      b: [true, false, null],
    });
    expectConsistent(df);
  });
});

describe('toString', () => {
  it('prints shape, headers with dtypes, and values', () => {
    const df = DataFrame.fromColumns({ city: ['Oslo', 'Lima', null], temp: [1.5, -2, Number.NaN], when: [new Date(0), null, new Date('2024-03-01T00:00:00Z')] });
    const text = df.toString();
    expect(text.split('\n')[0]).toBe('shape: (3, 3)');
    expect(text).toContain('city (categorical)');
    expect(text).toContain('temp (float64)');
    expect(text).toContain('when (timestamp)');
    for (const v of ['Oslo', 'Lima', 'null', '1.5', '-2.0', 'NaN', '1970-01-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']) {
      expect(text).toContain(v);
    }
    // Header, rule and one line per row, all of them aligned to the same column starts.
    const lines = text.split('\n').slice(1);
    expect(lines.length).toBe(2 + 3);
    expect(lines[1]).toMatch(/^-+ {2}-+ {2}-+$/);
  });

  it('elides the middle of a long frame', () => {
    const n = range(0, 1000);
    const text = DataFrame.fromColumns({ n }, { chunkSize: 64 }).toString({ maxRows: 6 });
    const body = text
      .split('\n')
      .slice(3)
      .map((l) => l.trim());
    expect(body).toEqual(['0', '1', '2', '…', '997', '998', '999']);
    expect(text).toContain('shape: (1000, 1)');
  });
});
