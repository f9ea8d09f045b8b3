import type { LazyFrame } from '@df-stream/core';
import { ConcatSource } from '@df-stream/core/internal';
import { MultiFileSource } from './multi-file-source.js';

/**
 * What reading several inputs as one decided, a line per column: missing in some files (null there), a dtype widened
 * (`int8 in a.csv, float64 in b.csv: read as float64`), a hive partition column. Empty for a single input.
 */
export async function unionNotes(frame: LazyFrame): Promise<readonly string[]> {
  const source = frame.source;
  if (source instanceof MultiFileSource || source instanceof ConcatSource) return (await source.unionSchema()).notes;
  return [];
}
