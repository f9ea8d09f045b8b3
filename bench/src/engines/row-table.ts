import fs from 'node:fs';
import { checkSums, type Query, resultKeys, valueColumns } from '../queries/query-spec.js';

export type Row = Record<string, unknown>;

/**
 * Row count and per-measure totals of a result held as row objects (the JS engines' results), applying q7's
 * derived column the same way SQL and Polars compute it.
 */
export function totalsOfRows(query: Query, rows: Row[]): { rows: number; totals: Record<string, number> } {
  return totalsOfColumns(query, (name) => rows.map((row) => row[name]), rows.length);
}

/** `totalsOfRows` for a result held as columns: `column(name)` gives a measure's values, one per row. */
export function totalsOfColumns(query: Query, column: (name: string) => ArrayLike<unknown>, rowCount: number): { rows: number; totals: Record<string, number> } {
  const values = new Map<string, ArrayLike<unknown>>();
  const get = (name: string): ArrayLike<unknown> => {
    let v = values.get(name);
    if (v === undefined) values.set(name, (v = column(name)));
    return v;
  };
  if (query.kind === 'groupby' && query.derived) {
    const { name, left, right } = query.derived;
    const l = get(left);
    const r = get(right);
    values.set(
      name,
      Array.from({ length: rowCount }, (_, i) => Number(l[i]) - Number(r[i])),
    );
  }
  const totals: Record<string, number> = {};
  for (const { name, of } of checkSums(query)) {
    totals[name] = of.length === 1 ? total(get(of[0]), rowCount) : productTotal(of.map(get), rowCount);
  }
  return { rows: rowCount, totals };
}

function total(v: ArrayLike<unknown>, rowCount: number): number {
  let sum = 0;
  for (let i = 0; i < rowCount; i++) {
    const value = v[i];
    if (value !== null && value !== undefined && value !== '') sum += Number(value);
  }
  return sum;
}

/** The total of a product of columns; a row with a null factor adds nothing, as SQL's sum skips a null product. */
function productTotal(factors: ArrayLike<unknown>[], rowCount: number): number {
  let sum = 0;
  rows: for (let i = 0; i < rowCount; i++) {
    let product = 1;
    for (const v of factors) {
      const value = v[i];
      if (value === null || value === undefined || value === '') continue rows;
      product *= Number(value);
    }
    sum += product;
  }
  return sum;
}

/** Writes rows as CSV sorted by the query's keys, for a human (or diff) to compare engines row by row. */
export function writeRowsCsv(path: string, query: Query, rows: Row[]): void {
  const keys = resultKeys(query);
  const columns = [...keys, ...valueColumns(query)];
  const sorted = [...rows].sort((a, b) => {
    for (const key of keys) {
      const x = a[key];
      const y = b[key];
      if (x === y) continue;
      if (x === null || x === undefined) return -1;
      if (y === null || y === undefined) return 1;
      return (x as number | string) < (y as number | string) ? -1 : 1;
    }
    return 0;
  });
  const lines = [columns.join(',')];
  for (const row of sorted) lines.push(columns.map((c) => csvField(row[c])).join(','));
  fs.writeFileSync(path, `${lines.join('\n')}\n`);
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
