export interface FeatherReadOptions {
  /** Only these columns, in this order (Arrow IPC reads whole batches; only these are converted). */
  columns?: readonly string[];
  /** Rows per chunk (default 65,536): the file's record batches are re-cut to this size. */
  chunkSize?: number;
}

export type FeatherCompression = 'lz4' | 'zstd' | 'none';

export interface FeatherWriteOptions {
  /**
   * Buffer compression (default none). LZ4/ZSTD need a codec registered with apache-arrow's
   * `compressionRegistry`; without one the write fails with a clear error.
   */
  compression?: FeatherCompression;
  /** Write the Arrow IPC stream format instead of the file format (default: by extension, `.arrows` = stream). */
  stream?: boolean;
}
