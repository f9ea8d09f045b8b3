import { DfError } from '@df-stream/core';
import type { SinkWriter } from '@df-stream/core/internal';
import type { CsvWriteOptions } from './csv-options.js';
import { writeCsv } from './write-csv.js';

const KNOWN = new Set(['delimiter', 'quote', 'nullValue', 'header', 'lineTerminator', 'quoteAll']);

/** `LazyFrame.sink(path)` for `.csv` paths: core's `SinkWriter` over `writeCsv`. */
export const csvSinkWriter: SinkWriter = async (chunks, path, options) => {
  const unknown = Object.keys(options).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) throw new DfError('usage', `unknown CSV write option(s): ${unknown.join(', ')}; known: ${[...KNOWN].join(', ')}`);
  await writeCsv(chunks, path, options as CsvWriteOptions);
};
