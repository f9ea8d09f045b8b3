import { LazyFrame } from '@df-stream/core';
import type { CsvReadOptions } from '../csv-options.js';
import { type CsvInput, CsvSource } from './csv-source.js';

/**
 * A lazy frame over a CSV file or byte stream: nothing is read until it is iterated, collected or sunk, and
 * then only the columns the plan needs are parsed, chunk by chunk in bounded memory.
 */
export function scanCsv(input: CsvInput, options: CsvReadOptions = {}): LazyFrame {
  return LazyFrame.fromSource(new CsvSource(input, options));
}
