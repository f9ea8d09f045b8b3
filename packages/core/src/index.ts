export { allValidBitmap, bitmapByteLength, countUnset, getBit, setBit } from './bitmap.js';
export { castColumn } from './cast.js';
export { Chunk } from './chunk.js';
export {
  BigIntColumn,
  BoolColumn,
  CategoricalColumn,
  type Column,
  NumberColumn,
  Utf8Column,
  type Value,
  codeArrayFor,
} from './column.js';
export { buildColumn, ColumnBuilder, type ColumnBuilderOptions, DEFAULT_CATEGORICAL_CAP } from './column-builder.js';
export { type BuildOptions, DataFrame, DEFAULT_CHUNK_SIZE, type Row } from './data-frame.js';
export { Dictionary } from './dictionary.js';
export * from './dtype.js';
export { type ColumnInfo, FrameInfo } from './frame-info.js';
export { displayWidth, formatBytes, formatTable } from './format-table.js';
export { formatValue } from './format-value.js';
export { JS_ARRAY_COST_METHOD, jsArrayBytes } from './js-array-cost.js';
export { type ColumnMemory, MemoryUsage } from './memory-usage.js';
export { ColumnNotFoundError, type Field, Schema } from './schema.js';
export { Series } from './series.js';
export { unifyChunks } from './unify-chunks.js';
export { hashBytes, utf8Decoder, utf8Encoder } from './utf8.js';
export { LazyFrame } from './lazy-frame.js';
export { getSinkWriter, registerSinkWriter, type ScanOptions, type ScanSource, type SinkWriter } from './scan-source.js';
export * from './arrow/index.js';
