// What sibling packages (engine, cluster, cli, bench) need from io and users do not: the format registry, the reader
// classes, encoders, split planning and the split readers. Published as `@df-stream/io/internal`; no compatibility promise.
export { removePendingTempFiles, removeQuietly, tempPathFor, writeAtomically } from './atomic-write.js';
export type { CsvLayout } from './csv/read/csv-layout.js';
export { CsvSource, type SharedCsvLayout } from './csv/read/csv-source.js';
export { type ByteRange, planCsvSplits } from './csv/read/plan-csv-splits.js';
export { CsvEncoder } from './csv/write/csv-encoder.js';
export { FeatherSource } from './feather/read/feather-source.js';
export { type FileOps, fileOps, nodeFileOps, type SyncWriteHandle, setFileOps, type WriteHandle } from './file-ops.js';
export { type ExpectedFormat, expectFormat, type FileSignature } from './file-signature.js';
export type { FormatEntry, FormatOptions, FormatSchemas, SplitReader } from './format-entry.js';
export { FORMATS, type FormatName, fallbackFormat, formatNamed, formatOfExtension, knownExtensions, stdioFormat } from './format-registry.js';
export { expandPaths, type InputFile, isMultiFileInput } from './multi-file/expand-paths.js';
export { HIVE_NULL } from './multi-file/hive-partitions.js';
export { type FileOpener, MultiFileSource, type OpenedFile } from './multi-file/multi-file-source.js';
export { scanFiles } from './multi-file/scan-files.js';
export { unionNotes } from './multi-file/union-notes.js';
export { openSplit, SPLIT_READER_NAMES } from './open-split.js';
export { parseOptions, sharedZod, useZod } from './option-schemas.js';
export { createOutputFile, type OutputFile } from './output-file.js';
export { type ParquetRowGroupPlan, parquetRowGroups } from './parquet/read/parquet-row-groups.js';
export { ParquetSource } from './parquet/read/parquet-source.js';
export { formatOfContent, openFile } from './scan.js';
export { COLUMNAR_EXTENSIONS, columnarSinkWriter, sinkToPath } from './sink.js';
export { writeError } from './write-error.js';
