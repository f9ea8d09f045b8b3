/** Rows per chunk when no one says otherwise: 64 Ki rows keeps a chunk's columns in cache-friendly sizes. */
export const DEFAULT_CHUNK_SIZE = 65_536;
