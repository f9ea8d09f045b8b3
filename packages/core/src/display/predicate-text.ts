import type { Value } from '../column.js';
import type { Predicate } from '../expr.js';

/** A predicate as SQL-like text for plans: `temp > 20 AND city IN ('Oslo', 'Lima')`. */
export function predicateText(p: Predicate): string {
  switch (p.op) {
    case 'and':
    case 'or':
      return p.args.map((a) => (a.op === 'and' || a.op === 'or' ? `(${predicateText(a)})` : predicateText(a))).join(` ${p.op.toUpperCase()} `);
    case 'not':
      return `NOT (${predicateText(p.arg)})`;
    case 'in':
      return `${p.column} IN (${p.values.map(valueText).join(', ')})`;
    case 'is_null':
      return `${p.column} IS NULL`;
    case 'is_not_null':
      return `${p.column} IS NOT NULL`;
    default:
      return `${p.column} ${p.op} ${valueText(p.value)}`;
  }
}

function valueText(v: Value): string {
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  return v === null ? 'NULL' : String(v);
}
