import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { type CsvError, planCsvSplits, readCsv } from '../../src/csv/index.js';
import { allAs, rowsOf } from './csv-test-helpers.js';
import { randomCsv } from './random-csv.js';

const tmp = makeTestDir('csv-splits');

describe('planCsvSplits', () => {
  it('ranges start at row starts and together read every row once, with quoted newlines everywhere', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const csv = randomCsv(seed, { rows: 50 + (seed % 50) });
      const path = tmp.write(`split-${seed}.csv`, csv.text);
      const options = { delimiter: csv.delimiter, header: false, dtypes: allAs(csv.rows[0].length, 'utf8'), nullValues: [] };
      const whole = rowsOf(await readCsv(path, options));
      for (const n of [2, 3, 7]) {
        const ranges = await planCsvSplits(path, n, options);
        expect(ranges[0].start).toBe(0);
        expect(ranges.at(-1)?.end).toBe(Buffer.byteLength(csv.text));
        const parts: (string | null)[][] = [];
        for (const byteRange of ranges) {
          expect(byteRange.end).toBeGreaterThan(byteRange.start);
          parts.push(...rowsOf(await readCsv(path, { ...options, byteRange })));
        }
        expect(parts, `seed ${seed}, n ${n}`).toEqual(whole);
      }
    }
  });

  it('handles literal quotes inside unquoted fields, CRLF, and a header', async () => {
    const lines = ['id,where,n'];
    for (let i = 0; i < 400; i++) lines.push(i % 3 === 0 ? `${i},37°36'37.8"N 121°2'17.9"W,${i}` : `${i},"multi\r\nline ""${i}""",${i}`);
    const text = `${lines.join('\r\n')}\r\n`;
    const path = tmp.write('literal-quotes.csv', text);
    const whole = rowsOf(await readCsv(path));
    const bytes = Buffer.from(text);
    for (const n of [2, 4, 16]) {
      const ranges = await planCsvSplits(path, n);
      expect(ranges.length).toBe(n);
      const parts: (string | null)[][] = [];
      for (const byteRange of ranges) {
        if (byteRange.start > 0) expect(bytes[byteRange.start - 1]).toBe(0x0a);
        parts.push(...rowsOf(await readCsv(path, { byteRange })));
      }
      expect(parts).toEqual(whole);
    }
  });

  it('a small file gives fewer ranges; an error in a later range names the file line', async () => {
    const small = tmp.write('small.csv', 'a,b\n1,2\n');
    expect(await planCsvSplits(small, 8)).toEqual([{ start: 0, end: 8 }]);
    const lines = ['a,b', ...Array.from({ length: 200 }, (_, i) => (i === 150 ? `${i}` : `${i},"x\ny"`))];
    const path = tmp.write('bad-later.csv', `${lines.join('\n')}\n`);
    const ranges = await planCsvSplits(path, 4);
    const errors: CsvError[] = [];
    for (const byteRange of ranges) await readCsv(path, { byteRange }).catch((e: CsvError) => errors.push(e));
    expect(errors).toHaveLength(1);
    const whole = await readCsv(path).catch((e: CsvError) => e);
    expect(errors[0].line).toBe((whole as CsvError).line);
    expect(errors[0].byteOffset).toBe((whole as CsvError).byteOffset);
  });
});
