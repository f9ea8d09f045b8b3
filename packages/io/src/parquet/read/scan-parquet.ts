import { type DataFrame, LazyFrame } from '@df-stream/core';
import { isMultiFileInput } from '../../multi-file/expand-paths.js';
import type { MultiFileOptions } from '../../multi-file/multi-file-source.js';
import { fileOptions, scanFiles } from '../../multi-file/scan-files.js';
import type { ParquetReadOptions } from '../parquet-options.js';
import { ParquetSource } from './parquet-source.js';

/** What a directory of Parquet files is read for (the registry entry's extensions). */
const PARQUET_EXTENSIONS = ['.parquet', '.pq'];

/**
 * A lazy frame over a Parquet file: nothing is read until it is iterated, collected or sunk; then row
 * groups stream through parquet-wasm (never the whole file) and only the needed columns are decoded.
 * Several files (a list, a glob, a directory) are read as one, with `key=value` directories as columns.
 */
export function scanParquet(input: string | readonly string[], options: ParquetReadOptions & MultiFileOptions = {}): LazyFrame {
  const own = fileOptions(options);
  if (isMultiFileInput(input) || options.hive === true) {
    return scanFiles(input, PARQUET_EXTENSIONS, async (path) => ({ source: new ParquetSource(path, own), split: { reader: 'parquet', args: [path, own] } }), options);
  }
  return LazyFrame.fromSource(new ParquetSource(input as string, own));
}

/** A whole Parquet file (or its selected columns and row groups) in memory. */
export function readParquet(path: string | readonly string[], options: ParquetReadOptions & MultiFileOptions = {}): Promise<DataFrame> {
  return scanParquet(path, options).collect();
}
