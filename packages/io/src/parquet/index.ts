export { type ParquetCompression, type ParquetReadOptions, type ParquetWriteOptions } from './parquet-options.js';
export { type ParquetRowGroupPlan, parquetRowGroups } from './parquet-row-groups.js';
export { ParquetSource } from './parquet-source.js';
export { readParquet, scanParquet } from './scan-parquet.js';
export { writeParquet } from './write-parquet.js';
export { type FileFormat, detectFormat, expectFormat, formatFromExtension } from '../detect-format.js';
export { FormatError, type FormatErrorCode, type FormatErrorInit } from '../format-error.js';
export { columnarSinkWriter, COLUMNAR_EXTENSIONS } from '../columnar/columnar-sink-writer.js';
export { scan, type ScanFileOptions } from '../scan.js';
