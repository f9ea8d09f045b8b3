import type { Column } from '@df-stream/core';
import { CategoricalColumn } from '@df-stream/core/internal';
import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { scanCsv } from '../../src/csv/index.js';

const tmp = makeTestDir('csv-key-table');

/** Filler characters of one to four UTF-8 bytes. */
const CHARS = [...'abcdefghijklmnopqrstuvwxyz0123456789_-é😀'];

interface ManyValues {
  text: string;
  /** Per row, the value the reader must give: null for the null values. */
  values: (string | null)[];
}

/**
 * One column `k` (plus a number, so that fields end at a delimiter or at a line end) of `rows` rows: 50,000
 * distinct values of 1..16 UTF-8 bytes (the reader's key table, which then grows well past the point where
 * the dictionary counts as big), some of 17..40 bytes (interned by hash), some quoted (interned without a key,
 * met unquoted later), and null values. In the first 40% of the rows the long values are rare; after that a
 * third of the rows are long, so the reader changes to its block loop while short keys keep arriving.
 */
function manyValues(seed: number, rows: number, prefix: string): ManyValues {
  const rng = new SeededRandom(seed);
  const short = new Set<string>();
  while (short.size < 50_000) {
    if (prefix !== '') {
      // Keys of 13-16 bytes alike in their first 12: the key table tells them apart by their fourth word alone.
      short.add(prefix + short.size.toString(36));
      continue;
    }
    // A distinct stem and filler up to 16 bytes: every length from 1 to 16 occurs, multi-byte characters too.
    let v = short.size.toString(36);
    const want = 1 + rng.int(16);
    for (let c = rng.pick(CHARS); Buffer.byteLength(v + c) <= want; c = rng.pick(CHARS)) v += c;
    short.add(v);
  }
  const shortValues = [...short];
  const longValues = Array.from({ length: 2_000 }, (_, i) => `long-${i}-${'x'.repeat(rng.int(24))}`.padEnd(17 + rng.int(10), 'y'));
  const lines = ['k,n'];
  const values: (string | null)[] = [];
  for (let row = 0; row < rows; row++) {
    const dice = rng.next();
    const longShare = row < rows * 0.4 ? 0.01 : 0.33;
    if (dice < 0.02) {
      // In a text column only the empty field is null by default; the text NA is a value.
      const na = rng.chance(0.5);
      lines.push(`${na ? 'NA' : ''},${row}`);
      values.push(na ? 'NA' : null);
      continue;
    }
    // Spread over the whole run, short values keep being new until late in the file.
    const v = dice < 0.02 + longShare ? rng.pick(longValues) : shortValues[rng.int(Math.min(shortValues.length, 1_000 + row))];
    lines.push(`${rng.chance(0.02) ? `"${v}"` : v},${row}`);
    values.push(v);
  }
  return { text: `${lines.join('\n')}\n`, values };
}

for (const [title, prefix] of [
  ['many distinct short strings', ''],
  ['many distinct keys of 13-16 bytes, alike in their first 12', 'abcdefghijkl'],
] as const) {
  describe(`interning ${title} (the key table)`, () => {
    const rows = 120_000;
    const data = manyValues(42, rows, prefix);
    const path = tmp.write(`many-values${prefix === '' ? '' : '-prefixed'}.csv`, data.text);
    // The values in the order they first appear: the dictionary's codes.
    const firstSeen = [...new Set(data.values.filter((v): v is string => v !== null))];

    async function read(options: { chunkSize?: number; readBufferSize?: number; categoricalCap?: number }): Promise<{ got: (string | null)[]; last: Column | null }> {
      const got: (string | null)[] = [];
      let last: Column | null = null;
      for await (const chunk of scanCsv(path, { ...options, usecols: ['k'] })) {
        const column = chunk.column('k');
        for (let i = 0; i < column.length; i++) got.push(column.get(i) as string | null);
        last = column;
      }
      return { got, last };
    }

    /** The first row where `got` and the reference differ (-1: none), with both values, for a short message. */
    function firstDifference(got: (string | null)[]): { row: number; got?: string | null; want?: string | null } {
      const n = Math.max(got.length, data.values.length);
      for (let row = 0; row < n; row++) if (got[row] !== data.values[row]) return { row, got: got[row], want: data.values[row] };
      return { row: -1 };
    }

    for (const [chunkSize, readBufferSize] of [
      [1, 4096],
      [2, 100],
      [7, 64],
      [64, 1000],
      [undefined, 65536],
      [undefined, undefined],
    ] as const) {
      it(`reads every value and codes in first-appearance order, chunkSize ${chunkSize ?? 'default'}, readBufferSize ${readBufferSize ?? 'default'}`, async () => {
        const { got, last } = await read({ chunkSize, readBufferSize });
        expect(firstDifference(got)).toEqual({ row: -1 });
        expect(last).toBeInstanceOf(CategoricalColumn);
        expect((last as CategoricalColumn).dictionary.values()).toEqual(firstSeen);
      }, 60_000);
    }

    it('tells the dictionary the bytes of its key table while it reads (a group-by adopting it counts them), and no more once it drops it', async () => {
      // Read with a low cap: the column drops its first dictionary midway, and goes on as utf8 with a new one.
      let first: CategoricalColumn | null = null;
      let whileReading = 0;
      for await (const chunk of scanCsv(path, { usecols: ['k'], categoricalCap: 30_000, chunkSize: 5000 })) {
        const column = chunk.column('k');
        if (!(column instanceof CategoricalColumn)) continue;
        first ??= column;
        whileReading = column.dictionary.readerIndexBytes;
        const shortKeys = column.dictionary.values().filter((v) => Buffer.byteLength(v) <= 16).length;
        // At most four fifths full, 16 bytes an entry (a few long or quoted values make no entry).
        expect(whileReading).toBeGreaterThanOrEqual(20 * shortKeys * 0.9);
      }
      expect(first).not.toBeNull();
      expect(whileReading).toBeGreaterThan(1 << 20);
      // The dropped dictionary is no longer read into: its reader's table is gone.
      expect(first?.dictionary.readerIndexBytes).toBe(0);
      // Nor is any once the scan is over.
      const { last } = await read({ chunkSize: 5000 });
      expect(last).toBeInstanceOf(CategoricalColumn);
      expect((last as CategoricalColumn).dictionary.readerIndexBytes).toBe(0);
    }, 60_000);

    // With the default chunk size the values before the switch fill more than the utf8 buffer's first 64 KiB,
    // so the conversion grows it midway.
    for (const chunkSize of [5000, undefined]) {
      it(`falls back to utf8 past the categorical cap with the same values, chunkSize ${chunkSize ?? 'default'}`, async () => {
        const { got, last } = await read({ chunkSize, categoricalCap: 30_000 });
        expect(firstDifference(got)).toEqual({ row: -1 });
        expect(last?.dtype).toBe('utf8');
      }, 60_000);
    }
  });
}
