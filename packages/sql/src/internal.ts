// What the CLI needs and users do not: the expression parsers behind its flags (`--with 'x = a * b'`, `--filter`,
// `--by a, b`). Published as `@df-stream/sql/internal`; no compatibility promise.
export { parseNamedExpr } from './parse-named-expr.js';
export { parseSqlExpr } from './parse-sql-expr.js';
export { splitTopLevel } from './split-top-level.js';
export { SQL_AGGREGATES } from './sql-aggregates.js';
