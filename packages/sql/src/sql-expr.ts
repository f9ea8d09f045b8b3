import { Expr } from '@df-stream/core';
import { parseSqlExpr } from './parse-sql-expr.js';

/**
 * An SQL expression in DuckDB's syntax as an `Expr` (Polars' `sql_expr`): `sqlExpr("qty * price > 100 and city
 * <> 'Oslo'")`. A syntax error or an unsupported construct throws an `SqlError` showing the text with a caret.
 */
export function sqlExpr(text: string): Expr {
  return new Expr(parseSqlExpr(text, 'sqlExpr'));
}
