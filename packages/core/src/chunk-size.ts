import { DfError } from './errors/df-error.js';

/** Rows per chunk when no one says otherwise: 64 Ki rows keeps a chunk's columns in cache-friendly sizes. */
export const DEFAULT_CHUNK_SIZE = 65_536;

/**
 * The `chunkSize` option, checked: frames and readers take it alike. A plain check, not a zod schema: a reader is
 * made on every split thread, which must not pay for loading zod.
 */
export function chunkSizeOf(options: { chunkSize?: number }): number {
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new DfError('usage', `chunkSize must be a positive integer, got ${size}`);
  return size;
}
