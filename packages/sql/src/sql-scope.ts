import type { ExprNode } from '@df-stream/core';
import { closestNames } from './closest-names.js';

/** A column a query can name: by `table.name` or `name`, and what it is called in the plan. */
export interface ScopeColumn {
  /** The table (or alias) it comes from; undefined for the output of a union or of no FROM. */
  readonly table: string | undefined;
  readonly name: string;
  /** Its name in the plan: `name`, or `name_1` where a joined table has a column of the same name. */
  readonly physical: string;
}

export type ColumnRef = { readonly node: ExprNode } | { readonly error: string; readonly hint?: string };

/**
 * The columns visible in a clause of a query: the FROM's tables, joined. A name matches exactly, else ignoring
 * case (DuckDB's names are case-insensitive); a name two tables have must be qualified.
 */
export class SqlScope {
  constructor(readonly columns: readonly ScopeColumn[]) {}

  get tables(): string[] {
    return [...new Set(this.columns.map((c) => c.table).filter((t): t is string => t !== undefined))];
  }

  hasTable(table: string): boolean {
    return this.columns.some((c) => c.table !== undefined && sameName(c.table, table));
  }

  /** The columns `name` (of `table`) may mean, exact matches first. */
  candidates(table: string | undefined, name: string): ScopeColumn[] {
    const ofTable = table === undefined ? this.columns : this.columns.filter((c) => c.table !== undefined && sameName(c.table, table));
    const exact = ofTable.filter((c) => c.name === name);
    const found = exact.length > 0 ? exact : ofTable.filter((c) => sameName(c.name, name));
    // One column seen through two tables (the key of a USING join) is one column.
    return [...new Map(found.map((c) => [c.physical, c])).values()];
  }

  resolve(table: string | undefined, name: string): ColumnRef {
    if (table !== undefined && !this.hasTable(table)) {
      const tables = this.tables;
      return { error: `unknown table '${table}' in ${table}.${name}`, hint: tables.length === 0 ? 'this query has no FROM' : `tables here: ${tables.join(', ')}` };
    }
    const found = this.candidates(table, name);
    if (found.length === 1) return { node: { op: 'col', name: found[0].physical } };
    const written = table === undefined ? name : `${table}.${name}`;
    if (found.length > 1) {
      return { error: `column '${written}' is ambiguous`, hint: `qualify it: ${found.map((c) => `${c.table}.${c.name}`).join(' or ')}` };
    }
    const names = (table === undefined ? this.columns : this.columns.filter((c) => c.table !== undefined && sameName(c.table, table))).map((c) => c.name);
    const close = closestNames(name, names);
    return {
      error: `column '${written}' not found`,
      hint: close.length > 0 ? `did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : `columns: ${[...new Set(names)].join(', ')}`,
    };
  }
}

export function sameName(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}
