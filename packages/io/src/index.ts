// The user API of io: scan, read and write CSV, Parquet and Feather, their options and errors. Readers' classes
// and the plumbing sibling packages need are in `internal.ts`, published as `@df-stream/io/internal`.
import type { Chunk } from '@df-stream/core';
import { registerSinkWriter } from '@df-stream/core/internal';
import { columnarSinkWriter } from './columnar/columnar-sink-writer.js';
import { csvSinkWriter } from './csv/csv-sink-writer.js';

export { CsvError, type CsvErrorCode } from './csv/csv-error.js';
export { type BadRowMode, type CsvReadOptions, type CsvReadStats, type CsvWriteOptions, DEFAULT_NULL_VALUES } from './csv/csv-options.js';
export type { CsvInput, CsvScanOptions } from './csv/csv-source.js';
export { readCsv } from './csv/read-csv.js';
export { scanCsv } from './csv/scan-csv.js';
export type { CsvDialect } from './csv/sniff-dialect.js';
export { type ChunkSource, writeCsv } from './csv/write-csv.js';
export { detectFormat, type FileFormat, formatFromExtension } from './detect-format.js';
export type { FeatherCompression, FeatherReadOptions, FeatherWriteOptions } from './feather/feather-options.js';
export { readFeather, scanFeather } from './feather/scan-feather.js';
export { writeFeather } from './feather/write-feather.js';
export { FormatError, type FormatErrorCode, type FormatErrorInit } from './format-error.js';
export type { ParquetCompression, ParquetReadOptions, ParquetWriteOptions } from './parquet/parquet-options.js';
export { readParquet, scanParquet } from './parquet/scan-parquet.js';
export { writeParquet } from './parquet/write-parquet.js';
export { type ScanFileOptions, scan } from './scan.js';

/** `LazyFrame.sink(path)`: CSV for .csv/.tsv/.txt, Parquet or Feather by extension. */
registerSinkWriter((chunks: AsyncIterable<Chunk>, path: string, options: Record<string, unknown>) =>
  /\.(csv|tsv|txt)$/i.test(path) || path === '-' ? csvSinkWriter(chunks, path, options) : columnarSinkWriter(chunks, path, options),
);
