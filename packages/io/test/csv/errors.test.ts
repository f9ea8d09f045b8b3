import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { CsvError, readCsv } from '../../src/csv/index.js';

const tmp = makeTestDir('csv-errors');

async function errorOf(name: string, data: string | Uint8Array, options: Parameters<typeof readCsv>[1] = {}): Promise<CsvError> {
  const path = tmp.write(name, data);
  const error = await readCsv(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CsvError);
  const csvError = error as CsvError;
  expect(csvError.file).toBe(path);
  // One line: `<file>:<line>: <what> (column '<name>', byte <offset>)`.
  expect(csvError.message).not.toContain('\n');
  expect(csvError.message.startsWith(`${path}:${csvError.line}: `)).toBe(true);
  expect(csvError.message).toContain(`byte ${csvError.byteOffset}`);
  return csvError;
}

/** 1-based line of byte `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  return Buffer.from(text)
    .subarray(0, offset)
    .toString('latin1')
    .split(/\r\n|\n|\r/).length;
}

describe('CSV errors name file, line, column and byte offset', () => {
  it('an unterminated quote names the line where it opened', async () => {
    const text = 'a,b\n1,2\n"x\ny",3\n4,"never closed\n5,6\n7,8\n';
    const opened = Buffer.from(text).indexOf('"never');
    for (const readBufferSize of [8, undefined]) {
      const e = await errorOf('unterminated.csv', text, { readBufferSize, inferSchemaRows: 1 });
      expect(e.code).toBe('unterminated-quote');
      expect(e.byteOffset).toBe(opened);
      expect(e.line).toBe(lineAt(text, opened));
      expect(e.line).toBe(5);
      expect(e.column).toBe('b');
    }
  });

  it('a wrong field count names the row and the first missing column', async () => {
    const text = 'a,b,c\n1,2,3\n"multi\nline",5,6\n7,8\n9,10,11\n';
    const row = Buffer.from(text).indexOf('7,8');
    const e = await errorOf('fields.csv', text);
    expect(e.code).toBe('field-count');
    expect(e.line).toBe(lineAt(text, row));
    expect(e.byteOffset).toBe(row);
    expect(e.column).toBe('c');
    expect(e.message).toContain('expected 3 fields, found 2');
  });

  it('invalid UTF-8 points at the bad byte', async () => {
    const head = Buffer.from('a,b\n1,ok\n2,caf');
    const data = Buffer.concat([head, Buffer.from([0xe9]), Buffer.from('\n3,x\n')]);
    for (const dtype of ['categorical', 'utf8'] as const) {
      const e = await errorOf(`utf8-${dtype}.csv`, data, { dtypes: { b: dtype } });
      expect(e.code).toBe('invalid-utf8');
      expect(e.byteOffset).toBe(head.length);
      expect(e.line).toBe(3);
      expect(e.column).toBe('b');
    }
  });

  it('a row over maxLineBytes is an error, also while a quote is open (bounded memory)', async () => {
    const text = `a,b\n1,2\n3,${'x'.repeat(100)}\n`;
    const e = await errorOf('long.csv', text, { maxLineBytes: 50 });
    expect(e.code).toBe('line-too-long');
    expect(e.line).toBe(3);
    expect(e.byteOffset).toBe(text.indexOf('3,'));
    // A quote that never closes in an endless stream: an error once the row passes maxLineBytes, not a hang.
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('a,b\n1,"');
      const piece = Buffer.from('y\n'.repeat(4096));
      for (;;) yield piece;
    }
    for (const maxLineBytes of [64, 1 << 20]) {
      const q = await readCsv(endless(), { maxLineBytes, readBufferSize: 16 }).catch((e: unknown) => e);
      expect(q).toBeInstanceOf(CsvError);
      expect((q as CsvError).code).toBe('line-too-long');
      expect((q as CsvError).line).toBe(2);
      expect((q as CsvError).hint).toContain('line 2');
    }
  });

  it('a value that does not parse as the dtype asked for is an error', async () => {
    const text = 'id,n\n1,10\n2,-7\n3,300\n4,5\n';
    const e = await errorOf('dtype.csv', text, { dtypes: { n: 'int8' } });
    expect(e.code).toBe('bad-value');
    expect(e.column).toBe('n');
    expect(e.line).toBe(4);
    expect(e.byteOffset).toBe(text.indexOf('300'));
    expect(e.message).toContain("'300' as int8");
    const f = await errorOf('dtype-float.csv', 'x\n1.5\nabc\n', { dtypes: { x: 'float64' } });
    expect(f.code).toBe('bad-value');
    expect(f.line).toBe(3);
  });

  it('text after a closing quote is an error', async () => {
    const text = 'a,b\n"ab"c,d\n';
    const e = await errorOf('bad-quote.csv', text);
    expect(e.code).toBe('bad-quote');
    expect(e.byteOffset).toBe(text.indexOf('c,d'));
    expect(e.line).toBe(2);
  });

  it('random bytes give rows or a CsvError, never a crash or a hang', async () => {
    const rng = new SeededRandom(42);
    const alphabet = [0x2c, 0x22, 0x0a, 0x0d, 0x61, 0x31, 0x3b, 0xc3, 0xa9, 0xff, 0x20, 0x2e];
    for (let i = 0; i < 150; i++) {
      const bytes = Uint8Array.from({ length: 1 + rng.int(400) }, () => alphabet[rng.int(alphabet.length)]);
      const path = tmp.write(`fuzz-${i}.csv`, bytes);
      for (const onBadRow of ['error', 'skip', 'null-pad'] as const) {
        try {
          await readCsv(path, { onBadRow, readBufferSize: 1 + rng.int(64), maxLineBytes: 1000 });
        } catch (error) {
          expect(error, `fuzz ${i}`).toBeInstanceOf(CsvError);
        }
      }
    }
  });
});
