import { ColumnNotFoundError, Schema } from '@df-stream/core';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { CsvError, readCsv, scanCsv } from '../../src/csv/index.js';

// Regression cases of `pnpm fuzz` (issue 22): column names from a file go into error messages. A header of 40,000
// columns made `column 'key' not found; available: ...` a 300 kB line, and a header that is one quoted field of
// 10,000 names made a CSV error quote a 58 kB column name; a name may also hold line breaks or terminal escapes.

const tmp = makeTestDir('csv-long-names');
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `c${i}`);

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('column names in error messages', () => {
  it('lists the first columns of a wide file and how many it has', async () => {
    const path = tmp.write(
      'wide.csv',
      `${names(5000).join(',')}\n${names(5000)
        .map((_, i) => i)
        .join(',')}\n`,
    );
    const e = await failure(scanCsv(path).groupBy('key').agg({ n: 'count' }).collect());
    expect(e).toBeInstanceOf(ColumnNotFoundError);
    expect(e.message).toBe(`column 'key' not found; available: ${names(20).join(', ')}, … (5000 in all)`);
  });

  it('cuts a 58 kB column name to 80 characters in a CSV error', async () => {
    const header = `"${names(10_000).join(',')}"`;
    const path = tmp.write('one-name.csv', `${header}\n"a"b\n`);
    const e = await failure(readCsv(path));
    expect(e).toBeInstanceOf(CsvError);
    expect(e.message.length).toBeLessThan(400);
    expect(e.message).toContain(`(column '${header.slice(1, 81)}… (${header.length - 2} characters)', byte `);
  });

  it('escapes line breaks and escape sequences in a name instead of printing them', async () => {
    const path = tmp.write('control.csv', '"a\nb","\u001b[31mred"\n1,"x"y\n');
    const e = await failure(readCsv(path));
    expect(e).toBeInstanceOf(CsvError);
    expect(e.message).toContain("column '\\x1b[31mred'");
    expect(e.message).not.toContain('\n');
    expect(e.message).not.toContain('\u001b');
  });

  it('suggests no name for a 300 kB one instead of computing edit distances to every column (quadratic)', () => {
    const schema = new Schema(names(3000).map((name) => ({ name, dtype: 'int8' as const })));
    const started = performance.now();
    expect(() => schema.field('x'.repeat(300_000))).toThrow(ColumnNotFoundError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(() => schema.field('cc2999')).toThrow("column 'cc2999' not found (did you mean 'c2999'?)");
  });
});
