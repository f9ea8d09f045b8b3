import { createRequire } from 'node:module';
import type { Parser } from 'node-sql-parser/build/postgresql.js';

let parser: Parser | undefined;

/**
 * node-sql-parser's PostgreSQL grammar (the closest of its grammars to DuckDB's), loaded on first use: the CLI
 * pays for its 300 kB only when an expression is given.
 */
export function sqlParser(): Parser {
  if (parser === undefined) {
    const { Parser } = createRequire(import.meta.url)('node-sql-parser/build/postgresql.js') as typeof import('node-sql-parser/build/postgresql.js');
    parser = new Parser();
  }
  return parser;
}
