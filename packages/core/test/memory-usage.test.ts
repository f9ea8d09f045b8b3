import { ownBufferBytes } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import type { CategoricalColumn } from '../src/column.js';
import { DataFrame } from '../src/data-frame.js';
import type { Dictionary } from '../src/dictionary.js';

/** A frame with every storage kind, nulls only in some chunks, several chunks. */
function mixedFrame(): DataFrame {
  const n = 1000;
  const rows = Array.from({ length: n }, (_, i) => i);
  return DataFrame.fromColumns(
    {
      small: rows.map((i) => i % 100),
      wide: rows.map((i) => (i < 500 ? i : i * 100_000)),
      big: rows.map((i) => (i % 7 === 0 ? 2n ** 60n + BigInt(i) : i)),
      temp: rows.map((i) => (i < 100 && i % 10 === 0 ? null : i / 3)),
      flag: rows.map((i) => i % 3 === 0),
      city: rows.map((i) => (i > 900 && i % 5 === 0 ? null : ['Oslo', 'Lima', 'Zürich', '東京'][i % 4])),
      text: rows.map((i) => `row ${i} ${'·'.repeat(i % 5)}`),
    },
    { chunkSize: 256, dtypes: { text: 'utf8' } },
  );
}

describe('memoryUsage', () => {
  const df = mixedFrame();

  it('uses compact storage for each column', () => {
    expect(df.schema.fields.map((f) => f.dtype)).toEqual(['int8', 'int32', 'int64', 'float64', 'bool', 'categorical', 'utf8']);
  });

  it('counts exactly the bytes of each column own buffers (shallow)', () => {
    const usage = df.memoryUsage();
    expect(usage.deep).toBe(false);
    for (const [j, name] of df.columns.entries()) {
      const expected = df.chunks.reduce((sum, c) => sum + ownBufferBytes(c.columns[j]), 0);
      expect(usage.column(name)?.bytes).toBe(expected);
      expect(usage.column(name)?.dictionaryBytes).toBe(0);
    }
    const all = df.chunks.reduce((sum, c) => sum + c.columns.reduce((s, col) => s + ownBufferBytes(col), 0), 0);
    expect(usage.total).toBe(all);
    expect(df.byteLength).toBe(all);
  });

  it('matches hand-computed figures for simple columns', () => {
    // text: utf8, (rows + 1) int32 offsets per chunk plus the UTF-8 bytes of every string.
    const utf8 = new TextEncoder().encode(df.column('text').toArray().join('')).length;
    expect(df.memoryUsage().column('text')?.bytes).toBe(4 * (1000 + 4) + utf8);
    const usage = df.memoryUsage();
    const chunks = df.chunks.length;
    expect(chunks).toBe(4);
    expect(usage.column('small')?.bytes).toBe(1000); // int8, no nulls
    expect(usage.column('big')?.bytes).toBe(8000); // int64
    // temp: float64 plus a 32-byte validity bitmap in the first chunk only (the only one with nulls).
    expect(usage.column('temp')?.bytes).toBe(8000 + 32);
    // flag: bit-packed, 32 + 32 + 32 + 29 bytes.
    expect(usage.column('flag')?.bytes).toBe(125);
    // city: uint8 codes, a bitmap in the last chunk only (232 rows -> 29 bytes).
    expect(usage.column('city')?.bytes).toBe(1000 + 29);
  });

  it('has a validity bitmap only in chunks with nulls', () => {
    const temp = df.columns.indexOf('temp');
    expect(df.chunks.map((c) => c.columns[temp].validity !== null)).toEqual([true, false, false, false]);
  });

  it('adds each dictionary once in deep mode, however many chunks share it', () => {
    const cityIndex = df.columns.indexOf('city');
    const dictionaries = new Set<Dictionary>(df.chunks.map((c) => (c.columns[cityIndex] as CategoricalColumn).dictionary));
    expect(dictionaries.size).toBe(1);
    const [dict] = dictionaries;
    const shallow = df.memoryUsage({ deep: false });
    const deep = df.memoryUsage({ deep: true });
    expect(deep.column('city')?.dictionaryBytes).toBe(dict.byteLength);
    expect(deep.column('city')?.total).toBe(shallow.column('city')!.bytes + dict.byteLength);
    expect(deep.total).toBe(shallow.total + dict.byteLength);
    expect(dict.byteLength).toBeGreaterThanOrEqual(dict.valueBytes.byteLength);
  });

  it('counts a dictionary shared by two columns once', () => {
    const city = df.column('city').chunks[0] as CategoricalColumn;
    const two = DataFrame.fromColumns({ a: city, b: city.slice(0, city.length) });
    const deep = two.memoryUsage({ deep: true });
    expect(deep.column('a')?.dictionaryBytes).toBe(city.dictionary.byteLength);
    expect(deep.column('b')?.dictionaryBytes).toBe(0);
  });

  it('prints a table with a total row', () => {
    const text = df.memoryUsage({ deep: true }).toString();
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^column\s+dtype\s+buffers\s+dictionary\s+bytes$/);
    expect(lines.length).toBe(2 + df.columns.length + 1);
    expect(lines.at(-1)).toContain(String(df.memoryUsage({ deep: true }).total));
  });
});
