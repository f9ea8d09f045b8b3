import { lazySchemas, nonNegativeInt, positiveInt } from '../option-schemas.js';

export interface ParquetReadOptions {
  /** Only these columns, in this order; others are not decoded (and may have unsupported types). */
  columns?: readonly string[];
  /** Rows per chunk (default 65,536); parquet-wasm's batches are re-cut to this size. */
  chunkSize?: number;
  /** Only these row groups, in file order (for parallel workers; see `parquetRowGroups`). */
  rowGroups?: readonly number[];
  /**
   * Which decoder reads the file: 'auto' (default) uses df-stream's own reader where it covers the selected columns
   * and parquet-wasm for the rest; 'parquet-wasm' always uses parquet-wasm (to compare results, or to get past a
   * problem in our reader), as Polars' `use_pyarrow` does.
   */
  engine?: ParquetEngine;
}

export const PARQUET_ENGINES = ['auto', 'parquet-wasm'] as const;
export type ParquetEngine = (typeof PARQUET_ENGINES)[number];

export const PARQUET_COMPRESSIONS = ['snappy', 'zstd', 'gzip', 'brotli', 'lz4', 'none'] as const;
export type ParquetCompression = (typeof PARQUET_COMPRESSIONS)[number];

export interface ParquetWriteOptions {
  /** Codec for every column (default snappy). */
  compression?: ParquetCompression;
  /** Most rows per row group (default 262,144); a row group is also the unit of parallel reads. */
  rowGroupSize?: number;
}

export const DEFAULT_ROW_GROUP_SIZE = 262_144;

/**
 * The Parquet options as zod schemas: `write` is the one check of the writer's options; `read` declares the
 * reader's (checked where a reader is made, see `chunkSizeOf`, since every split thread makes one), and `split` what
 * a Parquet split carries to another machine.
 */
export const parquetSchemas = lazySchemas((z) => {
  const count = (name: string) => nonNegativeInt(z, name);
  const positive = (name: string) => positiveInt(z, name);
  const read = z
    .object({
      columns: z.array(z.string()).optional(),
      chunkSize: positive('chunkSize').describe('rows per chunk (default 65536)').optional(),
      rowGroups: z.array(count('rowGroups')).optional(),
      engine: z
        .enum(PARQUET_ENGINES, { error: (issue) => `unknown Parquet engine '${String(issue.input)}' (${PARQUET_ENGINES.join(', ')})` })
        .describe("decoder: 'auto' (our own where it can) or 'parquet-wasm'")
        .optional(),
    })
    .strict();
  const write = z
    .object({
      compression: z
        .enum(PARQUET_COMPRESSIONS, { error: (issue) => `unknown Parquet compression '${String(issue.input)}' (${PARQUET_COMPRESSIONS.join(', ')})` })
        .describe('codec for every column (default snappy)')
        .optional(),
      rowGroupSize: positive('rowGroupSize').describe('most rows per row group (default 262144)').optional(),
    })
    .strict();
  // A split reads a run of row groups: there is always one.
  const split = read.extend({ rowGroups: z.array(count('rowGroups')).min(1) }).strict();
  return { read, write, split };
});
