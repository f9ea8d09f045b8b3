import { DfError, LazyFrame, type ScanSource, type SourceSplit } from '@df-stream/core';
import type { CsvReadOptions } from './csv/csv-options.js';
import type { SharedCsvLayout } from './csv/csv-source.js';
import type { ParquetReadOptions } from './parquet/parquet-options.js';

/**
 * The readers a split may name, and how each rebuilds its source from the split's plain arguments. Each loads its
 * reader module on first use: a worker thread that reads Parquet row groups does not load the CSV reader (nor the
 * reverse), which saves tens of milliseconds of start-up per thread.
 */
const SPLIT_READERS: Record<string, (args: readonly unknown[]) => Promise<ScanSource>> = {
  csv: async ([path, options, layout]) => {
    const { CsvSource } = await import('./csv/csv-source.js');
    return new CsvSource(path as string, options as CsvReadOptions, layout as SharedCsvLayout | undefined);
  },
  parquet: async ([path, options]) => {
    const { ParquetSource } = await import('./parquet/parquet-source.js');
    return new ParquetSource(path as string, options as ParquetReadOptions);
  },
};

export const SPLIT_READER_NAMES: readonly string[] = Object.keys(SPLIT_READERS);

/**
 * The plan one split describes, rebuilt on this thread (a worker thread, a cluster task, or the calling thread for
 * its own share): its reader's source, then the plan's row operations. The split is data: a reader name, never a
 * module to import.
 */
export async function openSplit(split: SourceSplit): Promise<LazyFrame> {
  const reader = Object.hasOwn(SPLIT_READERS, split.reader) ? SPLIT_READERS[split.reader] : undefined;
  if (reader === undefined) {
    throw new DfError('internal', `unknown split reader '${split.reader}' (known: ${SPLIT_READER_NAMES.join(', ')})`);
  }
  return new LazyFrame(await reader(split.args), (split.ops ?? []) as ConstructorParameters<typeof LazyFrame>[1]);
}
