import type { DataFrame } from '@df-stream/core';
import type { MultiFileOptions } from '../../multi-file/multi-file-source.js';
import type { CsvReadOptions } from '../csv-options.js';
import type { CsvInput } from './csv-source.js';
import { scanCsv } from './scan-csv.js';

/** Reads a whole CSV file or stream into a DataFrame (chunks of `chunkSize` rows, widened columns unified). */
export function readCsv(input: CsvInput | readonly string[], options: CsvReadOptions & MultiFileOptions = {}): Promise<DataFrame> {
  return scanCsv(input, options).collect();
}
