import type { Expr } from '../expr/expr.js';
import type { ExprNode } from '../expr/expr-node.js';

/** What `select` and `withColumns` take: column names, or expressions (named by `.as()`, else by their text). */
export type ColumnInput = string | Expr | readonly (string | Expr)[];

/** Expressions from names and `Expr`s. */
export function columnNodes(inputs: readonly ColumnInput[]): ExprNode[] {
  return inputs.flat().map((x) => (typeof x === 'string' ? { op: 'col', name: x } : x.node));
}
