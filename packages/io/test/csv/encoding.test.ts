import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/csv/index.js';
import { rowsOf, snapshot } from './csv-test-helpers.js';

const tmp = makeTestDir('csv-encoding');

const rows = [
  ['naïve', '東京', '1'],
  ['😀 emoji', 'a\r\nb', '2'],
  ['Zürich', 'line\nbreak', '3'],
  ['€uro', '"quoted"', '4'],
];

function csvText(lineEnd: string): string {
  const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['name,note,n', ...rows.map((r) => r.map(quote).join(','))].join(lineEnd) + lineEnd;
}

describe('encodings and line ends', () => {
  it('reads LF, CRLF and CR files, with and without BOM and final line end, to the same rows', async () => {
    const expected = rows.map((r) => [r[0], r[1], r[2]]);
    for (const lineEnd of ['\n', '\r\n', '\r']) {
      for (const bom of ['', '\ufeff']) {
        for (const trailing of [true, false]) {
          const text = bom + (trailing ? csvText(lineEnd) : csvText(lineEnd).slice(0, -lineEnd.length));
          const path = tmp.write('ends.csv', text);
          for (const readBufferSize of [8, 9, 10, 11, undefined]) {
            const df = await readCsv(path, { readBufferSize, dtypes: { n: 'utf8' } });
            expect(df.columns, JSON.stringify({ lineEnd, bom })).toEqual(['name', 'note', 'n']);
            expect(rowsOf(df), JSON.stringify({ lineEnd, bom, trailing, readBufferSize })).toEqual(expected);
          }
        }
      }
    }
  });

  it('multi-byte UTF-8 split at every possible read boundary reads the same', async () => {
    const text = `k,v\n${Array.from({ length: 30 }, (_, i) => `${'ж😀日é'.repeat(1 + (i % 4))},${i}`).join('\n')}\n`;
    const path = tmp.write('multibyte.csv', text);
    const reference = snapshot(await readCsv(path));
    for (let size = 8; size <= 40; size++) expect(snapshot(await readCsv(path, { readBufferSize: size })), `buffer ${size}`).toEqual(reference);
    // Stream pieces cut inside characters, one byte at a time.
    const bytes = Buffer.from(text);
    const pieces = Array.from(bytes, (b) => Uint8Array.of(b));
    expect(snapshot(await readCsv(Readable.from(pieces)))).toEqual(reference);
  });

  it("encoding: 'latin1' transcodes to UTF-8", async () => {
    const latin1 = Buffer.from('city,n\nMünchen,1\nSão Paulo,2\n', 'latin1');
    const df = await readCsv(tmp.write('latin1.csv', latin1), { encoding: 'latin1' });
    expect(df.column('city').toArray()).toEqual(['München', 'São Paulo']);
    const streamed = await readCsv(Readable.from([latin1.subarray(0, 9), latin1.subarray(9)]), { encoding: 'latin1' });
    expect(streamed.column('city').toArray()).toEqual(['München', 'São Paulo']);
  });

  it('reads a Node Readable (as stdin would be) and any async iterable of bytes', async () => {
    const text = csvText('\n');
    const fromFile = rowsOf(await readCsv(tmp.write('plain.csv', text)));
    expect(rowsOf(await readCsv(Readable.from([Buffer.from(text)])))).toEqual(fromFile);
    async function* pieces(): AsyncGenerator<Uint8Array> {
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
    }
    expect(rowsOf(await readCsv(pieces(), { chunkSize: 1 }))).toEqual(fromFile);
  });

  it("reads stdin when the path is '-'", () => {
    const index = fileURLToPath(new URL('../../src/csv/index.ts', import.meta.url));
    const script = `import('${index}').then(async (m) => { const df = await m.readCsv('-'); process.stdout.write(JSON.stringify(df.toRecords())); });`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { input: 'a;b\n1;x y\n2;"z;w"\n', encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([
      { a: 1, b: 'x y' },
      { a: 2, b: 'z;w' },
    ]);
  });
});
