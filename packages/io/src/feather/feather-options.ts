import { lazySchemas, nonNegativeInt, positiveInt } from '../option-schemas.js';

export interface FeatherReadOptions {
  /** Only these columns, in this order (Arrow IPC reads whole batches; only these are converted). */
  columns?: readonly string[];
  /** Rows per chunk (default 65,536): record batches larger are cut, smaller ones joined, to about this size. */
  chunkSize?: number;
  /** Only these record batches of an IPC file, in file order (for parallel workers; the stream format has no index). */
  batches?: readonly number[];
}

export const FEATHER_COMPRESSIONS = ['lz4', 'zstd', 'none'] as const;
export type FeatherCompression = (typeof FEATHER_COMPRESSIONS)[number];

export interface FeatherWriteOptions {
  /**
   * Buffer compression (default none). LZ4/ZSTD need a codec registered with apache-arrow's
   * `compressionRegistry`; without one the write fails with a clear error.
   */
  compression?: FeatherCompression;
  /** Write the Arrow IPC stream format instead of the file format (default: by extension, `.arrows` = stream). */
  stream?: boolean;
}

/** Extensions of the Arrow IPC stream format (`.arrows` is Arrow's registered one), for `writeFeather`'s default. */
export const ARROW_STREAM_EXTENSIONS: readonly string[] = ['.arrows', '.stream'];

/**
 * The Feather / Arrow IPC options as zod schemas: `write` is the one check of the writer's options; `read` declares
 * the reader's (checked where a reader is made, see `chunkSizeOf`).
 */
export const featherSchemas = lazySchemas((z) => {
  const read = z
    .object({
      columns: z.array(z.string()).optional(),
      chunkSize: positiveInt(z, 'chunkSize').describe('rows per chunk (default 65536)').optional(),
      batches: z.array(nonNegativeInt(z, 'batches')).optional(),
    })
    .strict();
  const write = z
    .object({
      compression: z
        .enum(FEATHER_COMPRESSIONS, { error: (issue) => `unknown Feather compression '${String(issue.input)}' (${FEATHER_COMPRESSIONS.join(', ')})` })
        .describe('buffer compression (default none; lz4 and zstd need a codec registered with apache-arrow)')
        .optional(),
      stream: z.boolean().describe('the Arrow IPC stream format instead of the file format').optional(),
    })
    .strict();
  return { read, write };
});
