// The user API of io: scan, read and write CSV, Parquet and Feather, their options and errors. Readers' classes
// and the plumbing sibling packages need are in `internal.ts`, published as `@df-stream/io/internal`.
import { registerSinkWriter } from '@df-stream/core/internal';
import { sinkToPath } from './sink.js';

export { CsvError, type CsvErrorCode } from './csv/csv-error.js';
export { type BadRowMode, type CsvReadOptions, type CsvReadStats, type CsvWriteOptions, DEFAULT_NULL_VALUES } from './csv/csv-options.js';
export type { CsvInput, CsvScanOptions } from './csv/read/csv-source.js';
export { readCsv } from './csv/read/read-csv.js';
export { scanCsv } from './csv/read/scan-csv.js';
export { type CsvSniff, sniffCsv } from './csv/read/sniff-csv.js';
export type { CsvDialect } from './csv/read/sniff-dialect.js';
export { type ChunkSource, writeCsv } from './csv/write/write-csv.js';
export { detectFormat, type FileFormat, formatFromExtension } from './detect-format.js';
export type { FeatherCompression, FeatherReadOptions, FeatherWriteOptions } from './feather/feather-options.js';
export { readFeather, scanFeather } from './feather/read/scan-feather.js';
export { writeFeather } from './feather/write/write-feather.js';
export { FormatError, type FormatErrorCode, type FormatErrorInit } from './format-error.js';
export type { MultiFileOptions } from './multi-file/multi-file-source.js';
export type { PartitionedSinkOptions } from './multi-file/partitioned-sink.js';
export type { ParquetCompression, ParquetReadOptions, ParquetWriteOptions } from './parquet/parquet-options.js';
export { readParquet, scanParquet } from './parquet/read/scan-parquet.js';
export { writeParquet } from './parquet/write/write-parquet.js';
export { type ScanFileOptions, scan } from './scan.js';

/** `LazyFrame.sink(path)`: the format the path's extension names in the registry (`-` is CSV on stdout). */
registerSinkWriter(sinkToPath);
