import { DEFAULT_CHUNK_SIZE, DfError } from '@df-stream/core';

export interface ParquetReadOptions {
  /** Only these columns, in this order; others are not decoded (and may have unsupported types). */
  columns?: readonly string[];
  /** Rows per chunk (default 65,536); parquet-wasm's batches are re-cut to this size. */
  chunkSize?: number;
  /** Only these row groups, in file order (for parallel workers; see `parquetRowGroups`). */
  rowGroups?: readonly number[];
}

export type ParquetCompression = 'snappy' | 'zstd' | 'gzip' | 'brotli' | 'lz4' | 'none';

export interface ParquetWriteOptions {
  /** Codec for every column (default snappy). */
  compression?: ParquetCompression;
  /** Most rows per row group (default 262,144); a row group is also the unit of parallel reads. */
  rowGroupSize?: number;
}

export const DEFAULT_ROW_GROUP_SIZE = 262_144;

export function chunkSizeOf(options: { chunkSize?: number }): number {
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new DfError('usage', `chunkSize must be a positive integer, got ${size}`);
  return size;
}
