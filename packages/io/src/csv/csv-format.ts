import { type FormatEntry, withExtensionDefaults } from '../format-entry.js';
import { type CsvReadOptions, type CsvWriteOptions, csvSchemas } from './csv-options.js';
import type { SharedCsvLayout } from './read/csv-source.js';

/** CSV: text, told by no magic bytes, so what any file no other format claims is read as. */
export const csvFormat: FormatEntry<'csv'> = {
  name: 'csv',
  label: 'CSV',
  extensions: ['.csv', '.tsv', '.txt'],
  extensionDefaults: { '.tsv': { delimiter: '\t' } },
  signatures: [],
  fallback: { description: 'text or an unknown format', readWith: 'scanCsv' },
  stdio: true,
  schemas: csvSchemas,
  async scan(path, options) {
    const { scanCsv } = await import('./read/scan-csv.js');
    return scanCsv(path, withExtensionDefaults(csvFormat, path, options) as CsvReadOptions);
  },
  async write(chunks, path, options) {
    const { writeCsv } = await import('./write/write-csv.js');
    await writeCsv(chunks, path, withExtensionDefaults(csvFormat, path, options) as CsvWriteOptions);
  },
  split: {
    async open([path, options, layout]) {
      const { CsvSource } = await import('./read/csv-source.js');
      return new CsvSource(path as string, options as CsvReadOptions, layout as SharedCsvLayout | undefined);
    },
    shipped: true,
    // Errors on a worker name the file as the user wrote it, not by the worker's absolute path.
    wireOptions: (options, displayName) => ({ fileName: displayName, ...options }),
  },
};
