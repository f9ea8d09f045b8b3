import type { LazyFrame } from '@df-stream/core';
import { ConcatSource } from '@df-stream/core/internal';
import { MultiFileSource } from './multi-file-source.js';

/**
 * What reading several inputs as one decided, a line per column: missing in some files (null there), a dtype widened
 * (`int8 in a.csv, float64 in b.csv: read as float64`), a hive partition column. Empty for a single input. Reads the
 * head of every file, and throws the error a scan would meet when their columns differ without `unionByName`.
 */
export async function unionNotes(frame: LazyFrame): Promise<readonly string[]> {
  const source = frame.source;
  if (source instanceof MultiFileSource) return (await source.checkFiles()).notes;
  if (source instanceof ConcatSource) return (await source.unionSchema()).notes;
  return [];
}
