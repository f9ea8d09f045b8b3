import { TypedColumnBuilder } from '@df-stream/core/internal';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { CsvError, readCsv } from '../../src/csv/index.js';
import { dedupeNames } from '../../src/csv/read/dedupe-names.js';

// Found by `pnpm fuzz` (issue 22): every column's storage started at 1024 rows, so a header of 100,000 columns
// (a 1.3 MB file) took 1.9 GB and 20 s before its first row; the reader now starts each column at one batch's rows
// (BATCH_CELLS / columns), and the storage grows as rows come. A 2 MB header line of a million '1's hung: naming the
// duplicates searched each suffix from _1 (quadratic), and a million columns cost 9 GB: past maxColumns (100,000
// by default) a file is an error.

const tmp = makeTestDir('csv-wide');

describe('wide CSV files', () => {
  it('start each column with the storage a batch needs, growing past it', () => {
    const builder = new TypedColumnBuilder({ kind: 'int', announced: 'int8', chunkSize: 65_536, categoricalCap: 100, initialRows: 8 });
    expect(builder.capacity).toBe(8);
    builder.reserve(20);
    expect(builder.capacity).toBe(20);
    expect(new TypedColumnBuilder({ kind: 'int', announced: 'int8', chunkSize: 65_536, categoricalCap: 100 }).capacity).toBe(1024);
  });

  it('read 30,000 columns of 40 rows (storage started at 8 rows a column) with every value in place', async () => {
    const columns = 30_000;
    const rows = 40;
    const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
    const lines = Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => (c % 2 === 0 ? String(r * c) : `s${(r + c) % 5}`)).join(','));
    const df = await readCsv(tmp.write('wide.csv', `${header}\n${lines.join('\n')}\n`));
    expect([df.numRows, df.columns.length]).toEqual([rows, columns]);
    expect(df.column('c29998').toArray()).toEqual(Array.from({ length: rows }, (_, r) => r * 29_998));
    expect(df.column('c29999').toArray()).toEqual(Array.from({ length: rows }, (_, r) => `s${(r + 29_999) % 5}`));
  });

  it('names a million duplicate columns in linear time', () => {
    const started = performance.now();
    const names = dedupeNames(Array.from({ length: 20_000 }, () => 'a'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect([names[0], names[1], names[19_999]]).toEqual(['a', 'a_1', 'a_19999']);
    expect(dedupeNames(['a', 'a', 'a_1', 'a', ''])).toEqual(['a', 'a_2', 'a_1', 'a_3', 'column_5']);
  });

  it('refuses a file with more columns than maxColumns, in one line', async () => {
    const path = tmp.write('million.csv', `${'1,'.repeat(1 << 20)}1\n`);
    const started = performance.now();
    const error = await readCsv(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CsvError);
    expect((error as CsvError).code).toBe('too-many-columns');
    expect((error as CsvError).message).toContain(':1: 1048577 columns, more than maxColumns (100000)');
    expect(performance.now() - started).toBeLessThan(10_000);
    const small = tmp.write('eleven.csv', `${names(11)}\n${'1,'.repeat(10)}1\n`);
    await expect(readCsv(small, { maxColumns: 10 })).rejects.toThrow(/11 columns, more than maxColumns \(10\)/);
    expect((await readCsv(small, { maxColumns: 11 })).columns.length).toBe(11);
  });
});

function names(n: number): string {
  return Array.from({ length: n }, (_, i) => `c${i}`).join(',');
}
