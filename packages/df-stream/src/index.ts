/**
 * df-stream: the one import users write. It re-exports the user API of core (frames, expressions, aggregates,
 * dtypes, errors), io (scan, read and write CSV, Parquet, Feather) and sql (`sql`, `sqlExpr`), and installs the Node runtime, so that
 * group-bys run on worker threads and spill to temp files.
 */
import { installNodeRuntime } from '@df-stream/engine';

export * from '@df-stream/core';
export * from '@df-stream/io';
export * from '@df-stream/sql';

installNodeRuntime();
