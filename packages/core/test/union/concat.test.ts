import { SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import type { CategoricalColumn } from '../../src/column.js';
import { concat } from '../../src/concat.js';
import { DataFrame } from '../../src/data-frame.js';
import { LazyFrame } from '../../src/lazy-frame.js';
import { Schema } from '../../src/schema.js';
import { unionSchema } from '../../src/union/union-schema.js';

type Row = Record<string, number | string | null>;

/** Seeded rows with the given columns: `k` text (categorical), `n` small ints, `big` ints past int16, `f` floats. */
function rows(seed: number, count: number, columns: readonly string[]): Row[] {
  const rnd = new SeededRandom(seed);
  return Array.from({ length: count }, () => {
    const r: Row = {};
    for (const c of columns) {
      if (rnd.chance(0.1)) r[c] = null;
      else if (c === 'k') r[c] = `key-${rnd.int(5 + seed)}`;
      else if (c === 'n') r[c] = rnd.int(100);
      else if (c === 'big') r[c] = 40_000 + rnd.int(100_000);
      else r[c] = Math.round(rnd.next() * 1000) / 4;
    }
    return r;
  });
}

function frame(data: readonly Row[], columns: readonly string[], chunkSize?: number): DataFrame {
  return DataFrame.fromColumns(Object.fromEntries(columns.map((c) => [c, data.map((r) => r[c] ?? null)])), chunkSize === undefined ? {} : { chunkSize });
}

describe('concat', () => {
  const inputs = [
    { columns: ['k', 'n'], data: rows(1, 40, ['k', 'n']) },
    { columns: ['n', 'f', 'k'], data: rows(2, 25, ['n', 'f', 'k']) },
    { columns: ['big', 'k'], data: rows(3, 30, ['big', 'k']) },
  ];

  it.each([1, 7, undefined])('diagonal: the union of the columns, nulls where missing, one dictionary per text column (chunk size %s)', async (chunkSize) => {
    const frames = inputs.map((i) => frame(i.data, i.columns, chunkSize));
    const df = await concat(frames, { how: 'diagonal' }).collect();
    expect(df.columns).toEqual(['k', 'n', 'f', 'big']);
    expect(df.schema.field('n').dtype).toBe('int8');
    expect(df.schema.field('f').dtype).toBe('float64');
    expect(df.schema.field('big').dtype).toBe('int32');
    const expected = inputs.flatMap((i) => i.data.map((r) => ({ k: r.k ?? null, n: r.n ?? null, f: r.f ?? null, big: r.big ?? null })));
    expect(df.toColumns()).toEqual({
      k: expected.map((r) => r.k),
      n: expected.map((r) => r.n),
      f: expected.map((r) => r.f),
      big: expected.map((r) => r.big),
    });
    const dictionaries = new Set(df.column('k').chunks.map((c) => (c as CategoricalColumn).dictionary));
    expect(dictionaries.size).toBe(1);
  });

  it('vertical: same names in any order by name, n widened with big; different names an error', async () => {
    const a = frame(rows(4, 10, ['k', 'n']), ['k', 'n'], 3);
    const b = frame(
      rows(5, 10, ['n', 'k']).map((r) => ({ ...r, n: r.n === null ? null : (r.n as number) * 1000 })),
      ['n', 'k'],
      4,
    );
    const df = await LazyFrame.fromFrame(a).concat(LazyFrame.fromFrame(b)).collect();
    expect(df.columns).toEqual(['k', 'n']);
    expect(df.toColumns()).toEqual({ k: [...a.toColumns().k, ...b.toColumns().k], n: [...a.toColumns().n, ...b.toColumns().n] });
    await expect(concat([a, frame(rows(6, 3, ['k']), ['k'])]).collect()).rejects.toThrow(/input 2 .* lacks n/);
  });

  it('says what it decided, a line per column missing somewhere or widened', () => {
    const s = (fields: [string, 'int8' | 'int16' | 'float64' | 'utf8' | 'categorical'][]) => new Schema(fields.map(([name, dtype]) => ({ name, dtype })));
    const { schema, notes } = unionSchema(
      [
        s([['a', 'int8']]),
        s([
          ['a', 'int16'],
          ['b', 'categorical'],
        ]),
        s([
          ['a', 'float64'],
          ['b', 'utf8'],
        ]),
      ],
      ['x', 'y', 'z'],
      {
        how: 'diagonal',
        diagonalHint: '',
      },
    );
    expect(schema.fields).toEqual([
      { name: 'a', dtype: 'float64' },
      { name: 'b', dtype: 'utf8' },
    ]);
    expect(notes).toEqual([
      'a: int8 in x, int16 in y, float64 in z: read as float64',
      'b: missing in 1 of 3 inputs (null there), e.g. x',
      'b: categorical in y, utf8 in z: read as utf8',
    ]);
  });
});
