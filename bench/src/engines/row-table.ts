import fs from 'node:fs';
import { measureNames, type Query } from '../queries/query-spec.js';

export type Row = Record<string, unknown>;

/**
 * Row count and per-measure totals of a result held as row objects (the JS engines' results), applying q7's
 * derived column the same way SQL and Polars compute it.
 */
export function totalsOfRows(query: Query, rows: Row[]): { rows: number; totals: Record<string, number> } {
  if (query.kind === 'groupby' && query.derived) {
    const { name, left, right } = query.derived;
    for (const row of rows) row[name] = Number(row[left]) - Number(row[right]);
  }
  const totals: Record<string, number> = {};
  for (const name of measureNames(query)) {
    let sum = 0;
    for (const row of rows) {
      const value = row[name];
      if (value !== null && value !== undefined && value !== '') sum += Number(value);
    }
    totals[name] = sum;
  }
  return { rows: rows.length, totals };
}

/** Writes rows as CSV sorted by the query's keys, for a human (or diff) to compare engines row by row. */
export function writeRowsCsv(path: string, query: Query, rows: Row[]): void {
  const keys = query.kind === 'groupby' ? query.keys : [];
  const columns = [...keys, ...measureNames(query)];
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
