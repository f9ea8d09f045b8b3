import { type DType, supertype } from '../dtype.js';
import { DfError } from '../errors/df-error.js';
import { listNames } from '../quote-name.js';
import { type Field, Schema } from '../schema.js';

/** How inputs with different columns combine: `vertical` wants the same names (any order); `diagonal` takes the union. */
export type ConcatHow = 'vertical' | 'diagonal';

/** The schema several inputs are read as, one after another, and what had to be decided to get it. */
export interface UnionSchema {
  readonly schema: Schema;
  /** One line per column that is missing in some inputs or whose dtype was widened (what `schema` shows the user). */
  readonly notes: readonly string[];
}

export interface UnionOptions {
  readonly how: ConcatHow;
  /** What to pass for `diagonal` (`unionByName: true`, `how: 'diagonal'`): the hint of the error `vertical` gives. */
  readonly diagonalHint: string;
}

/**
 * Columns by name (the first input's order, then new names as they appear), each in the supertype of its dtypes
 * (ints widen, int with float is float64, anything else mixed is utf8: Polars' `diagonal_relaxed`, DuckDB's
 * `union_by_name`). `vertical` refuses inputs whose column names differ, naming the first that does.
 */
export function unionSchema(schemas: readonly Schema[], labels: readonly string[], options: UnionOptions): UnionSchema {
  if (schemas.length === 0) return { schema: new Schema([]), notes: [] };
  const first = schemas[0];
  if (options.how === 'vertical') {
    for (let i = 1; i < schemas.length; i++) {
      const missing = first.names.filter((n) => !schemas[i].has(n));
      const extra = schemas[i].names.filter((n) => !first.has(n));
      if (missing.length === 0 && extra.length === 0) continue;
      const diff = [extra.length > 0 ? `has ${listNames(extra)} not in ${labels[0]}` : '', missing.length > 0 ? `lacks ${listNames(missing)}` : '']
        .filter((s) => s !== '')
        .join(' and ');
      throw new DfError('usage', `${labels[i]} ${diff}`, { hint: options.diagonalHint, where: { file: labels[i] } });
    }
  }
  const order: string[] = [];
  const dtypes = new Map<string, DType[]>();
  const seenIn = new Map<string, number[]>();
  schemas.forEach((s, i) => {
    for (const f of s.fields) {
      if (!dtypes.has(f.name)) {
        order.push(f.name);
        dtypes.set(f.name, []);
        seenIn.set(f.name, []);
      }
      dtypes.get(f.name)?.push(f.dtype);
      seenIn.get(f.name)?.push(i);
    }
  });
  const notes: string[] = [];
  const fields: Field[] = order.map((name) => {
    const types = dtypes.get(name) ?? [];
    const dtype = types.reduce((a, b) => supertype(a, b));
    const present = seenIn.get(name) ?? [];
    if (present.length < schemas.length) {
      const absent = labels.filter((_, i) => !present.includes(i));
      notes.push(`${name}: missing in ${absent.length} of ${schemas.length} inputs (null there), e.g. ${absent[0]}`);
    }
    const distinct = [...new Set(types)];
    if (distinct.length > 1) {
      const where = distinct.map((d) => `${d} in ${labels[present[types.indexOf(d)]]}`).join(', ');
      notes.push(`${name}: ${where}: read as ${dtype}`);
    }
    return { name, dtype };
  });
  return { schema: new Schema(fields), notes };
}
