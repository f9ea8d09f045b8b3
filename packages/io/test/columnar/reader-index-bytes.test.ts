import { DataFrame, type LazyFrame } from '@df-stream/core';
import { CategoricalColumn } from '@df-stream/core/internal';
import { makeTestDir } from '@df-stream/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanCsv, scanFeather, scanParquet, writeCsv, writeFeather, writeParquet } from '../../src/index.js';

const tmp = makeTestDir('reader-index-bytes');

// 3,000 rows of 2,000 distinct short keys: each reader's key table grows past its first size. Plain strings (utf8): a
// dictionary-encoded Feather or Parquet column is interned once per dictionary, with no key table.
const df = DataFrame.fromRecords(
  Array.from({ length: 3000 }, (_, i) => ({ k: `key-${(i * 7919) % 2000}`, v: i })),
  { chunkSize: 500, dtypes: { k: 'utf8' } },
);
const files: Record<string, string> = {};
beforeAll(async () => {
  files.csv = tmp.path('keys.csv');
  files.parquet = tmp.path('keys.parquet');
  files.feather = tmp.path('keys.feather');
  await writeCsv(df, files.csv);
  await writeParquet(df, files.parquet, { rowGroupSize: 500 });
  await writeFeather(df, files.feather);
});

const scans: [string, () => LazyFrame][] = [
  ['csv', () => scanCsv(files.csv, { chunkSize: 500 })],
  ['parquet', () => scanParquet(files.parquet, { chunkSize: 500 })],
  ['feather', () => scanFeather(files.feather, { chunkSize: 500 })],
];

describe("a reader's key table, told to the key column's dictionary (Dictionary.readerIndexBytes)", () => {
  it('is not counted once a scan fails on a bad row', async () => {
    // Two chunks of good rows, then a row with a field too many: the scan fails after the key table has grown.
    const lines = ['k,v', ...Array.from({ length: 1000 }, (_, i) => `key-${i},${i}`), 'key-x,1,2'];
    const path = tmp.write('bad-row.csv', `${lines.join('\n')}\n`);
    let dictionary: CategoricalColumn['dictionary'] | undefined;
    const read = async (): Promise<void> => {
      for await (const chunk of scanCsv(path, { chunkSize: 500 }).scan({ keyColumns: ['k'] })) {
        dictionary = (chunk.column('k') as CategoricalColumn).dictionary;
        expect(dictionary.readerIndexBytes).toBeGreaterThan(0);
      }
    };
    await expect(read()).rejects.toThrow(/bad-row\.csv:1002/);
    expect(dictionary?.readerIndexBytes).toBe(0);
  });

  for (const [name, scan] of scans) {
    it(`is counted while the ${name} reader reads the key column, and not once the scan ends or is stopped`, async () => {
      let dictionary: CategoricalColumn['dictionary'] | undefined;
      for await (const chunk of scan().scan({ keyColumns: ['k'] })) {
        const column = chunk.column('k');
        expect(column, name).toBeInstanceOf(CategoricalColumn);
        dictionary = (column as CategoricalColumn).dictionary;
        // At most half full, 16 bytes an entry.
        expect(dictionary.readerIndexBytes, name).toBeGreaterThanOrEqual(32 * dictionary.size);
      }
      expect(dictionary?.size).toBe(2000);
      expect(dictionary?.readerIndexBytes).toBe(0);
      // A consumer that stops after the first chunk ends the scan too.
      for await (const chunk of scan().scan({ keyColumns: ['k'] })) {
        dictionary = (chunk.column('k') as CategoricalColumn).dictionary;
        expect(dictionary.readerIndexBytes, name).toBeGreaterThan(0);
        break;
      }
      expect(dictionary?.readerIndexBytes, name).toBe(0);
    });
  }
});
