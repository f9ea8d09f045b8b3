import type { ExprNode } from '../expr/expr-node.js';

/**
 * One step of a plan over a source, as plain data: worker threads and cluster tasks receive the steps as they
 * are (validated once at the boundary) and rebuild the same plan. `with_columns` and `select` name every output
 * (an `alias` node, or a bare column).
 */
export type PlanOp =
  | { readonly kind: 'filter'; readonly predicate: ExprNode }
  | { readonly kind: 'with_columns'; readonly exprs: readonly ExprNode[] }
  | { readonly kind: 'select'; readonly exprs: readonly ExprNode[] }
  | { readonly kind: 'rename'; readonly mapping: readonly (readonly [string, string])[] }
  | { readonly kind: 'drop'; readonly columns: readonly string[] }
  | { readonly kind: 'limit'; readonly n: number };
