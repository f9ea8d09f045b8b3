import { DfError, LazyFrame, type SourceSplit } from '@df-stream/core';
import { FORMATS, formatNamed } from './format-registry.js';

/**
 * The readers a split may name: the registered formats that have a split reader. Each loads its reader module on
 * first use: a worker thread that reads Parquet row groups does not load the CSV reader (nor the reverse), which
 * saves tens of milliseconds of start-up per thread.
 */
export const SPLIT_READER_NAMES: readonly string[] = FORMATS.filter((f) => f.split !== undefined).map((f) => f.name);

/**
 * The plan one split describes, rebuilt on this thread (a worker thread, a cluster task, or the calling thread for
 * its own share): its reader's source, then the plan's row operations. The split is data: a reader name, never a
 * module to import.
 */
export async function openSplit(split: SourceSplit): Promise<LazyFrame> {
  if (split.reader === 'files') {
    // One file of several (its partition values and the union's columns around the file's own split).
    const { openFilesSplit } = await import('./multi-file/files-split.js');
    const source = await openFilesSplit(split.args, async (inner) => (await openSplit(inner)).source);
    return new LazyFrame(source, (split.ops ?? []) as ConstructorParameters<typeof LazyFrame>[1]);
  }
  const reader = formatNamed(split.reader)?.split;
  if (reader === undefined) {
    throw new DfError('internal', `unknown split reader '${split.reader}' (known: ${SPLIT_READER_NAMES.join(', ')})`);
  }
  return new LazyFrame(await reader.open(split.args), (split.ops ?? []) as ConstructorParameters<typeof LazyFrame>[1]);
}
