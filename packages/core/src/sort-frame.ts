import type { DataFrame } from './data-frame.js';
import type { SortKey } from './sort/sort-spec.js';

export type { SortKey };

/** A frame sorted by `keys` (stable; nulls last whatever the direction, as DuckDB's default): `DataFrame.sort`. */
export function sortFrame(df: DataFrame, keys: readonly SortKey[]): DataFrame {
  return df.sort(
    keys.map((k) => k.column),
    { descending: keys.map((k) => k.descending === true), nullsLast: keys.map((k) => k.nullsLast !== false) },
  );
}
