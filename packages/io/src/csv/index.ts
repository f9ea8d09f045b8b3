export { CsvError, type CsvErrorCode } from './csv-error.js';
export { csvFormat } from './csv-format.js';
export {
  type BadRowMode,
  type CsvReadOptions,
  type CsvReadStats,
  type CsvWriteOptions,
  DEFAULT_NULL_VALUES,
} from './csv-options.js';
export type { CsvLayout } from './read/csv-layout.js';
export { type CsvInput, type CsvScanOptions, CsvSource, type SharedCsvLayout } from './read/csv-source.js';
export { type ByteRange, planCsvSplits } from './read/plan-csv-splits.js';
export { readCsv } from './read/read-csv.js';
export { scanCsv } from './read/scan-csv.js';
export { type CsvSniff, sniffCsv } from './read/sniff-csv.js';
export type { CsvDialect } from './read/sniff-dialect.js';
export { CsvEncoder } from './write/csv-encoder.js';
export { type ChunkSource, writeCsv } from './write/write-csv.js';
