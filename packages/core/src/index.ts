// The user API of core: frames, expressions, dtypes, aggregates, memory reports, errors, Arrow interop.
// What only sibling packages need (column classes, kernels, the group-by machinery, the runtime hooks) is in
// `internal.ts`, published as `@df-stream/core/internal`.
export type { AggregateFunction, AggregateKind, AggregateOptions, AggregateState, StateData } from './aggregates/aggregate-function.js';
export { aggregateNames, getAggregate, hasAggregate, registerAggregate } from './aggregates/registry.js';
export { fromArrow } from './arrow/from-arrow.js';
export { toArrow } from './arrow/to-arrow.js';
export { InvalidArrowDataError, UnsupportedArrowTypeError } from './arrow/unsupported-arrow-type-error.js';
export { Chunk } from './chunk.js';
export type { Column, Value } from './column.js';
export { DEFAULT_CATEGORICAL_CAP } from './column-builder.js';
export { type ConcatOptions, concat } from './concat.js';
export { type BuildOptions, DataFrame, DEFAULT_CHUNK_SIZE, type Row } from './data-frame.js';
export * from './dtype.js';
export { DfError, type DfErrorInit, type ErrorKind, type ErrorLocation, type ErrorWire, exitCodeOf } from './errors/df-error.js';
export { col, count, DateFunctions, Expr, type ExprInput, lit, StringFunctions, Then, When, when } from './expr/expr.js';
export type { ExprNode } from './expr/expr-node.js';
export { exprText } from './expr/expr-text.js';
export { formatBytes } from './format-table.js';
export { type ColumnInfo, FrameInfo } from './frame-info.js';
export { getScalarFunction, hasScalarFunction, registerScalarFunction, scalarFunctionNames } from './functions/registry.js';
export { type ArgType, ExprTypeError, type Operand, Scalar, type ScalarFunction } from './functions/scalar-function.js';
export type { AggregateOptions as GroupByOptions, ProgressEvent } from './group-by/aggregate-source.js';
export { type FrameData, GroupBy } from './group-by/group-by.js';
export { LazyGroupBy } from './group-by/lazy-group-by.js';
export type { AggInput, KeyInput } from './group-by/lower-aggregation.js';
export type { JoinHow, JoinKeyInput, JoinOptions } from './join/join-options.js';
export { LazyFrame } from './lazy-frame.js';
export { type ColumnMemory, MemoryUsage } from './memory-usage.js';
export type { ColumnInput } from './plan/column-input.js';
export type { PlanOp } from './plan/plan-op.js';
// The job's memory governor travels in ScanOptions: a source that wraps another passes it on (types only).
export type { MemoryGovernor, Reservation } from './runtime/memory-governor.js';
export type { InterleavedSplits, ScanOptions, ScanSource, SourceSplit } from './scan-source.js';
export { ColumnNotFoundError, type Field, Schema } from './schema.js';
export { Series } from './series.js';
export type { SortBy, SortOptions } from './sort/sort-spec.js';
export type { UniqueSubset } from './unique/unique-frame-data.js';
export type { UniqueKeep, UniqueOptions } from './unique/unique-options.js';
