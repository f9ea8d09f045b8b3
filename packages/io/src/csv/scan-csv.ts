import { LazyFrame } from '@df-stream/core';
import type { CsvReadOptions } from './csv-options.js';
import { type CsvInput, CsvSource, type SharedCsvLayout } from './csv-source.js';

/**
 * A lazy frame over a CSV file or byte stream: nothing is read until it is iterated, collected or sunk, and
 * then only the columns the plan needs are parsed, chunk by chunk in bounded memory.
 */
export function scanCsv(input: CsvInput, options: CsvReadOptions = {}): LazyFrame {
  return LazyFrame.fromSource(new CsvSource(input, options));
}

/** `scanCsv` with the layout already read by the source that planned the split (see `CsvSource.splits`). */
export function scanCsvWithLayout(input: string, options: CsvReadOptions, layout: SharedCsvLayout): LazyFrame {
  return LazyFrame.fromSource(new CsvSource(input, options, layout));
}
