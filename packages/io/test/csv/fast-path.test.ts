import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvError, readCsv } from '../../src/csv/index.js';
import { DENSE_WINDOW } from '../../src/csv/read/dense-scanner.js';
import { allAs, rowsOf } from './csv-test-helpers.js';

const tmp = makeTestDir('csv-fast-path');

/**
 * The tokenizer's fast path (dense batches: quote-free bytes split 16 at a time by `DenseScanner`) must read exactly what the
 * general loop reads: these inputs have no quotes (or few), with LF, CRLF and lone-CR line ends, rows of the
 * wrong field count, empty lines and multi-byte text, at read-buffer sizes that cut rows and words anywhere.
 */

const WORDS = ['a', 'bb', 'id001', 'Zürich', '東京', '😀x', '12', '-3.5', '', 'NA', 'x y', 'tab\tin'];

interface Shape {
  lineEnd: '\n' | '\r\n' | 'mixed';
  /** Chance that a row has one field too many or too few. */
  badRows: number;
  /** Chance of an empty line before a row. */
  emptyLines: number;
  /** Chance of a lone CR ending a row. */
  loneCr: number;
  /** Chance of a quoted field. */
  quotes: number;
  finalNewline: boolean;
}

function quoteFreeCsv(seed: number, rows: number, columns: number, delimiter: string, shape: Shape): string {
  const random = new SeededRandom(seed);
  const next = (): number => random.next();
  let text = '';
  for (let r = 0; r < rows; r++) {
    if (next() < shape.emptyLines) text += '\n';
    let n = columns;
    if (r > 0 && next() < shape.badRows) n += [-2, -1, 1, 2][Math.floor(next() * 4)];
    const fields: string[] = [];
    for (let c = 0; c < Math.max(1, n); c++) {
      let w = WORDS[Math.floor(next() * WORDS.length)];
      if (w.includes(delimiter)) w = 'd';
      if (next() < shape.quotes) w = `"${w}${next() < 0.5 ? '""' : ''}"`;
      fields.push(w);
    }
    const end = r === rows - 1 && !shape.finalNewline ? '' : next() < shape.loneCr ? '\r' : shape.lineEnd === 'mixed' ? (next() < 0.5 ? '\n' : '\r\n') : shape.lineEnd;
    // A row of one empty field is an empty line: keep rows non-empty.
    text += (fields.join(delimiter) || 'e') + end;
  }
  return text;
}

function reference(text: string, delimiter: string): string[][] {
  return parse(text, { delimiter, skip_empty_lines: true, relax_quotes: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] });
}

const plain: Shape = { lineEnd: '\n', badRows: 0, emptyLines: 0, loneCr: 0, quotes: 0, finalNewline: true };
const shapes: [string, Shape][] = [
  ['LF', plain],
  ['CRLF', { ...plain, lineEnd: '\r\n' }],
  ['LF without a final newline', { ...plain, finalNewline: false }],
  ['mixed LF and CRLF', { ...plain, lineEnd: 'mixed' }],
  ['lone CRs', { ...plain, loneCr: 0.05 }],
  ['empty lines', { ...plain, emptyLines: 0.05, lineEnd: '\r\n' }],
  ['rare quotes', { ...plain, quotes: 0.002 }],
];

describe('the quote-free fast path reads what csv-parse reads', () => {
  for (const [name, shape] of shapes) {
    it(`${name}: any buffer and chunk size, all columns and a few`, async () => {
      for (let seed = 1; seed <= 12; seed++) {
        const columns = 2 + (seed % 5);
        const delimiter = [',', ';', '\t', '|'][seed % 4];
        const text = quoteFreeCsv(seed, 300 + seed * 17, columns, delimiter, shape);
        const path = tmp.write(`fast-${name.replace(/\W+/g, '-')}-${seed}.csv`, text);
        const expected = reference(text, delimiter);
        for (const readBufferSize of [8, 13, 61, 1000, undefined]) {
          const chunkSize = [1, 7, 100, undefined][seed % 4];
          const options = { delimiter, header: false, nullValues: [], readBufferSize, chunkSize } as const;
          const dtypes = allAs(columns, seed % 2 === 0 ? 'utf8' : 'categorical');
          const df = await readCsv(path, { ...options, dtypes });
          expect(rowsOf(df), `seed ${seed}, readBufferSize ${readBufferSize}`).toEqual(expected);
          const picked = [`column_${columns}`, 'column_1'];
          const some = await readCsv(path, { ...options, dtypes, usecols: picked });
          expect(rowsOf(some), `seed ${seed}, usecols, readBufferSize ${readBufferSize}`).toEqual(expected.map((r) => [r[0], r[columns - 1]]));
        }
      }
    });
  }

  it('reads inputs larger than the scanner window: batches end inside rows and rows straddle windows', async () => {
    for (const [seed, lineEnd] of [
      [21, '\n'],
      [22, '\r\n'],
    ] as const) {
      // Over two windows of bytes, fields long enough that a batch fills its window before its separator cap,
      // so windows cut rows at arbitrary bytes; a handful of bad rows and quotes in between.
      const shape = { ...plain, lineEnd, badRows: 0.00003, quotes: 0.00001 };
      const text = quoteFreeCsv(seed, 100_000, 4, ',', shape).replaceAll(',', ',padding_');
      expect(text.length).toBeGreaterThan(2 * DENSE_WINDOW);
      const path = tmp.write(`window-${seed}.csv`, text);
      const expected = reference(text, ',');
      for (const readBufferSize of [DENSE_WINDOW + 12_345, 3 * DENSE_WINDOW, undefined]) {
        const options = { header: false, delimiter: ',', nullValues: [], readBufferSize, onBadRow: 'null-pad', dtypes: allAs(4, 'utf8') } as const;
        const df = await readCsv(path, { ...options, usecols: ['column_1', 'column_4'] });
        const pad = (r: string[]): (string | null)[] => [r[0], r.length >= 4 ? r[3] : null];
        expect(rowsOf(df), `seed ${seed}, readBufferSize ${readBufferSize}`).toEqual(expected.map(pad));
      }
    }
  });

  it('skips and pads (or cuts) rows of the wrong field count as the general loop does', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const columns = 3 + (seed % 3);
      const lineEnd = (['\n', '\r\n', 'mixed'] as const)[seed % 3];
      const text = quoteFreeCsv(seed, 400, columns, ',', { ...plain, badRows: 0.03, lineEnd, loneCr: seed % 4 === 0 ? 0.02 : 0 });
      const path = tmp.write(`bad-${seed}.csv`, text);
      const records = reference(text, ',');
      for (const readBufferSize of [8, 50, undefined]) {
        const options = { header: false, delimiter: ',', nullValues: [], readBufferSize, dtypes: allAs(columns, 'utf8') } as const;
        const skipped = await readCsv(path, { ...options, onBadRow: 'skip' });
        expect(rowsOf(skipped), `seed ${seed}`).toEqual(records.filter((r) => r.length === columns));
        const padded = await readCsv(path, { ...options, onBadRow: 'null-pad', usecols: ['column_1', `column_${columns}`] });
        const pad = (r: string[]): (string | null)[] => [r[0], r.length >= columns ? r[columns - 1] : null];
        expect(rowsOf(padded), `seed ${seed}`).toEqual(records.map(pad));
      }
    }
  });

  it('tells apart rows whose separators add up to a good row', async () => {
    const good = 'p,q,r\n'.repeat(40);
    const cases: [string, string[][]][] = [
      // A short row then a one-field row: three separators, the third a line feed.
      ['a,b\nc\n', []],
      // With CRLF line ends, a row of one field too many that ends in a bare LF.
      [
        'a,b,c\r\nd,e,f,g\nh,i,j\r\n',
        [
          ['a', 'b', 'c'],
          ['h', 'i', 'j'],
        ],
      ],
      // A lone CR ends a row.
      [
        'a,b,c\nd\re,f\ng,h,i\n',
        [
          ['a', 'b', 'c'],
          ['g', 'h', 'i'],
        ],
      ],
      [
        'a,b,c\nd,e\rf\ng,h,i\n',
        [
          ['a', 'b', 'c'],
          ['g', 'h', 'i'],
        ],
      ],
    ];
    for (const [middle, kept] of cases) {
      for (const crlf of [false, true]) {
        const around = crlf ? good.replaceAll('\n', '\r\n') : good;
        const path = tmp.write('adds-up.csv', around + middle + around);
        const rows = [...Array(40).fill(['p', 'q', 'r']), ...kept, ...Array(40).fill(['p', 'q', 'r'])];
        for (const readBufferSize of [16, 64, undefined]) {
          const df = await readCsv(path, { header: false, onBadRow: 'skip', readBufferSize, dtypes: allAs(3, 'utf8') });
          expect(rowsOf(df), JSON.stringify(middle)).toEqual(rows);
        }
      }
    }
  });

  it('reports a wrong field count on its line, also past many good rows', async () => {
    for (const lineEnd of ['\n', '\r\n']) {
      const good = Array.from({ length: 5000 }, (_, i) => `id${i},${i},${i / 4}`);
      for (const badLine of [2, 777, 4999]) {
        const lines = ['a,b,c', ...good];
        lines[badLine - 1] = `${lines[badLine - 1]},extra`;
        const path = tmp.write(`count-${badLine}.csv`, lines.join(lineEnd) + lineEnd);
        for (const readBufferSize of [64, undefined]) {
          const error = await readCsv(path, { readBufferSize, usecols: ['a'] }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(CsvError);
          expect((error as CsvError).code).toBe('field-count');
          expect((error as CsvError).line, `line ${badLine}`).toBe(badLine);
        }
      }
    }
  });

  it('reports a row longer than maxLineBytes on its line', async () => {
    const lines = ['a,b', ...Array.from({ length: 3000 }, (_, i) => `${i},x`)];
    lines[2000] = `2000,${'y'.repeat(300)}`;
    const path = tmp.write('long.csv', `${lines.join('\n')}\n`);
    const error = await readCsv(path, { maxLineBytes: 200 }).catch((e: unknown) => e);
    expect((error as CsvError).code).toBe('line-too-long');
    expect((error as CsvError).line).toBe(2001);
  });

  it('parses typed columns from dense batches', async () => {
    const random = new SeededRandom(7);
    const next = (): number => random.next();
    const rows = Array.from({ length: 20000 }, (_, i) => [
      `k${i % 37}`,
      String(Math.floor(next() * 2000) - 1000),
      (next() * 100).toFixed(6),
      `id${String(i).padStart(10, '0')}`,
    ]);
    const path = tmp.write('typed.csv', `${['k,i,f,id', ...rows.map((r) => r.join(','))].join('\n')}\n`);
    for (const readBufferSize of [100, undefined]) {
      const df = await readCsv(path, { readBufferSize });
      expect(df.schema.fields.map((f) => f.dtype)).toEqual(['categorical', 'int16', 'float64', 'categorical']);
      expect(rowsOf(df)).toEqual(rows.map((r) => [r[0], String(Number(r[1])), String(Number(r[2])), r[3]]));
    }
  });
});
