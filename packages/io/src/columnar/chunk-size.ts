import { DEFAULT_CHUNK_SIZE, DfError } from '@df-stream/core';

/**
 * Rows per chunk of a columnar reader (Parquet, Feather), checked where the reader is made. A plain check, not the
 * format's zod schema: a reader is made on every split thread, which must not pay for loading zod.
 */
export function chunkSizeOf(options: { chunkSize?: number }): number {
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new DfError('usage', `chunkSize must be a positive integer, got ${size}`);
  return size;
}
