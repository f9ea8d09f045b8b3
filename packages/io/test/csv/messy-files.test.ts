import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { planCsvSplits, readCsv, sniffCsv } from '../../src/csv/index.js';
import { rowsOf } from './csv-test-helpers.js';

const tmp = makeTestDir('csv-messy');
const CHUNK_SIZES = [1, 2, 7, 64, undefined];

/** Text fields of a random dialect file: commas, quotes, backslashes, line breaks and hashes inside quoted fields. */
function randomText(rng: SeededRandom): string {
  const pieces = ['abc', 'x y', ',', '"', '\\', '#', '\n', 'é', '12', ''];
  return Array.from({ length: rng.int(5) }, () => rng.pick(pieces)).join('') || 'v';
}

/**
 * A random file in one of the messy dialects (comment lines, backslash escapes, spaces after delimiters, a
 * delimiter at every line end), and the options that tell csv-parse the same dialect.
 */
function messyFile(seed: number): { text: string; columns: number; csvParse: Record<string, unknown>; ours: Record<string, unknown> } {
  const rng = new SeededRandom(seed);
  const columns = 2 + rng.int(4);
  const rows = 1 + rng.int(300);
  const comments = rng.chance(0.5);
  const backslash = rng.chance(0.5);
  const spaces = rng.chance(0.4);
  const trailing = rng.chance(0.3);
  const sep = spaces ? ', ' : ',';
  const quote = (f: string) => `"${backslash ? f.replace(/[\\"]/g, (c) => `\\${c}`) : f.replace(/"/g, '""')}"`;
  const lines: string[] = [];
  const header = Array.from({ length: columns }, (_, c) => `col${c}`);
  if (comments) lines.push('# exported by a tool');
  lines.push(header.join(sep) + (trailing ? ',' : ''));
  for (let r = 0; r < rows; r++) {
    if (comments && rng.chance(0.1)) lines.push(`# note ${r}, with "a quote`);
    const fields = Array.from({ length: columns }, () => (rng.chance(0.5) ? quote(randomText(rng)) : `v${rng.int(1000)}`));
    lines.push(fields.join(sep) + (trailing ? ',' : ''));
  }
  const text = `${lines.join('\n')}\n`;
  return {
    text,
    columns,
    csvParse: {
      ...(comments ? { comment: '#', comment_no_infix: true } : {}),
      escape: backslash ? '\\' : '"',
      ltrim: spaces,
    },
    ours: { ...(comments ? { comment: '#' } : {}), ...(backslash ? { escape: '\\' } : {}) },
  };
}

describe('messy files people really have', () => {
  it('comment lines, backslash escapes, spaces after delimiters and trailing delimiters read as csv-parse reads them, at any chunk size', async () => {
    for (let seed = 0; seed < 40; seed++) {
      const file = messyFile(seed);
      const path = tmp.write(`messy-${seed}.csv`, file.text);
      const records = parse(file.text, { ...file.csvParse, relax_quotes: false, skip_empty_lines: true }) as string[][];
      const expected = records.slice(1).map((r) => r.slice(0, file.columns).map((v) => (v === '' ? null : v)));
      for (const chunkSize of CHUNK_SIZES) {
        const typed = await readCsv(path, { ...file.ours, chunkSize, dtypes: Object.fromEntries(records[0].slice(0, file.columns).map((c) => [c, 'utf8'])) });
        expect(typed.columns, `seed ${seed}`).toEqual(records[0].slice(0, file.columns));
        expect(rowsOf(typed), `seed ${seed} chunkSize ${chunkSize}`).toEqual(expected);
      }
    }
  });

  it('sniffs a preamble, spaces after delimiters, a trailing delimiter and backslash escapes, and says so', async () => {
    const path = tmp.write('report.csv', 'Quarterly report\nExported 2024-05-01, by the ERP\n\nid, city, note,\n1, Oslo, "say \\"hi\\"",\n2, Lima, plain,\n');
    const sniff = await sniffCsv(path);
    expect(sniff.skippedLines).toBe(3);
    expect(sniff.trimSpaces).toBe(true);
    expect(sniff.trailingDelimiter).toBe(true);
    expect(sniff.escape).toBe('\\');
    expect(sniff.decisions).toEqual(
      expect.arrayContaining([
        'skipped 3 preamble lines (fewer fields than the rows below)',
        "delimiter: ', ' (the spaces after it trimmed)",
        'every line ends with a delimiter: the empty last column is dropped',
        'escape: \\ (\\" inside quoted fields)',
      ]),
    );
    const df = await readCsv(path);
    expect(df.columns).toEqual(['id', 'city', 'note']);
    expect(df.toRecords()).toEqual([
      { id: 1, city: 'Oslo', note: 'say "hi"' },
      { id: 2, city: 'Lima', note: 'plain' },
    ]);
  });

  it('a first row that is numeric like the rest is data, and the sniff says why', async () => {
    const path = tmp.write('nohead.csv', '1,2.5,x\n3,4.5,y\n');
    const sniff = await sniffCsv(path);
    expect(sniff.header).toBe(false);
    expect(sniff.decisions).toContain("header: none (the first row has a number, '1', like data)");
    expect((await readCsv(path)).columns).toEqual(['column_1', 'column_2', 'column_3']);
  });

  it('a column kept as text says why, with the line', async () => {
    const path = tmp.write('why.csv', 'zip,n\n10001,1\n00501,2\n');
    const sniff = await sniffCsv(path);
    expect(sniff.columns.map((c) => c.dtype)).toEqual(['categorical', 'int8']);
    expect(sniff.decisions).toContain("zip: text: leading zero in '00501' at line 3");
  });

  it('comment lines never split a file into wrong ranges: such a file is read by one thread, the same as sequentially', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? `# "odd quote ${i}` : `${i},"v${i}"`));
    const path = tmp.write('comments-big.csv', `a,b\n${rows.join('\n')}\n`);
    const df = await readCsv(path, { comment: '#', chunkSize: 300 });
    const kept = rows.filter((r) => !r.startsWith('#'));
    expect(df.numRows).toBe(kept.length);
    expect(df.column('b').toArray().slice(0, 3)).toEqual(['v1', 'v2', 'v3']);
  });
});

describe('messy files: the edges', () => {
  it('rows ending with a delimiter under a header that does not: the header stays, the empty column goes', async () => {
    const path = tmp.write('short-header.csv', 'a,b,c\n1,2,3,\n4,5,6,\n');
    const df = await readCsv(path);
    expect(df.columns).toEqual(['a', 'b', 'c']);
    expect(df.toRecords()).toEqual([
      { a: 1, b: 2, c: 3 },
      { a: 4, b: 5, c: 6 },
    ]);
    expect((await sniffCsv(path)).decisions).toContain('every data line ends with a delimiter: the empty last column is dropped');
  });

  it('a value in the column a trailing delimiter makes is an error, not lost; naming that column reads it', async () => {
    const lines = ['a,b,', ...Array.from({ length: 100 }, (_, i) => `${i},${i},`), '7,8,oops', '9,9,'];
    const path = tmp.write('trailing-value.csv', `${lines.join('\n')}\n`);
    await expect(readCsv(path)).rejects.toThrow(/trailing-value\.csv:102: a value after the last column \('oops'\)/);
    const named = await readCsv(path, { columns: ['a', 'b', 'c'] });
    expect(named.columns).toEqual(['a', 'b', 'c']);
    expect(
      named
        .column('c')
        .toArray()
        .filter((v) => v !== null),
    ).toEqual(['oops']);
  });

  it('skipRows says where the data starts: no preamble is looked for after it', async () => {
    const path = tmp.write('skip.csv', 'title\nnotes\nid,v\n1,2\n');
    expect((await sniffCsv(path)).decisions).toContain('skipped 2 preamble lines (fewer fields than the rows below)');
    const told = await sniffCsv(path, { skipRows: 1 });
    expect(told.decisions.some((d) => d.includes('preamble'))).toBe(false);
    expect(told.skippedLines).toBe(1);
    // The user's first line is the first record: one field wide, as the user's file says.
    expect(told.columns.map((c) => c.name)).toEqual(['notes']);
  });

  it('a comment line longer than maxLineBytes is an error, not an ever-growing buffer', async () => {
    const path = tmp.write('long-comment.csv', `a,b\n#${'x'.repeat(20_000)}\n1,2\n`);
    await expect(readCsv(path, { comment: '#', maxLineBytes: 1000, readBufferSize: 256 })).rejects.toThrow(/longer than maxLineBytes/);
    expect((await readCsv(path, { comment: '#' })).toRecords()).toEqual([{ a: 1, b: 2 }]);
  });

  it('a line break escaped with a backslash counts as a line in error positions', async () => {
    const path = tmp.write('escaped-break.csv', 'a,b\n"x\\\ny",1\n2\n');
    await expect(readCsv(path, { escape: '\\' })).rejects.toThrow(/escaped-break\.csv:4: expected 2 fields, found 1/);
  });

  it('files that cannot be cut at row starts (comments, backslash escapes, trimmed spaces) plan one range', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${i}, "v ${i}"`).join('\n');
    for (const [name, text, options] of [
      ['commented.csv', `# c\na,b\n${rows.replace(/, /g, ',')}\n# "lone quote\n`, { comment: '#' }],
      ['escaped.csv', `a,b\n${rows.replace(/, /g, ',').replace(/v /g, 'v \\" ')}\n`, { escape: '\\' }],
      ['spaced.csv', `a, b\n${rows}\n`, {}],
    ] as const) {
      const path = tmp.write(name, text);
      const ranges = await planCsvSplits(path, 4, options);
      expect(ranges, name).toHaveLength(1);
    }
  });
});
