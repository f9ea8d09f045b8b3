import { DfError } from '@df-stream/core';
import type { ByteRange, CsvReadOptions } from '../csv-options.js';
import { CsvSource } from './csv-source.js';
import { planCsvSplitsWith } from './csv-split-points.js';

export type { ByteRange } from '../csv-options.js';

/**
 * Up to `n` byte ranges of a CSV file, each beginning at a row start, for parallel readers (`byteRange`):
 * the rows of all ranges, in order, are exactly the rows of the file. The first range starts at 0 (its reader
 * skips BOM, preamble and header); ranges are never empty, so a small file gives fewer than `n`.
 *
 * Exact, not a heuristic: one sequential pass follows the quote state with the reader's own grammar (a quote
 * opens a field only at its start, `""` is an escape inside one), jumping from quote to quote with
 * `Buffer.indexOf` (memchr), so a file without quotes costs one fast read. A line break inside a quoted field
 * is never taken for a row end.
 */
export async function planCsvSplits(path: string, n: number, options: CsvReadOptions = {}): Promise<ByteRange[]> {
  if (!Number.isInteger(n) || n < 1) throw new DfError('usage', `n must be a positive integer, got ${n}`);
  if (options.encoding === 'latin1') throw new DfError('usage', "planCsvSplits works on byte offsets: encoding 'latin1' is not supported");
  const { byteRange: _ignored, ...layoutOptions } = options;
  return planCsvSplitsWith(path, n, await new CsvSource(path, layoutOptions).layout());
}
