import { LazyFrame } from '@df-stream/core';
import { isMultiFileInput } from '../../multi-file/expand-paths.js';
import type { MultiFileOptions } from '../../multi-file/multi-file-source.js';
import { fileOptions, scanFiles } from '../../multi-file/scan-files.js';
import type { CsvReadOptions } from '../csv-options.js';
import { type CsvInput, CsvSource } from './csv-source.js';

/** What a directory of CSV files is read for (the registry entry's extensions). */
const CSV_EXTENSIONS = ['.csv', '.tsv', '.txt'];

/**
 * A lazy frame over a CSV file or byte stream: nothing is read until it is iterated, collected or sunk, and
 * then only the columns the plan needs are parsed, chunk by chunk in bounded memory. Several files (a list, a glob
 * like `logs/**\/*.csv`, a directory) are read as one, with `key=value` directories as columns (see `MultiFileOptions`).
 */
export function scanCsv(input: CsvInput | readonly string[], options: CsvReadOptions & MultiFileOptions = {}): LazyFrame {
  const own = fileOptions(options);
  if (isMultiFileInput(input) || (options.hive === true && typeof input === 'string')) {
    return scanFiles(input, CSV_EXTENSIONS, async (path) => ({ source: new CsvSource(path, own), split: { reader: 'csv', args: [path, own] } }), options);
  }
  return LazyFrame.fromSource(new CsvSource(input as CsvInput, own));
}
