import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataFrame, Value } from '@df-stream/core';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/format-error.js';
import { parquetRowGroups, readParquet } from '../../src/parquet/index.js';
import { corpusDir } from './corpus-dir.js';
import expectations from './parquet-corpus-expectations.json' with { type: 'json' };

const root = corpusDir('parquet-testing');
const data = root === undefined ? undefined : join(root, 'data');
const badData = root === undefined ? undefined : join(root, 'bad_data');

type Status = 'reads' | 'unsupported' | 'malformed';

/** Reads a corpus file; refusals must be one-line FormatErrors naming the file. */
async function statusOf(path: string): Promise<{ status: Status; frame?: DataFrame; error?: FormatError }> {
  try {
    return { status: 'reads', frame: await readParquet(path) };
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    const e = error as FormatError;
    expect(e.message).toContain(path);
    expect(e.message).not.toContain('\n');
    return { status: e.code === 'unsupported' ? 'unsupported' : 'malformed', error: e };
  }
}

describe.skipIf(data === undefined)('parquet-testing corpus', () => {
  const dir = data as string;
  const files = data === undefined ? [] : readdirSync(dir).filter((f) => /\.parquet(\.encrypted)?$/.test(f));

  it('reads or cleanly refuses every data/ file, as the checked-in expectation list says', async () => {
    const statuses: Record<string, Status> = {};
    for (const file of files) {
      const path = join(dir, file);
      const { status, frame } = await statusOf(path);
      statuses[file] = status;
      if (frame !== undefined) {
        const plan = await parquetRowGroups(path);
        expect(frame.numRows, file).toBe(plan.numRows);
      }
    }
    const lost = Object.entries(expectations.data).filter(([f, s]) => s === 'reads' && statuses[f] !== 'reads');
    expect(lost, 'files that read before and no longer do').toEqual([]);
    expect(statuses).toEqual(expectations.data);
  });

  it('reads the supported columns of files refused for an unsupported column, with the right row count', async () => {
    for (const [file, status] of Object.entries(expectations.data)) {
      if (status !== 'unsupported' || file.includes('encrypt')) continue;
      const path = join(dir, file);
      const columns = (expectations.supportedColumns as Record<string, string[]>)[file] ?? [];
      if (columns.length === 0) continue;
      const frame = await readParquet(path, { columns });
      expect(frame.numRows, file).toBe((await parquetRowGroups(path)).numRows);
    }
  });

  it('matches the *_expect.csv values of the delta-encoding files', async () => {
    for (const expectFile of readdirSync(dir).filter((f) => f.endsWith('_expect.csv'))) {
      const frame = await readParquet(join(dir, expectFile.replace('_expect.csv', '.parquet')));
      const rows = parseCsv(readFileSync(join(dir, expectFile), 'utf8'));
      const expected = rows.slice(1);
      expect(frame.numRows, expectFile).toBe(expected.length);
      const columns = frame.columns.map((name) => frame.column(name).toArray());
      expected.forEach((row, i) => {
        row.forEach((cell, j) => {
          const actual: Value = columns[j][i];
          expect(actual === null ? null : String(actual), `${expectFile} row ${i} column ${j}`).toBe(cell);
        });
      });
    }
  });

  it('gives a clean error for nation.dict-malformed.parquet and every bad_data/ file', async () => {
    const bad = [
      join(dir, 'nation.dict-malformed.parquet'),
      ...readdirSync(badData as string)
        .filter((f) => f.endsWith('.parquet'))
        .map((f) => join(badData as string, f)),
    ];
    for (const path of bad) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      const rss = process.memoryUsage().rss;
      const { status } = await statusOf(path);
      expect(status, name).toBe((expectations.badData as Record<string, Status>)[name]);
      expect(process.memoryUsage().rss - rss, `${name} memory`).toBeLessThan(512 * 2 ** 20);
    }
  });
});

/** RFC 4180 rows; an unquoted empty field is null (the corpus writes nulls that way). */
function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    let cell: string | null;
    if (text[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          s += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else s += text[i++];
      }
      cell = s;
    } else {
      let s = '';
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') s += text[i++];
      cell = s === '' ? null : s;
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}
