export { CsvEncoder } from './csv-encoder.js';
export { CsvError, type CsvErrorCode } from './csv-error.js';
export type { CsvLayout } from './csv-layout.js';
export {
  type BadRowMode,
  type CsvReadOptions,
  type CsvReadStats,
  type CsvWriteOptions,
  DEFAULT_NULL_VALUES,
} from './csv-options.js';
export { csvSinkWriter } from './csv-sink-writer.js';
export { type CsvInput, type CsvScanOptions, CsvSource, type SharedCsvLayout } from './csv-source.js';
export { type ByteRange, planCsvSplits } from './plan-csv-splits.js';
export { readCsv } from './read-csv.js';
export { scanCsv } from './scan-csv.js';
export type { CsvDialect } from './sniff-dialect.js';
export { type ChunkSource, writeCsv } from './write-csv.js';
