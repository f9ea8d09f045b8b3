import { type ExprSource, exprError } from './expr-error.js';
import { OPTIONS, syntaxError } from './parse-expr-text.js';
import { type PreparedSql, prepareSql } from './prepare-sql.js';
import { SqlError } from './sql-error.js';
import { sqlParser } from './sql-parser.js';
import { type SqlToken, tokenizeSql } from './sql-tokens.js';

/** A statement as node-sql-parser's tree, with what lowering needs to decode its names and place its errors. */
export interface ParsedQuery {
  readonly statement: Record<string, unknown>;
  readonly source: ExprSource;
  readonly prepared: PreparedSql;
  readonly tokens: readonly SqlToken[];
}

/**
 * Parses one SQL statement in DuckDB's dialect (through the same rewrite as expressions, see `prepareSql`): a
 * syntax error is an `SqlError` with the query and a caret under the spot, thrown here, before anything is read.
 */
export function parseQuery(text: string): ParsedQuery {
  const source = { flag: 'sql', text };
  const tokenized = tokenizeSql(text);
  if (tokenized.unclosed !== undefined) {
    const { kind, start } = tokenized.unclosed;
    const [what, quote] = kind === 'string' ? ['string', "'"] : ['quoted name', '"'];
    throw syntaxAt(source, `unclosed ${what}`, start, `close it with ${quote} (a ${quote} inside is written ${quote}${quote})`);
  }
  const tokens = [...tokenized.tokens];
  while (tokens.at(-1)?.text === ';') tokens.pop();
  if (tokens.length === 0) throw new SqlError('sql: an empty query', "e.g. SELECT city, count(*) FROM 'data.csv' GROUP BY city");
  const semicolon = tokens.find((t) => t.text === ';');
  if (semicolon !== undefined) throw syntaxAt(source, 'several statements', semicolon.start, 'give one query');
  const prepared = prepareSql(source, tokens, true);
  let ast: unknown;
  try {
    ast = sqlParser().astify(prepared.sql, OPTIONS);
  } catch (e) {
    const offset = (e as { location?: { start?: { offset?: number } } }).location?.start?.offset;
    if (typeof offset !== 'number') throw e;
    throw syntaxError(source, tokens, prepared.toOriginal(offset));
  }
  const statement = (Array.isArray(ast) ? ast[0] : ast) as Record<string, unknown>;
  if (statement.type !== 'select') {
    throw new SqlError(`sql: not supported: ${String(statement.type).toUpperCase()} statements`, 'df-stream runs queries (SELECT); write results with -o or sink()');
  }
  return { statement, source, prepared, tokens };
}

function syntaxAt(source: ExprSource, what: string, offset: number, hint: string): Error {
  return exprError(source, `syntax error at {column}: ${what}`, offset, hint);
}
