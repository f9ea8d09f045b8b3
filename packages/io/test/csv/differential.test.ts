import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestDir } from '@df-stream/test-utils';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/csv/index.js';
import { allAs, rowsOf } from './csv-test-helpers.js';
import { randomCsv } from './random-csv.js';

const tmp = makeTestDir('csv-diff');

/** csv-parse, configured as the reference for our grammar: BOM stripped, empty lines skipped, strict counts. */
function reference(text: string, delimiter: string): string[][] {
  return parse(text, { delimiter, bom: true, skip_empty_lines: true, relax_quotes: true, record_delimiter: ['\r\n', '\n', '\r'] });
}

describe('differential against csv-parse', () => {
  it('reads 300 seeded random CSVs exactly as csv-parse does, whatever the buffer and chunk sizes', async () => {
    const bufferSizes = [8, 13, 64, 1000, undefined];
    const chunkSizes = [1, 2, 7, 64, undefined];
    for (let seed = 1; seed <= 300; seed++) {
      const csv = randomCsv(seed);
      const path = tmp.write(`random-${seed}.csv`, csv.text);
      const expected = reference(csv.text, csv.delimiter);
      expect(expected, `seed ${seed}: the generator and csv-parse disagree`).toEqual(csv.rows);
      const columns = csv.rows[0].length;
      const df = await readCsv(path, {
        delimiter: csv.delimiter,
        header: false,
        dtypes: allAs(columns, seed % 2 === 0 ? 'utf8' : 'categorical'),
        nullValues: [],
        readBufferSize: bufferSizes[seed % bufferSizes.length],
        chunkSize: chunkSizes[Math.floor(seed / bufferSizes.length) % chunkSizes.length],
      });
      expect(rowsOf(df), `seed ${seed}`).toEqual(expected);
    }
  });

  it('sniffs the delimiter of random CSVs with three or more columns', async () => {
    for (let seed = 1000; seed < 1100; seed++) {
      const csv = randomCsv(seed, { columns: 3 + (seed % 4), rows: 20 + (seed % 30) });
      const path = tmp.write(`sniff-${seed}.csv`, csv.text);
      const df = await readCsv(path, { header: false, dtypes: allAs(csv.rows[0].length, 'utf8'), nullValues: [] });
      expect(rowsOf(df), `seed ${seed}, delimiter ${JSON.stringify(csv.delimiter)}`).toEqual(reference(csv.text, csv.delimiter));
    }
  });

  const corpus = join(import.meta.dirname, '../../../../../shared/corpora/csv-spectrum');
  const haveCorpus = existsSync(join(corpus, 'csvs'));
  if (!haveCorpus) console.log(`skipping csv-spectrum: ${corpus} is absent`);

  it.skipIf(!haveCorpus)('reads every csv-spectrum file as its expected JSON and as csv-parse does', async () => {
    const files = readdirSync(join(corpus, 'csvs')).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const path = join(corpus, 'csvs', file);
      const json: unknown = JSON.parse(readFileSync(join(corpus, 'json', file.replace(/\.csv$/, '.json')), 'utf8'));
      const expected = (Array.isArray(json) ? json : [json]) as Record<string, string>[];
      const text = readFileSync(path, 'utf8');
      const [header, ...rows] = reference(text, ',');
      // Upstream's location_coordinates.json does not match its CSV (another phone number): csv-parse decides.
      const jsonAgrees = JSON.stringify(expected.map((r) => Object.values(r))) === JSON.stringify(rows);
      if (!jsonAgrees) console.log(`csv-spectrum ${file}: the expected JSON disagrees with the CSV itself; checked against csv-parse only`);
      for (const readBufferSize of [8, 17, undefined]) {
        const df = await readCsv(path, { dtypes: Object.fromEntries(header.map((n) => [n, 'utf8'])), nullValues: [], readBufferSize });
        expect(df.columns, file).toEqual(Object.keys(expected[0]));
        expect(rowsOf(df), file).toEqual(rows);
        if (jsonAgrees) expect(df.toRecords(), file).toEqual(expected);
      }
    }
  });
});
