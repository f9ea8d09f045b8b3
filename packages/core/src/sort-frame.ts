import type { Value } from './column.js';
import { DataFrame } from './data-frame.js';
import type { DType } from './dtype.js';

export interface SortKey {
  readonly column: string;
  readonly descending?: boolean;
}

/** A frame sorted by `keys` (stable; nulls last whatever the direction, as DuckDB's default). */
export function sortFrame(df: DataFrame, keys: readonly SortKey[]): DataFrame {
  const keyValues = keys.map((k) => df.column(k.column).toArray());
  const order = Array.from({ length: df.numRows }, (_, i) => i);
  order.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const c = compareValues(keyValues[k][a], keyValues[k][b], keys[k].descending === true);
      if (c !== 0) return c;
    }
    return a - b;
  });
  const columns: Record<string, Value[]> = {};
  const dtypes: Record<string, DType> = {};
  for (const f of df.schema.fields) {
    const values = df.column(f.name).toArray();
    columns[f.name] = order.map((i) => values[i]);
    dtypes[f.name] = f.dtype;
  }
  return DataFrame.fromColumns(columns, { dtypes });
}

function compareValues(a: Value, b: Value, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  let c: number;
  if (typeof a === 'string' || typeof b === 'string') c = String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  else if (a < b) c = -1;
  else if (a > b) c = 1;
  else if (a === b) c = 0;
  else c = Number.isNaN(Number(a)) ? (Number.isNaN(Number(b)) ? 0 : 1) : -1; // NaN sorts above numbers
  return descending ? -c : c;
}
