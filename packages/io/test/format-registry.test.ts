import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DfError, type Value } from '@df-stream/core';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { csvSchemas, resolveReadOptions } from '../src/csv/csv-options.js';
import { detectFormat, formatFromExtension, readCsv, scan, scanCsv } from '../src/index.js';
import { FORMATS, formatOfExtension, parseOptions } from '../src/internal.js';

const { dir } = makeTestDir('df-stream-format-registry');
// The built CLI, as packages/cli/test/run-cli.ts runs it (the test script builds first).
const CLI = fileURLToPath(new URL('../../cli/bin/df-stream.js', import.meta.url));

const source = join(dir, 'weather.csv');
writeFileSync(source, 'city,temp\nOslo,1.5\nRome,20\nOslo,-3\n');
const ROWS: Record<string, Value>[] = [
  { city: 'Oslo', temp: 1.5 },
  { city: 'Rome', temp: 20 },
  { city: 'Oslo', temp: -3 },
];

type Written = 'parquet' | 'feather' | 'arrow-stream' | 'csv' | 'tsv';

/** Every extension, the format it means, and what a file written under it must hold. */
const EXTENSIONS: [string, string, Written][] = [
  ['.parquet', 'parquet', 'parquet'],
  ['.pq', 'parquet', 'parquet'],
  ['.feather', 'feather', 'feather'],
  ['.arrow', 'feather', 'feather'],
  ['.ipc', 'feather', 'feather'],
  ['.arrows', 'arrow-stream', 'arrow-stream'],
  ['.stream', 'arrow-stream', 'arrow-stream'],
  ['.csv', 'csv', 'csv'],
  ['.txt', 'csv', 'csv'],
  ['.tsv', 'csv', 'tsv'],
];

/** Checks a file's bytes: the magic bytes of its format, or the delimiter of its header line. */
function expectWritten(path: string, written: Written): void {
  const bytes = readFileSync(path);
  const ascii = (start: number, end: number): string => bytes.subarray(start, end).toString('latin1');
  switch (written) {
    case 'parquet':
      expect([ascii(0, 4), ascii(bytes.length - 4, bytes.length)], path).toEqual(['PAR1', 'PAR1']);
      return;
    case 'feather':
      expect([ascii(0, 6), ascii(bytes.length - 6, bytes.length)], path).toEqual(['ARROW1', 'ARROW1']);
      return;
    case 'arrow-stream':
      expect(bytes.readUInt32LE(0), path).toBe(0xffffffff);
      expect(ascii(0, 6), path).not.toBe('ARROW1');
      return;
    case 'csv':
      expect(bytes.toString('utf8').split('\n')[0], path).toBe('city,temp');
      return;
    case 'tsv':
      expect(bytes.toString('utf8').split('\n')[0], path).toBe('city\ttemp');
  }
}

describe('the format registry: every extension means one format everywhere', () => {
  it('each extension belongs to exactly one format, and each format has a name, a label and a schema for reads and writes', () => {
    const owners = new Map<string, string[]>();
    for (const f of FORMATS) for (const ext of f.extensions) owners.set(ext, [...(owners.get(ext) ?? []), f.name]);
    for (const [ext, names] of owners) expect(names, ext).toHaveLength(1);
    expect([...owners.keys()].sort()).toEqual(EXTENSIONS.map(([ext]) => ext).sort());
    for (const f of FORMATS) {
      expect(f.label, f.name).not.toBe('');
      expect(Object.keys(f.schemas().write.shape).length, f.name).toBeGreaterThan(0);
      expect(Object.keys(f.schemas().read.shape), f.name).toContain('chunkSize');
    }
  });

  it.each(EXTENSIONS)('%s: the registry says %s', (ext, format) => {
    expect(formatFromExtension(`data${ext}`)).toBe(format);
    expect(formatFromExtension(`DATA${ext.toUpperCase()}`)).toBe(format);
    expect(formatOfExtension(`dir/data${ext}`)?.name).toBe(format);
  });

  it.each(EXTENSIONS)('%s: sink(path) writes %s, and scan(path) reads it back', async (ext, format, written) => {
    const path = join(dir, `sink${ext}`);
    await scanCsv(source).sink(path);
    expectWritten(path, written);
    expect(await detectFormat(path)).toBe(format);
    const frame = await scan(path);
    expect((await frame.collect()).toRecords()).toEqual(ROWS);
  });

  it.each(EXTENSIONS)('%s: the CLI convert writes %s', (ext, _format, written) => {
    const path = join(dir, `convert${ext}`);
    const run = spawnSync(process.execPath, [CLI, 'convert', source, path], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expectWritten(path, written);
    // And the CLI reads it back by its name.
    const back = spawnSync(process.execPath, [CLI, 'head', path, '--format', 'ndjson'], { encoding: 'utf8', timeout: 60_000 });
    expect(back.stderr).toBe('');
    expect(
      back.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(ROWS);
  });

  it('a .tsv is read tab-delimited unless a delimiter is set, where sniffing would have picked the comma', async () => {
    const path = join(dir, 'commas.tsv');
    writeFileSync(path, 'a,b\tc\n1,2\t3\n4,5\t6\n');
    expect((await (await scan(path)).collect()).schema.names).toEqual(['a,b', 'c']);
    expect((await (await scan(path, { csv: { delimiter: ',' } })).collect()).schema.names).toEqual(['a', 'b\tc']);
    // The CSV reader itself takes its options as given: it sniffs.
    expect((await readCsv(path)).schema.names).toEqual(['a', 'b\tc']);
    const cli = spawnSync(process.execPath, [CLI, 'schema', path], { encoding: 'utf8', timeout: 60_000 });
    expect(cli.stdout).toMatch(/a,b/);
  });

  it('a .tsv is written tab-delimited unless a delimiter is set', async () => {
    const path = join(dir, 'semicolons.tsv');
    await scanCsv(source).sink(path, { delimiter: ';' });
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe('city;temp');
  });
});

describe('options are checked by the format schemas', () => {
  it('a sink refuses unknown and ill-typed write options, naming them', async () => {
    await expect(scanCsv(source).sink(join(dir, 'x.csv'), { delimter: ';' })).rejects.toThrow(
      'unknown CSV write option(s): delimter; known: delimiter, quote, nullValue, header, lineTerminator, quoteAll',
    );
    await expect(scanCsv(source).sink(join(dir, 'x.parquet'), { compression: 'lzo' })).rejects.toThrow(/unknown Parquet compression 'lzo'/);
    await expect(scanCsv(source).sink(join(dir, 'x.parquet'), { rowGroupSize: 0 })).rejects.toThrow('rowGroupSize must be a positive integer, got 0');
    await expect(scanCsv(source).sink(join(dir, 'x.feather'), { compression: 'snappy' })).rejects.toThrow(/unknown Feather compression 'snappy'/);
    await expect(scanCsv(source).sink(join(dir, 'x.xlsx'))).rejects.toThrow(/no writer for '.xlsx' files/);
  });

  it("the CSV read schema and the reader's own checks agree on what is valid", () => {
    const cases: Record<string, unknown>[] = [
      {},
      { delimiter: ';', quote: "'", header: false, chunkSize: 1, skipRows: 0, inferSchemaRows: 0, categoricalCap: 0 },
      { byteRange: { start: 0, end: 10, scanFrom: 0 } },
      { delimiter: ',,' },
      { delimiter: '\n' },
      { quote: '§' },
      { chunkSize: 0 },
      { chunkSize: 1.5 },
      { readBufferSize: -1 },
      { maxLineBytes: 0 },
      { skipRows: -1 },
      { maxRows: 2.5 },
      { inferSchemaRows: -2 },
      { byteRange: { start: 5, end: 4 } },
      { byteRange: { start: 5, end: 9, scanFrom: 6 } },
    ];
    for (const options of cases) {
      const byReader = accepts(() => resolveReadOptions(options));
      const bySchema = accepts(() => parseOptions(csvSchemas().read, options, 'CSV read'));
      expect(bySchema, JSON.stringify(options)).toBe(byReader);
    }
  });
});

function accepts(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(DfError);
    expect((error as DfError).kind).toBe('usage');
    return false;
  }
}
