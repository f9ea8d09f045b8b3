import { writeFileSync } from 'node:fs';
import { col } from '@df-stream/core';
import { readCsv, scanCsv } from '@df-stream/io';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { rowsOf } from './csv-test-helpers.js';
import { randomTypedCsv } from './random-typed-csv.js';

const dir = makeTestDir('df-stream-pushed-filter');

describe('a filter pushed into the CSV scan (late materialization)', () => {
  it('keeps the rows a filter after reading keeps, with the same values, at every chunk size', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const path = dir.path(`typed-${seed}.csv`);
      writeFileSync(path, randomTypedCsv(seed, 600));
      const predicate = col('small')
        .gt(0)
        .and(col('city').neq('Oslo').or(col('sparse').isNull()));
      // Columns whose dtype does not depend on which rows are parsed (see the next test for those that do).
      const stable = ['small', 'float', 'flag', 'city', 'sparse', 'quoted'];
      const want = rowsOf((await readCsv(path)).filter(predicate).select(stable));
      expect(want.length).toBeGreaterThan(50);
      expect(scanCsv(path).filter(predicate).select(stable).explain()).toMatch(/SCAN .* \[filter: small > 0 AND \(city <> 'Oslo' OR sparse IS NULL\)\]$/);
      for (const chunkSize of [1, 2, 7, 64, undefined]) {
        const got = await scanCsv(path, { chunkSize }).filter(predicate).select(stable).collect();
        expect(rowsOf(got), `seed ${seed} chunk ${chunkSize}`).toEqual(want);
      }
    }
  });

  it('builds the other columns from the kept rows only: a text value in a dropped row does not make a number column text', async () => {
    const path = dir.path('widen.csv');
    writeFileSync(path, `k,v\n${Array.from({ length: 200_000 }, (_, i) => (i === 190_000 ? 'drop,oops' : `keep,${i % 1000}`)).join('\n')}\n`);
    const pushed = await scanCsv(path).filter(col('k').eq('keep')).collect();
    expect(pushed.schema.field('v').dtype).toBe('int16');
    expect(pushed.numRows).toBe(199_999);
    const after = (await readCsv(path)).filter(col('k').eq('keep'));
    expect(after.schema.field('v').dtype).toBe('utf8');
  });

  it('a bad value in a kept row is reported at its own line; one in a dropped row is never parsed', async () => {
    const path = dir.path('bad.csv');
    const lines = ['k,d'];
    for (let i = 0; i < 500; i++) lines.push(`${i % 2 === 0 ? 'a' : 'b'},2024-01-01`);
    const scan = () => scanCsv(path, { dtypes: { d: 'date' } }).filter(col('k').eq('a'));
    lines[303] = 'a,not a date';
    writeFileSync(path, `${lines.join('\n')}\n`);
    await expect(scan().collect()).rejects.toThrow(/bad\.csv:304: cannot parse 'not a date' as date \(column 'd'/);
    lines[303] = 'a,2024-01-01';
    lines[302] = 'b,not a date';
    writeFileSync(path, `${lines.join('\n')}\n`);
    expect((await scan().collect()).numRows).toBe(250);
    // Tokenizing still covers every row: a broken row is an error wherever it is.
    lines[302] = 'b,"unclosed';
    writeFileSync(path, `${lines.join('\n')}\n`);
    await expect(scan().collect()).rejects.toThrow(/bad\.csv:303: unterminated quote/);
  });
});
