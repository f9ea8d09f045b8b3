/** What a benchmark query computes, independent of engine; each engine translates it to its own API. */

export type AggFn = 'sum' | 'mean' | 'min' | 'max' | 'count';

export interface Measure {
  /** Output column name, the same in every engine so results can be compared by name. */
  name: string;
  column: string;
  /** `count` counts the group's rows (SQL count(*)), not non-null values. */
  fn: AggFn;
}

/** Which generated file a query reads. */
export type Dataset = 'groupby' | 'cities';

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

export type Query = GroupbyQuery | ReadQuery;

/** Output columns whose totals are compared across engines (keys are not). */
export function measureNames(query: Query): string[] {
  if (query.kind === 'read') {
    return ['rows', ...query.stringColumns.map((c) => `${c}_len`), ...query.numericColumns.map((c) => `${c}_sum`)];
  }
  const names = query.measures.map((m) => m.name);
  if (!query.derived) return names;
  const { left, right, name } = query.derived;
  return [...names.filter((n) => n !== left && n !== right), name];
}
