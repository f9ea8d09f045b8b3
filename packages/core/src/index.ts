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
export { getSinkWriter, registerSinkWriter, type ScanOptions, type ScanSource, type SinkWriter, type SourceSplit, SplitGuessError } from './scan-source.js';
export * from './arrow/index.js';
export type { AggregateFunction, AggregateKind, AggregateOptions, AggregateState, StateData } from './aggregates/aggregate-function.js';
export { aggregateNames, getAggregate, hasAggregate, registerAggregate } from './aggregates/registry.js';
export { AggExpr, type AggInput, col, ColumnExpr, type CompareOp, count, type Predicate, PredicateExpr, predicateColumns, toAggSpecs } from './expr.js';
export { evaluate as evaluatePredicate, filterChunk } from './filter-chunk.js';
export { type AggSpec, defaultAggName } from './group-by/agg-spec.js';
export { AggregateSource, type AggregateOptions as GroupByOptions, type ProgressEvent } from './group-by/aggregate-source.js';
export { GroupBy } from './group-by/group-by.js';
export { type AggregatorStats, HashAggregator, type HashAggregatorOptions } from './group-by/hash-aggregator.js';
export { LazyGroupBy } from './group-by/lazy-group-by.js';
export { type PartialAggregate, takePartial } from './group-by/partial-aggregate.js';
export { makeTempDir, removeAllTempDirs, removeTempDir } from './group-by/temp-files.js';
export { takeColumn } from './take.js';
export { type SortKey, sortFrame } from './sort-frame.js';
export { newNumberArray } from './new-number-array.js';
