import type { AggregateOptions } from '../aggregates/aggregate-function.js';

/** One output column of a group-by: `fn` over `column` (null for row counts), named `name`. */
export interface AggSpec {
  readonly column: string | null;
  readonly fn: string;
  readonly options?: AggregateOptions;
  readonly name: string;
}

/** `COL_FN` (`temp_mean`), or just `FN` for row counts, as the CLI and pandas' flattened names read. */
export function defaultAggName(column: string | null, fn: string, options?: AggregateOptions): string {
  const base = fn === 'quantile' && options?.q !== undefined ? `quantile_${options.q}` : fn;
  return column === null ? base : `${column}_${base}`;
}

/** The input columns a group-by reads: its keys, then the aggregates' columns, each once. */
export function groupByColumns(keys: readonly string[], aggs: readonly AggSpec[]): string[] {
  return [...new Set([...keys, ...aggs.flatMap((a) => (a.column === null ? [] : [a.column]))])];
}
