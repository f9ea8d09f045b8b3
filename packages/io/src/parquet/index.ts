export { COLUMNAR_EXTENSIONS, columnarSinkWriter } from '../columnar/columnar-sink-writer.js';
export { detectFormat, expectFormat, type FileFormat, formatFromExtension } from '../detect-format.js';
export { FormatError, type FormatErrorCode, type FormatErrorInit } from '../format-error.js';
export { type ScanFileOptions, scan } from '../scan.js';
export type { ParquetCompression, ParquetReadOptions, ParquetWriteOptions } from './parquet-options.js';
export { type ParquetRowGroupPlan, parquetRowGroups } from './parquet-row-groups.js';
export { ParquetSource } from './parquet-source.js';
export { readParquet, scanParquet } from './scan-parquet.js';
export { writeParquet } from './write-parquet.js';
