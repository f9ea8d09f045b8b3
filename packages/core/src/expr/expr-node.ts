import type { AggregateOptions } from '../aggregates/aggregate-function.js';
import type { Value } from '../column.js';
import type { DType } from '../dtype.js';

/**
 * An expression as plain data, so a plan can go to worker threads and cluster tasks as it is: a column, a
 * literal, a call of a registered scalar function (`{ op: 'call', fn: 'add', args: [...] }`), an aggregate (only
 * inside `agg(...)`), or a name given to an expression. `col('a').add(1)` only builds one of these.
 */
export type ExprNode =
  | { readonly op: 'col'; readonly name: string }
  | { readonly op: 'lit'; readonly value: Value; readonly dtype?: DType }
  | { readonly op: 'call'; readonly fn: string; readonly args: readonly ExprNode[] }
  | { readonly op: 'agg'; readonly fn: string; readonly arg: ExprNode | null; readonly options?: AggregateOptions }
  | { readonly op: 'alias'; readonly arg: ExprNode; readonly name: string };

export function colNode(name: string): ExprNode {
  return { op: 'col', name };
}

/** A literal; `dtype` is set when the value alone does not say it (a date's days, a timestamp's micros). */
export function litNode(value: Value, dtype?: DType): ExprNode {
  return dtype === undefined ? { op: 'lit', value } : { op: 'lit', value, dtype };
}

export function callNode(fn: string, ...args: ExprNode[]): ExprNode {
  return { op: 'call', fn, args };
}

/** The columns an expression reads, each once, in first-seen order. */
export function exprColumns(node: ExprNode, out: string[] = []): string[] {
  switch (node.op) {
    case 'col':
      if (!out.includes(node.name)) out.push(node.name);
      break;
    case 'call':
      for (const a of node.args) exprColumns(a, out);
      break;
    case 'agg':
      if (node.arg !== null) exprColumns(node.arg, out);
      break;
    case 'alias':
      exprColumns(node.arg, out);
      break;
  }
  return out;
}

/** True if an aggregate occurs anywhere in the expression. */
export function hasAgg(node: ExprNode): boolean {
  switch (node.op) {
    case 'agg':
      return true;
    case 'call':
      return node.args.some(hasAgg);
    case 'alias':
      return hasAgg(node.arg);
    default:
      return false;
  }
}

/** The expression without its outer names. */
export function unalias(node: ExprNode): ExprNode {
  return node.op === 'alias' ? unalias(node.arg) : node;
}

/**
 * The name of the column an expression makes: its alias, else the column it reads when it is a bare column,
 * else its text (DuckDB names an unnamed expression by its text).
 */
export function outputName(node: ExprNode, text: (n: ExprNode) => string): string {
  if (node.op === 'alias') return node.name;
  if (node.op === 'col') return node.name;
  return text(node);
}

/** The dtype a literal value has on its own. */
export function literalDType(value: Value): DType | 'null' {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'utf8';
  if (typeof value === 'bigint') return 'int64';
  return Number.isInteger(value) ? 'int64' : 'float64';
}
