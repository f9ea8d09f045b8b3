import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFrame, writeFeather, writeParquet } from 'df-stream';
import type { Seed } from './seed.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * Seed files made by df-stream itself at start (no binary file in git): CSV with quotes, line breaks inside
 * quotes, unicode, a BOM and CRLF, tabs and thousands of columns; Parquet (several row groups, three codecs,
 * hundreds of columns) and Feather / Arrow IPC files and streams written by `writeParquet` and `writeFeather`.
 * Small on purpose: a mutation then lands in a header, a footer or a length more often than in plain data.
 */
export async function makeSeeds(): Promise<Seed[]> {
  const seeds: Seed[] = csvSeeds().map(({ name, body, first }) => ({
    name: `generated/${name}`,
    format: 'csv',
    ext: name.endsWith('.tsv') ? '.tsv' : '.csv',
    bytes: text(body),
    firstColumn: first,
  }));
  const dir = await mkdtemp(join(tmpdir(), 'df-stream-fuzz-seeds-'));
  try {
    const frame = sampleFrame(60, 16);
    const wide = wideFrame(400, 3);
    const binary: [string, Seed['format'], (path: string) => Promise<void>][] = [
      ['frame.parquet', 'parquet', (p) => writeParquet(frame, p, { rowGroupSize: 20 })],
      ['frame-zstd.parquet', 'parquet', (p) => writeParquet(frame, p, { compression: 'zstd', rowGroupSize: 32 })],
      ['frame-plain.parquet', 'parquet', (p) => writeParquet(frame, p, { compression: 'none' })],
      ['wide.parquet', 'parquet', (p) => writeParquet(wide, p)],
      ['frame.feather', 'feather', (p) => writeFeather(frame, p)],
      ['wide.feather', 'feather', (p) => writeFeather(wide, p)],
      ['frame.arrows', 'arrow-stream', (p) => writeFeather(frame, p)],
    ];
    for (const [name, format, write] of binary) {
      const path = join(dir, name);
      await write(path);
      const isWide = name.startsWith('wide');
      seeds.push({
        name: `generated/${name}`,
        format,
        ext: name.slice(name.lastIndexOf('.')),
        bytes: new Uint8Array(await readFile(path)),
        firstColumn: isWide ? 'c0' : 'id',
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return seeds;
}

/** Every dtype the readers produce, with nulls, categorical and free text, cut into `chunkSize` batches. */
function sampleFrame(n: number, chunkSize: number): DataFrame {
  const rows = Array.from({ length: n }, (_, i) => i);
  return DataFrame.fromColumns(
    {
      id: rows,
      city: rows.map((i) => ['Paris', 'Köln', '東京', 'São Paulo', ''][i % 5]),
      price: rows.map((i) => (i % 7 === 3 ? null : i * 1.25 - 20)),
      big: rows.map((i) => BigInt(i - 30) * 1_000_000_007_000n),
      day: rows.map((i) => 19_700 + i),
      at: rows.map((i) => new Date(Date.UTC(2024, 0, 1, i % 24, i))),
      ok: rows.map((i) => (i % 11 === 0 ? null : i % 2 === 0)),
      note: rows.map((i) => `row ${i}: "quoted", comma, 🙂 ${'x'.repeat(i % 13)}`),
    },
    { dtypes: { day: 'date', note: 'utf8' }, chunkSize },
  );
}

function wideFrame(columns: number, n: number): DataFrame {
  const data: Record<string, number[]> = {};
  for (let c = 0; c < columns; c++) data[`c${c}`] = Array.from({ length: n }, (_, i) => c * n + i);
  return DataFrame.fromColumns(data);
}

function csvSeeds(): { name: string; body: string; first: string }[] {
  const basic = ['id,city,price,day,ok,note'];
  for (let i = 0; i < 40; i++) {
    const price = i % 6 === 0 ? '' : (i * 1.5 - 7).toString();
    basic.push(`${i},${['Paris', '"Berlin"', 'Oslo', 'NA'][i % 4]},${price},2024-02-${String((i % 28) + 1).padStart(2, '0')},${i % 2 === 0},"note, ${i}"`);
  }
  const quoted = [
    'name,text,n',
    '"a ""quoted"" word","line one\nline two",1',
    'naïve café,"日本語, テキスト",2',
    '"🙂 emoji","e\u0301 combining\r\nand CRLF inside",3',
    '"","empty quoted",4',
    'tab\there,"\t",5',
    '"trailing space ",  leading,6',
    '"",,',
  ];
  const bom = `\uFEFF${['key,value', 'a,1', 'b,2', '"c\r\nd",3', 'e,'].join('\r\n')}\r\n`;
  const tsv = ['k\tv\tw', 'x\t1\t"q\tq"', 'y\t2\t', 'z\t\t3.5'];
  const names = Array.from({ length: 3000 }, (_, c) => `c${c}`);
  const wide = [names.join(','), ...[0, 1, 2].map((r) => names.map((_, c) => String(r * c)).join(','))];
  return [
    { name: 'basic.csv', body: `${basic.join('\n')}\n`, first: 'id' },
    { name: 'quoted.csv', body: `${quoted.join('\n')}\n`, first: 'name' },
    { name: 'bom-crlf.csv', body: bom, first: 'key' },
    { name: 'tabs.tsv', body: `${tsv.join('\n')}\n`, first: 'k' },
    { name: 'wide.csv', body: `${wide.join('\n')}\n`, first: 'c0' },
  ];
}
