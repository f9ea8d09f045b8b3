/** What a benchmark query computes, independent of engine; each engine translates it to its own API. */

import type { DfStreamFormulation, PolarsFormulation } from './etl-apis.js';
import type { DfJoinFormulation, PolarsJoinFormulation } from './join-apis.js';

export type AggFn = 'sum' | 'mean' | 'min' | 'max' | 'count';

export interface Measure {
  /** Output column name, the same in every engine so results can be compared by name. */
  name: string;
  column: string;
  /** `count` counts the group's rows (SQL count(*)), not non-null values. */
  fn: AggFn;
}

/** Which generated file a query reads. */
export type Dataset = 'groupby' | 'cities' | 'join';

/** A group-by: `measures` of each group of `keys`. */
export interface GroupbyQuery {
  id: string;
  kind: 'groupby';
  dataset: Dataset;
  title: string;
  keys: string[];
  measures: Measure[];
  /** q7's `max(v1) - min(v2)`: computed from two measures, which are then dropped from the result. */
  derived?: { name: string; left: string; right: string };
  /**
   * A memory budget in bytes (the budget suite, issue 20): df-stream's `--memory`, DuckDB's memory_limit. The
   * query's id then names it (`q10-256mb`), since each budget is its own case, checked on its own.
   */
  memoryLimit?: number;
}

/**
 * A full scan whose result is one row of column totals: `<col>_len` (total characters of a string column) or
 * `<col>_sum`. Summing every requested column forces a real parse; `count(*)` alone can be answered from file
 * metadata (Parquet) or by counting newlines.
 */
export interface ReadQuery {
  id: string;
  kind: 'read';
  dataset: 'groupby';
  title: string;
  stringColumns: string[];
  numericColumns: string[];
}

/**
 * An ETL query (issue 16): expressions before, inside and after the group-by, which `GroupbyQuery` cannot state.
 * Each engine's own formulation (SQL text, a Polars plan, a df-stream plan) sits beside the spec in etl-queries.ts,
 * so the three can be read side by side.
 */
export interface EtlQuery {
  id: string;
  kind: 'etl';
  dataset: Dataset;
  title: string;
  /** Output key columns, as the formulations name them. */
  keys: string[];
  /**
   * What is compared across engines: per check, the sum over all result rows of the product of `of` (one column:
   * its total). `t * n` for a rounded key `t` and its count `n` is the sum of round(temp) over the input rows, so a
   * different rounding of ties shows, which the total of `n` alone would not.
   */
  checks: { name: string; of: string[] }[];
  sql: string;
  polars: PolarsFormulation;
  dfStream: DfStreamFormulation;
}

/**
 * A db-benchmark join question: the left table x (the file the runner gives) joined with one of J1's right tables,
 * written per engine as the ETL queries are (join-queries.ts). The result is checked by its row count and totals.
 */
export interface JoinQuery {
  id: string;
  kind: 'join';
  dataset: 'join';
  title: string;
  right: 'small' | 'medium' | 'big';
  /** Columns the saved result is ordered by. */
  keys: string[];
  checks: { name: string; of: string[] }[];
  /** A memory budget for the engines that take one (df-stream's memoryLimit, DuckDB's memory_limit), in bytes. */
  memoryLimit?: number;
  /** `{x}` and `{right}` are the engine's read_csv(...) of the two files. */
  sql: string;
  polars: PolarsJoinFormulation;
  dfStream: DfJoinFormulation;
}

export type Query = GroupbyQuery | ReadQuery | EtlQuery | JoinQuery;

/** Output columns whose totals are compared across engines (keys are not). */
export function measureNames(query: Query): string[] {
  if (query.kind === 'etl' || query.kind === 'join') return query.checks.map((c) => c.name);
  if (query.kind === 'read') {
    return ['rows', ...query.stringColumns.map((c) => `${c}_len`), ...query.numericColumns.map((c) => `${c}_sum`)];
  }
  const names = query.measures.map((m) => m.name);
  if (!query.derived) return names;
  const { left, right, name } = query.derived;
  return [...names.filter((n) => n !== left && n !== right), name];
}

/** The totals compared across engines, each a sum over result rows of the product of `of` (mostly one column). */
export function checkSums(query: Query): { name: string; of: string[] }[] {
  return query.kind === 'etl' || query.kind === 'join' ? query.checks : measureNames(query).map((name) => ({ name, of: [name] }));
}

/** The result's key columns (none for a plain read). */
export function resultKeys(query: Query): string[] {
  return query.kind === 'read' ? [] : query.keys;
}

/** The result's columns other than its keys, in order. */
export function valueColumns(query: Query): string[] {
  if (query.kind !== 'etl' && query.kind !== 'join') return measureNames(query);
  return [...new Set(query.checks.flatMap((c) => c.of))].filter((n) => !query.keys.includes(n));
}

/** The budget a query runs under (group-bys of the budget suite, j5-256mb), if it has one. */
export function memoryLimitOf(query: Query): number | undefined {
  return query.kind === 'groupby' || query.kind === 'join' ? query.memoryLimit : undefined;
}
