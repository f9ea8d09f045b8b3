import type { LazyFrame } from '@df-stream/core';
import { detectFormat, type FileFormat } from './detect-format.js';
import { scanFeather } from './feather/scan-feather.js';
import { FormatError } from './format-error.js';
import { scanParquet } from './parquet/scan-parquet.js';

export interface ScanFileOptions {
  columns?: readonly string[];
  chunkSize?: number;
  /** Options passed through to the CSV reader when the file is CSV. */
  csv?: Record<string, unknown>;
}

type CsvScanner = (path: string, options?: Record<string, unknown>) => LazyFrame;

/**
 * A lazy frame over any supported file, the reader picked by content (magic bytes), not by name:
 * Parquet, Feather v2 / Arrow IPC file or stream, else CSV.
 */
export async function scan(path: string, options: ScanFileOptions = {}): Promise<LazyFrame> {
  const format: FileFormat = await detectFormat(path).catch((error: unknown) => {
    throw new FormatError((error as Error).message, { file: path, code: 'io', cause: error });
  });
  const { csv, ...common } = options;
  switch (format) {
    case 'parquet':
      return scanParquet(path, common);
    case 'feather':
    case 'arrow-stream':
      return scanFeather(path, common);
    case 'feather-v1':
      throw new FormatError('Feather v1 is not supported; re-save as v2', {
        file: path,
        code: 'unsupported',
        format: 'feather-v1',
        hint: 'pyarrow: feather.write_feather(df, path, version=2)',
      });
    case 'csv':
      return (await csvScanner(path))(path, { ...common, ...csv });
  }
}

/** The CSV reader, loaded on first use (it lives in another module and may not be built yet). */
async function csvScanner(path: string): Promise<CsvScanner> {
  const csv: Record<string, unknown> = await import('./csv/index.js');
  const scanCsv = csv.scanCsv;
  if (typeof scanCsv !== 'function') {
    throw new FormatError('this looks like CSV, but the CSV reader is not available in this build', { file: path, code: 'unsupported', format: 'csv' });
  }
  return scanCsv as CsvScanner;
}
