import { type DataFrame, LazyFrame } from '@df-stream/core';
import type { ParquetReadOptions } from '../parquet-options.js';
import { ParquetSource } from './parquet-source.js';

/**
 * A lazy frame over a Parquet file: nothing is read until it is iterated, collected or sunk; then row
 * groups stream through parquet-wasm (never the whole file) and only the needed columns are decoded.
 */
export function scanParquet(path: string, options: ParquetReadOptions = {}): LazyFrame {
  return LazyFrame.fromSource(new ParquetSource(path, options));
}

/** A whole Parquet file (or its selected columns and row groups) in memory. */
export function readParquet(path: string, options: ParquetReadOptions = {}): Promise<DataFrame> {
  return scanParquet(path, options).collect();
}
