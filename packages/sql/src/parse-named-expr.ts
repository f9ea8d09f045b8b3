import type { ExprNode } from '@df-stream/core';
import { exprError } from './expr-error.js';
import { parseExprText } from './parse-expr-text.js';
import { tokenizeSql } from './sql-tokens.js';

/**
 * `name = expr` (for --with, --by, --agg): the name is a word or a "quoted name" followed by a single `=` (not
 * `==`, `<=`, `>=`, `!=`). So `x = a == b` names x after `a == b`, `a = b` names a after column b, while
 * `a >= 1` and `a == b` have no name (`name` is undefined; the caller names the column or refuses).
 */
export function parseNamedExpr(text: string, flag: string): { name?: string; expr: ExprNode } {
  const source = { flag, text };
  const tokenized = tokenizeSql(text);
  const [first, second] = tokenized.tokens;
  const named = (first?.kind === 'word' || first?.kind === 'ident') && second?.text === '=';
  if (!named) return { expr: parseExprText(source, tokenized, 0) };
  if (first.value === '') throw exprError(source, 'an empty name', first.start, 'write "name" = expr');
  return { name: first.value, expr: parseExprText(source, tokenized, 2) };
}
