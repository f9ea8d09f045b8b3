import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { type CsvReadStats, CsvSource, readCsv, scanCsv } from '../../src/csv/index.js';
import { rowsOf } from './csv-test-helpers.js';
import { randomTypedCsv } from './random-typed-csv.js';

const tmp = makeTestDir('csv-options');

describe('read options', () => {
  it('usecols reads only the columns asked for, in file order, by name or index', async () => {
    const path = tmp.write('typed.csv', randomTypedCsv(5, 120));
    const all = await readCsv(path);
    const some = await readCsv(path, { usecols: ['city', 'small', 'float'] });
    expect(some.columns).toEqual(['small', 'float', 'city']);
    expect(rowsOf(some)).toEqual(rowsOf(all.select('small', 'float', 'city')));
    const byIndex = await readCsv(path, { usecols: [5, 0] });
    expect(byIndex.columns).toEqual(['small', 'city']);
    await expect(readCsv(path, { usecols: ['cty'] })).rejects.toThrow(/did you mean 'city'/);
  });

  it('scan({ columns }) pushes the projection down and keeps the order asked for', async () => {
    const path = tmp.write('typed2.csv', randomTypedCsv(6, 90));
    const all = await readCsv(path);
    const source = new CsvSource(path, { chunkSize: 16 });
    const chunks = [];
    for await (const c of source.scan({ columns: ['flag', 'growing'] })) chunks.push(c);
    expect(chunks.every((c) => c.schema.names.join() === 'flag,growing')).toBe(true);
    const picked = await scanCsv(path).select('flag', 'growing').collect();
    expect(rowsOf(picked)).toEqual(rowsOf(all.select('flag', 'growing')));
  });

  it('skipRows skips raw preamble lines, even with unbalanced quotes; maxRows stops early', async () => {
    const path = tmp.write('preamble.csv', '# exported "by tool\n# on a day\nx,y\n1,a\n2,b\n3,c\n4,d\n');
    const df = await readCsv(path, { skipRows: 2 });
    expect(df.columns).toEqual(['x', 'y']);
    expect(df.column('x').toArray()).toEqual([1, 2, 3, 4]);
    const few = await readCsv(path, { skipRows: 2, maxRows: 3, chunkSize: 2 });
    expect(few.column('y').toArray()).toEqual(['a', 'b', 'c']);
    expect((await readCsv(path, { skipRows: 2, maxRows: 0 })).numRows).toBe(0);
  });

  it("onBadRow 'skip' drops rows with a wrong field count and counts them", async () => {
    const path = tmp.write('bad.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n');
    const stats = {} as CsvReadStats;
    const df = await readCsv(path, { onBadRow: 'skip', stats });
    expect(rowsOf(df)).toEqual([
      ['1', '2', '3'],
      ['10', '11', '12'],
    ]);
    expect(stats).toMatchObject({ rows: 2, skippedRows: 2, paddedRows: 0 });
  });

  it("onBadRow 'null-pad' pads short rows with nulls and drops extra fields", async () => {
    const path = tmp.write('pad.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n');
    const source = new CsvSource(path, { onBadRow: 'null-pad' });
    const df = await scanCsv(path, { onBadRow: 'null-pad' }).collect();
    expect(rowsOf(df)).toEqual([
      ['1', '2', '3'],
      ['4', '5', null],
      ['6', '7', '8'],
    ]);
    for await (const _ of source.scan()) void _;
    expect(source.stats.paddedRows).toBe(2);
  });

  it('empty lines are skipped and counted; a file with only a header has its columns and no rows', async () => {
    const stats = {} as CsvReadStats;
    const df = await readCsv(tmp.write('empty-lines.csv', 'a,b\n\n1,2\r\n\r\n\n3,4\n\n'), { stats });
    expect(rowsOf(df)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(stats.emptyLines).toBe(4);
    const headerOnly = await readCsv(tmp.write('header-only.csv', 'a,b\n'));
    expect(headerOnly.columns).toEqual(['a', 'b']);
    expect(headerOnly.numRows).toBe(0);
    expect((await readCsv(tmp.write('nothing.csv', ''))).numColumns).toBe(0);
  });

  it('sniffs ; \\t | delimiters, the quote character and the header', async () => {
    for (const d of [';', '\t', '|', ',']) {
      const text = ['name,x', 'Oslo,1', '"A, B",2', 'Lima,3'].map((l) => l.replaceAll(',', d).replace(`A${d} B`, 'A, B')).join('\n');
      const df = await readCsv(tmp.write(`sniff-${d.charCodeAt(0)}.csv`, text));
      expect(df.columns).toEqual(['name', 'x']);
      expect(df.column('name').toArray()).toEqual(['Oslo', 'A, B', 'Lima']);
    }
    const single = await readCsv(tmp.write('single-quote.csv', "a;b\n'x;y';1\n'z';2\n"));
    expect(single.column('a').toArray()).toEqual(['x;y', 'z']);
    const noHeader = await readCsv(tmp.write('no-header.csv', '1,2\n3,4\n'));
    expect(noHeader.columns).toEqual(['column_1', 'column_2']);
    expect(noHeader.numRows).toBe(2);
    const apostrophes = await readCsv(tmp.write('apostrophe.csv', 'who,said\nO\'Brien,"it\'s, fine"\n'));
    expect(apostrophes.toRecords()).toEqual([{ who: "O'Brien", said: "it's, fine" }]);
  });

  it('explicit delimiter, header and columns override sniffing', async () => {
    const path = tmp.write('explicit.csv', 'a;b,c\n1;2,3\n');
    expect((await readCsv(path, { delimiter: ';' })).columns).toEqual(['a', 'b,c']);
    expect((await readCsv(path, { delimiter: ',', header: false })).columns).toEqual(['column_1', 'column_2']);
    expect((await readCsv(path, { delimiter: ',', columns: ['p', 'q'] })).toRecords()).toEqual([{ p: '1;2', q: 3 }]);
  });
});
