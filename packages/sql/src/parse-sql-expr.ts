import type { ExprNode } from '@df-stream/core';
import { parseExprText } from './parse-expr-text.js';
import { tokenizeSql } from './sql-tokens.js';

/**
 * An SQL expression in DuckDB's syntax (`v1 > v2 and id1 <> 'id001'`, `max(v1) - min(v2)`) as an `ExprNode`.
 * `flag` names where it came from in errors: a syntax error is an `SqlError` whose message shows the
 * expression with a caret under the position (exit 2).
 */
export function parseSqlExpr(text: string, flag: string): ExprNode {
  return parseExprText({ flag, text }, tokenizeSql(text), 0);
}
