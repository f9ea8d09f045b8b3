// What sibling packages (engine, cluster, cli, bench) need from io and users do not: the reader classes, encoders,
// split planning and the split readers. Published as `@df-stream/io/internal`; no compatibility promise.
export { COLUMNAR_EXTENSIONS, columnarSinkWriter } from './columnar/columnar-sink-writer.js';
export { CsvEncoder } from './csv/csv-encoder.js';
export type { CsvLayout } from './csv/csv-layout.js';
export { csvSinkWriter } from './csv/csv-sink-writer.js';
export { CsvSource, type SharedCsvLayout } from './csv/csv-source.js';
export { type ByteRange, planCsvSplits } from './csv/plan-csv-splits.js';
export { expectFormat } from './detect-format.js';
export { FeatherSource } from './feather/feather-source.js';
export { openSplit, SPLIT_READER_NAMES } from './open-split.js';
export { type ParquetRowGroupPlan, parquetRowGroups } from './parquet/parquet-row-groups.js';
export { ParquetSource } from './parquet/parquet-source.js';
