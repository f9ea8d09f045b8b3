import { TypedColumnBuilder } from '@df-stream/core/internal';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/csv/index.js';

// Found by `pnpm fuzz` (issue 22): every column's storage started at 1024 rows, so a header of 100,000 columns
// (a 1.3 MB file) took 1.9 GB and 20 s before its first row; the reader now starts each column at one batch's rows
// (BATCH_CELLS / columns), and the storage grows as rows come.

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
});
