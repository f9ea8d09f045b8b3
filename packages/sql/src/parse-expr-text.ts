import type { ExprNode } from '@df-stream/core';
import { type ExprSource, exprError } from './expr-error.js';
import { lowerSql } from './lower-sql.js';
import { prepareSql } from './prepare-sql.js';
import { sqlParser } from './sql-parser.js';
import type { SqlToken, SqlTokens } from './sql-tokens.js';

/**
 * The expression is parsed as the WHERE of a query: in that position the grammar's expression rules are the
 * cleanest (as a SELECT column it reads `cast(x as int)::text + 1` as a cast with a dropped tail).
 */
const PREFIX = 'SELECT 1 WHERE ';
export const OPTIONS = { database: 'postgresql', parseOptions: { includeLocations: true } };
const HINT = `expressions are SQL as in DuckDB: 'text' in single quotes, "My Col" for a name with spaces`;

/** What the parts of the statement other than WHERE look like when the text is one expression. */
let baseline: Map<string, string> | undefined;

/** Clauses a text could add to `SELECT 1 WHERE ...`, by the key node-sql-parser gives them. */
const CLAUSES: Readonly<Record<string, string>> = {
  groupby: 'GROUP BY',
  having: 'HAVING',
  orderby: 'ORDER BY',
  limit: 'LIMIT',
  window: 'WINDOW',
  _next: 'UNION',
  set_op: 'UNION',
  into: 'INTO',
  qualify: 'QUALIFY',
};

/** Parses the expression made of `tokenized.tokens` from index `first` on, and lowers it to an `ExprNode`. */
export function parseExprText(source: ExprSource, tokenized: SqlTokens, first: number): ExprNode {
  if (tokenized.unclosed !== undefined) {
    const { kind, start } = tokenized.unclosed;
    const [what, quote] = kind === 'string' ? ['string', "'"] : ['quoted name', '"'];
    throw exprError(source, `syntax error at {column}: unclosed ${what}`, start, `close it with ${quote} (a ${quote} inside is written ${quote}${quote})`);
  }
  const tokens = tokenized.tokens.slice(first);
  if (tokens.length === 0) throw exprError(source, 'syntax error at {column}: an expression is expected', source.text.trimEnd().length, HINT);
  const prepared = prepareSql(source, tokens);
  let statement: Record<string, unknown>;
  try {
    const ast = sqlParser().astify(PREFIX + prepared.sql, OPTIONS);
    statement = (Array.isArray(ast) ? ast[0] : ast) as unknown as Record<string, unknown>;
  } catch (e) {
    const offset = (e as { location?: { start?: { offset?: number } } }).location?.start?.offset;
    if (typeof offset !== 'number') throw e;
    throw syntaxError(source, tokens, prepared.toOriginal(Math.max(0, offset - PREFIX.length)));
  }
  checkStatement(source, tokens, statement);
  const where = statement.where as { type?: string; value?: unknown } | null;
  if (where?.type === 'expr_list' && where.value !== undefined && !('parentheses' in where)) {
    const comma = topLevelComma(tokens);
    throw exprError(source, `syntax error at {column}: unexpected ','`, comma, 'give one expression');
  }
  return lowerSql(where, { source, prepared, tokens, sqlStart: PREFIX.length });
}

export function syntaxError(source: ExprSource, tokens: readonly SqlToken[], offset: number) {
  const token = tokens.find((t) => t.end > offset);
  if (token === undefined) {
    const open = unclosedParen(tokens);
    const hint = open === undefined ? HINT : `the '(' at column ${open.start + 1} is not closed`;
    return exprError(source, 'syntax error at {column}: the expression ends too early', source.text.trimEnd().length, hint);
  }
  const word = token.text.toLowerCase();
  if (word === 'over') return exprError(source, 'not supported: window functions (OVER)', token.start);
  const shown = token.text.length > 20 ? `${token.text.slice(0, 17)}...` : token.text;
  const hint = word === 'as' ? `AS only goes in cast(x AS type); name a column with 'name = expr' where a name is allowed` : HINT;
  return exprError(
    source,
    `syntax error at {column}: unexpected ${token.kind === 'string' ? 'string ' : ''}${token.kind === 'string' ? shown : `'${shown}'`}`,
    token.start,
    hint,
  );
}

/** Refuses clauses after the expression (`x group by y`): anything in the statement a bare expression does not make. */
function checkStatement(source: ExprSource, tokens: readonly SqlToken[], statement: Record<string, unknown>): void {
  baseline ??= new Map(Object.entries(sqlParser().astify(`${PREFIX}x`, OPTIONS) as unknown as Record<string, unknown>).map(([k, v]) => [k, json(v)]));
  const keys = new Set([...Object.keys(statement), ...baseline.keys()]);
  for (const key of keys) {
    if (key === 'where' || key === 'loc' || json(statement[key]) === baseline.get(key)) continue;
    const clause = CLAUSES[key] ?? key.toUpperCase();
    const first = clause.split(' ')[0].toLowerCase();
    const at = tokens.find((t) => t.text.toLowerCase() === first)?.start;
    throw exprError(source, `syntax error at {column}: unexpected ${clause}`, at, HINT);
  }
}

function json(v: unknown): string {
  return JSON.stringify(v, (k, x) => (k === 'loc' ? undefined : x)) ?? 'undefined';
}

function topLevelComma(tokens: readonly SqlToken[]): number | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (t.text === ',' && depth === 0) return t.start;
  }
  return undefined;
}

function unclosedParen(tokens: readonly SqlToken[]): SqlToken | undefined {
  const open: SqlToken[] = [];
  for (const t of tokens) {
    if (t.text === '(') open.push(t);
    else if (t.text === ')') open.pop();
  }
  return open.at(-1);
}
