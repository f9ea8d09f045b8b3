// SQL front end of df-stream: queries (`sql`) and expressions (`sqlExpr`) lowered to the same plans as the method
// API. Re-exported by the `df-stream` package.
export { SqlError } from './sql-error.js';
export { sqlExpr } from './sql-expr.js';
export { type SqlOptions, sql } from './sql-query.js';
