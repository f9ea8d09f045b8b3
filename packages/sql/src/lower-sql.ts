import { DfError, type ExprNode, getScalarFunction, hasScalarFunction, scalarFunctionNames, type Value } from '@df-stream/core';
import { closestNames } from './closest-names.js';
import { type ExprSource, exprError } from './expr-error.js';
import { PLACEHOLDER, type PreparedSql } from './prepare-sql.js';
import { SQL_AGGREGATES } from './sql-aggregates.js';
import type { SqlToken } from './sql-tokens.js';
import { SQL_TYPES } from './sql-types.js';

/** What lowering needs besides the tree: the expression (for errors), the rewrite's tables, the tokens. */
export interface LowerContext {
  readonly source: ExprSource;
  readonly prepared: PreparedSql;
  readonly tokens: readonly SqlToken[];
  /** Where the expression starts in the text given to the parser (after `SELECT 1 WHERE `). */
  readonly sqlStart: number;
  /**
   * What a column name means in a query (`t.a`, `a` over joined tables): the column of the plan, or why none. An
   * expression on its own (a CLI flag) has none: a name is the column of that name.
   */
  readonly columnRef?: (table: string | undefined, name: string) => { readonly node: ExprNode } | { readonly error: string; readonly hint?: string };
}

/** A node of node-sql-parser's tree, read defensively: a key this file does not know is an error, never ignored. */
export interface AstNode {
  readonly type?: unknown;
  readonly [key: string]: unknown;
}

const COMPARISONS: Readonly<Record<string, string>> = { '=': 'eq', '<>': 'neq', '!=': 'neq', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
/** Registry names of the operators whose chains are rebuilt by binding strength. */
const CHAIN_FUNCTIONS: Readonly<Record<string, string>> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'mod', AND: 'and', OR: 'or' };

// Binding strength within a chain of operators (higher binds tighter), as in PostgreSQL and DuckDB. The
// grammar gets AND against OR and `||` against `+` and `*` wrong, so chains are rebuilt with these.
const LOGIC_LEVELS: Readonly<Record<string, number>> = { AND: 2, OR: 1 };
const ARITHMETIC_LEVELS: Readonly<Record<string, number>> = { '*': 3, '/': 3, '%': 3, '+': 2, '-': 2, '||': 1 };

/** Keys each node type may carry (besides `type`, `loc` and `parentheses`); any other non-empty key is refused. */
const KEYS: Readonly<Record<string, readonly string[]>> = {
  binary_expr: ['operator', 'left', 'right'],
  unary_expr: ['operator', 'expr'],
  column_ref: ['table', 'column'],
  number: ['value'],
  bigint: ['value'],
  single_quote_string: ['value'],
  bool: ['value'],
  null: ['value'],
  date: ['value'],
  timestamp: ['value'],
  datetime: ['value'],
  function: ['name', 'args'],
  aggr_func: ['name', 'args'],
  case: ['expr', 'args'],
  cast: ['keyword', 'expr', 'symbol', 'target'],
  extract: ['args'],
};

/** What an unexpected key means, for the error (and the word to put the caret on). */
const KEY_MEANING: Readonly<Record<string, readonly [string, string]>> = {
  over: ['window functions (OVER)', 'over'],
  filter: ['FILTER (WHERE ...) on an aggregate', 'filter'],
  within_group_orderby: ['WITHIN GROUP', 'within'],
  orderby: ['ORDER BY inside an aggregate', 'order'],
  separator: ['this syntax inside a function call', ''],
  array_index: ['indexing with [...]', '['],
  jsonb: ['JSON operators', '->'],
  collate: ['COLLATE', 'collate'],
  escape: ['LIKE ... ESCAPE', 'escape'],
  array: ['array types', '['],
  schema: ['qualified names (a.b.c)', '.'],
};

/** Registry names the operators lower to: not worth listing as functions in a hint (`mod` is DuckDB's too). */
const OPERATOR_FUNCTIONS = new Set([
  ...Object.values(COMPARISONS),
  ...Object.values(CHAIN_FUNCTIONS),
  'negate',
  'not',
  'is_null',
  'is_not_null',
  'is_in',
  'like',
  'ilike',
  'case_when',
  'cast',
]);
OPERATOR_FUNCTIONS.delete('mod');

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** Lowers the parsed expression (the `where` of `SELECT 1 WHERE <expr>`) to an `ExprNode`. */
export function lowerSql(tree: unknown, ctx: LowerContext): ExprNode {
  return new Lowering(ctx).lower(asNode(tree));
}

/** An error about the text at a node (its location), a word of the text, or an offset: for the clauses of a query. */
export function sqlErrorAt(ctx: LowerContext, headline: string, at: AstNode | string | number | undefined, hint?: string): Error {
  return new Lowering(ctx).errorAt(headline, at, hint);
}

/** The table of a column reference (`t.a`, `t.*`): the grammar gives a name, or a node holding one. */
export function tableName(ctx: LowerContext, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return nameOf(ctx, typeof value === 'object' ? (value as AstNode).value : value);
}

/** A name as written: a plain word, or the text of a "quoted name" (which the rewrite holds as a placeholder). */
export function nameOf(ctx: LowerContext, value: unknown): string {
  const text = String(value);
  if (text.startsWith(PLACEHOLDER.ident) && /^.\d+$/u.test(text)) return ctx.prepared.idents[Number(text.slice(1))];
  return text;
}

class Lowering {
  /** Inside an aggregate's argument, where another aggregate is an error. */
  private inAggregate = false;

  constructor(private readonly ctx: LowerContext) {}

  lower(n: AstNode): ExprNode {
    if ('ast' in n) this.fail('not supported: subqueries', 'select');
    const type = String(n.type);
    const keys = KEYS[type];
    if (keys === undefined) return this.unsupportedNode(n, type);
    this.checkKeys(n, keys);
    switch (type) {
      case 'binary_expr':
        return this.binaryExpr(n);
      case 'unary_expr':
        return this.unaryExpr(n);
      case 'column_ref':
        return this.column(n);
      case 'number':
      case 'bigint':
        return lit(numberValue(n.value, false));
      case 'single_quote_string':
        return lit(this.stringOrBigint(n.value, false));
      case 'bool':
        return lit(n.value === true);
      case 'null':
        return lit(null);
      case 'date':
        return call('cast', lit(this.text(n.value)), lit('date'));
      case 'timestamp':
      case 'datetime':
        return call('cast', lit(this.text(n.value)), lit('timestamp'));
      case 'function':
        return this.functionCall(n);
      case 'aggr_func':
        return this.aggrFunc(n);
      case 'case':
        return this.caseWhen(n);
      case 'cast':
        return this.cast(n);
      case 'extract':
        return this.extract(n);
      default:
        return this.unsupportedNode(n, type);
    }
  }

  private unsupportedNode(n: AstNode, type: string): never {
    switch (type) {
      case 'expr_list':
        return this.fail('not supported: a list (a, b) outside IN (...)', n, 'give one expression');
      case 'star':
        return this.fail("not supported: '*' outside count(*)", '*');
      case 'interval':
        return this.fail('not supported: intervals', 'interval');
      case 'var':
        return this.fail('not supported: parameters and variables ($1, @x)', undefined);
      case 'default':
        if (/^e'/i.test(String(n.value))) return this.fail("not supported: E'...' strings", 'e', "write the characters themselves: '...' has no backslash escapes");
        return this.fail('not supported: this syntax', n);
      case 'origin':
        return this.fail(`not supported: '${String(n.value)}' here`, String(n.value).toLowerCase());
      default:
        return this.fail(`not supported: this syntax (${type})`, n);
    }
  }

  private binaryExpr(n: AstNode): ExprNode {
    const op = String(n.operator).toUpperCase();
    if (LOGIC_LEVELS[op] !== undefined) return this.chain(n, LOGIC_LEVELS);
    if (ARITHMETIC_LEVELS[op] !== undefined) return this.chain(n, ARITHMETIC_LEVELS);
    const left = () => this.lower(asNode(n.left));
    const right = asNode(n.right);
    const negated = op.startsWith('NOT ');
    const maybeNot = (e: ExprNode) => (negated ? call('not', e) : e);
    if (COMPARISONS[op] !== undefined) return call(COMPARISONS[op], left(), this.lower(right));
    switch (op) {
      case 'IN':
      case 'NOT IN': {
        const values = this.list(right, n);
        for (const v of values) if ('ast' in v) this.fail('not supported: subqueries', 'select');
        return maybeNot(call('is_in', left(), ...values.map((v) => this.lower(v))));
      }
      case 'BETWEEN':
      case 'NOT BETWEEN': {
        const [lo, hi] = this.list(right, n);
        const x = left();
        return maybeNot(call('and', call('ge', x, this.lower(lo)), call('le', x, this.lower(hi))));
      }
      case 'LIKE':
      case 'NOT LIKE':
        return maybeNot(call('like', left(), this.lower(right)));
      case 'ILIKE':
      case 'NOT ILIKE':
        return maybeNot(call('ilike', left(), this.lower(right)));
      case 'IS':
      case 'IS NOT':
        return this.isTest(n, left(), right, negated || op === 'IS NOT');
      default: {
        const hint = String(n.operator).includes('~') ? `use regexp_matches(x, 'pattern')` : undefined;
        return this.fail(`not supported: the operator '${String(n.operator)}'`, this.tokenAt(String(n.operator).toLowerCase(), n) ?? n, hint);
      }
    }
  }

  /** `x IS [NOT] NULL | TRUE | FALSE`; IS TRUE is false (never null) where x is null, as in SQL. */
  private isTest(n: AstNode, x: ExprNode, right: AstNode, not: boolean): ExprNode {
    if (right.type === 'null') return call(not ? 'is_not_null' : 'is_null', x);
    if (right.type === 'bool') {
      const want = right.value === true;
      // x IS TRUE = coalesce(x, false); x IS NOT TRUE = coalesce(not x, true); likewise for FALSE.
      const test = want !== not ? x : call('not', x);
      return call('coalesce', test, lit(not));
    }
    return this.fail('not supported: IS other than IS [NOT] NULL, TRUE or FALSE', n, 'write x = y, or x IS NULL');
  }

  /**
   * A run of operators of one family (AND/OR, or + - * / % ||) not broken by parentheses, taken in source order
   * and rebuilt with the right binding strengths (left to right within a strength).
   */
  private chain(root: AstNode, levels: Readonly<Record<string, number>>): ExprNode {
    const operands: AstNode[] = [];
    const ops: AstNode[] = [];
    const flatten = (x: AstNode, top: boolean): void => {
      const op = String(x.operator).toUpperCase();
      if (x.type === 'binary_expr' && levels[op] !== undefined && (top || x.parentheses !== true)) {
        this.checkKeys(x, KEYS.binary_expr);
        flatten(asNode(x.left), false);
        ops.push(x);
        flatten(asNode(x.right), false);
      } else {
        operands.push(x);
      }
    };
    flatten(root, true);
    const out: ExprNode[] = [this.lower(operands[0])];
    const pending: AstNode[] = [];
    const level = (x: AstNode) => levels[String(x.operator).toUpperCase()];
    const reduce = () => {
      const op = pending.pop() as AstNode;
      const right = out.pop() as ExprNode;
      const left = out.pop() as ExprNode;
      out.push(this.chainCall(op, left, right));
    };
    ops.forEach((op, k) => {
      while (pending.length > 0 && level(pending[pending.length - 1]) >= level(op)) reduce();
      pending.push(op);
      out.push(this.lower(operands[k + 1]));
    });
    while (pending.length > 0) reduce();
    return out[0];
  }

  private chainCall(opNode: AstNode, left: ExprNode, right: ExprNode): ExprNode {
    const op = String(opNode.operator).toUpperCase();
    if (op === '||') {
      if (!hasScalarFunction('concat')) return this.fail("not supported: the operator '||'", this.tokenAt('||', opNode) ?? opNode);
      return call(getScalarFunction('concat').name, left, right);
    }
    return call(CHAIN_FUNCTIONS[op], left, right);
  }

  private unaryExpr(n: AstNode): ExprNode {
    const op = String(n.operator).toUpperCase();
    const operand = asNode(n.expr);
    if (op === 'NOT' || op === '!') return call('not', this.lower(operand));
    if (op === '+') return this.lower(operand);
    if (op === '-') {
      // A negative literal stays a literal (exact for integers beyond 2^53).
      if (operand.type === 'number' || operand.type === 'bigint') return lit(numberValue(operand.value, true));
      if (operand.type === 'single_quote_string' && this.placeholder(operand.value)?.kind === 'bigint') return lit(this.stringOrBigint(operand.value, true));
      return call('negate', this.lower(operand));
    }
    if (op.includes('EXISTS')) return this.fail('not supported: subqueries', 'exists');
    return this.fail(`not supported: the operator '${String(n.operator)}'`, n);
  }

  private column(n: AstNode): ExprNode {
    if (n.column === '*') return this.fail("not supported: '*' outside count(*)", '*');
    const column = asNode(asNode(n.column).expr);
    if (column.type !== 'default' && column.type !== 'double_quote_string')
      return this.fail('not supported: this kind of name', '`', 'quote a name with "double quotes"');
    const name = column.type === 'default' ? nameOf(this.ctx, column.value) : this.ident(column);
    const table = tableName(this.ctx, n.table);
    if (this.ctx.columnRef !== undefined) {
      const ref = this.ctx.columnRef(table, name);
      return 'node' in ref ? ref.node : this.fail(ref.error, n, ref.hint);
    }
    if (table !== undefined) {
      return this.fail(`not supported: qualified names (${table}.${name})`, '.', `write "${table}.${name}" if that is the column's name`);
    }
    return { op: 'col', name };
  }

  private functionCall(n: AstNode): ExprNode {
    const parts = (asNode(n.name).name ?? []) as AstNode[];
    if (parts.length !== 1) return this.fail('not supported: qualified function names', n);
    const part = asNode(parts[0]);
    const written = part.type === 'double_quote_string' ? this.ident(part) : String(part.value);
    const name = written.toLowerCase();
    const args = n.args === undefined || n.args === null ? [] : this.list(asNode(n.args), n);
    for (const a of args) {
      if ('ast' in a) return this.fail('not supported: subqueries', 'select');
      if (a.type === 'origin') return this.fail(`not supported: '${String(a.value)}' inside ${name}()`, n, `write ${name}(x, ...) with commas`);
    }
    if (SQL_AGGREGATES[name] !== undefined || name === 'count') return this.aggregate(n, name, args, false);
    if (!hasScalarFunction(name)) return this.unknownFunction(written, n);
    const fn = getScalarFunction(name);
    const [fewest, most] = fn.arity;
    if (args.length < fewest || args.length > most) {
      const takes = fewest === most ? `${fewest}` : most === Number.POSITIVE_INFINITY ? `at least ${fewest}` : `${fewest} to ${most}`;
      return this.fail(`${name}() takes ${takes} argument${takes === '1' ? '' : 's'}, got ${args.length}`, n);
    }
    return { op: 'call', fn: fn.name, args: args.map((a) => this.lower(a)) };
  }

  /** The closest names as the hint, or all of them when none is close. */
  private unknownFunction(written: string, at: AstNode | string): never {
    const known = [...scalarFunctionNames().filter((f) => !OPERATOR_FUNCTIONS.has(f)), ...Object.keys(SQL_AGGREGATES), 'count'];
    const close = closestNames(written, known);
    const hint = close.length > 0 ? `did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : `functions: ${[...new Set(known)].sort().join(', ')}`;
    return this.fail(`unknown function '${written}'`, at, hint);
  }

  /** COUNT, SUM, MIN, MAX, AVG and a few more are their own node type in the grammar. */
  private aggrFunc(n: AstNode): ExprNode {
    const name = String(n.name).toLowerCase();
    const args = asNode(n.args);
    this.checkKeys(args, ['expr', 'distinct', 'orderby', 'separator']);
    const expr = asNode(args.expr);
    const distinct = !isEmpty(args.distinct);
    // count(*) has a star for its argument; mode() an empty object.
    if (expr.type === 'star' || Object.keys(expr).length === 0) return this.aggregate(n, name, [], distinct);
    return this.aggregate(n, name, [expr], distinct);
  }

  private aggregate(node: AstNode, name: string, args: readonly AstNode[], distinct: boolean): ExprNode {
    // COUNT, SUM... (aggr_func) have no location: point at the name.
    const n = node.loc === undefined ? name : node;
    const fn = name === 'count' ? 'count' : SQL_AGGREGATES[name];
    if (fn === undefined) return this.unknownFunction(name, n);
    if (this.inAggregate) return this.fail(`not supported: an aggregate inside an aggregate (${name}(...))`, n);
    if (distinct && name !== 'count') return this.fail(`not supported: ${name}(DISTINCT ...)`, 'distinct');
    const wanted = fn === 'quantile' ? 2 : 1;
    if (name === 'count' && args.length === 0) return { op: 'agg', fn: 'count', arg: null };
    if (args.length !== wanted) return this.fail(`${name}() takes ${wanted} argument${wanted === 1 ? '' : 's'}, got ${args.length}`, n);
    this.inAggregate = true;
    const arg = this.lower(args[0]);
    this.inAggregate = false;
    if (name === 'count') return { op: 'agg', fn: distinct ? 'n_unique' : 'count_non_null', arg };
    if (fn !== 'quantile') return { op: 'agg', fn, arg };
    const q = this.lower(args[1]);
    if (q.op !== 'lit' || typeof q.value !== 'number' || !(q.value >= 0 && q.value <= 1)) {
      return this.fail(`${name}() needs a constant quantile between 0 and 1 as its second argument`, n, `e.g. ${name}(x, 0.9)`);
    }
    return { op: 'agg', fn, arg, options: { q: q.value } };
  }

  /** `case when c then v ... else e end` is case_when(c, v, ..., e); `case x when a ...` compares x with each a. */
  private caseWhen(n: AstNode): ExprNode {
    const subject = n.expr === null || n.expr === undefined ? undefined : this.lower(asNode(n.expr));
    const args: ExprNode[] = [];
    for (const branch of (n.args ?? []) as AstNode[]) {
      const b = asNode(branch);
      if (b.type === 'when') {
        const cond = this.lower(asNode(b.cond));
        args.push(subject === undefined ? cond : call('eq', subject, cond), this.lower(asNode(b.result)));
      } else {
        args.push(this.lower(asNode(b.result)));
      }
    }
    return { op: 'call', fn: 'case_when', args };
  }

  /** `cast(x as t)` and `x::t::u`: each target is the placeholder `int(k)` for the k-th type name (prepare-sql). */
  private cast(n: AstNode): ExprNode {
    let out = this.lower(asNode(n.expr));
    for (const target of (n.target ?? []) as AstNode[]) {
      const t = asNode(target);
      this.checkKeys(t, ['dataType', 'length', 'scale', 'suffix']);
      const written = typeof t.length === 'number' ? this.ctx.prepared.types[t.length] : undefined;
      const dtype = written === undefined ? undefined : SQL_TYPES[written.name];
      if (t.dataType !== 'INT' || dtype === undefined) throw new DfError('internal', `unexpected cast target ${JSON.stringify(t)}`);
      out = call('cast', out, lit(dtype));
    }
    return out;
  }

  /** `extract(year from d)` is `year(d)`. */
  private extract(n: AstNode): ExprNode {
    const args = asNode(n.args);
    this.checkKeys(args, ['field', 'source', 'cast_type']);
    const field = String(args.field).toLowerCase();
    if (!hasScalarFunction(field)) return this.fail(`not supported: extract(${field} from ...)`, 'extract', `date parts: year, month, day, hour, ...`);
    return call(getScalarFunction(field).name, this.lower(asNode(args.source)));
  }

  /** The items of an expression list (`IN (...)`, `BETWEEN a AND b`, a function's arguments). */
  private list(n: AstNode, parent: AstNode): AstNode[] {
    if (n.type !== 'expr_list' || !Array.isArray(n.value)) return this.fail('not supported: this syntax', parent);
    this.checkKeys(n, ['value']);
    return n.value.map(asNode);
  }

  private checkKeys(n: AstNode, allowed: readonly string[]): void {
    for (const [key, value] of Object.entries(n)) {
      if (key === 'type' || key === 'loc' || key === 'parentheses' || allowed.includes(key) || isEmpty(value)) continue;
      const [what, word] = KEY_MEANING[key] ?? [`this syntax ('${key}')`, ''];
      this.fail(`not supported: ${what}`, this.tokenAt(word, n) ?? n);
    }
  }

  /** The decoded value of a string literal placeholder (or of a big integer one). */
  private stringOrBigint(value: unknown, negative: boolean): Value {
    const p = this.placeholder(value);
    if (p?.kind === 'bigint') return intValue(this.ctx.prepared.bigints[p.index] * (negative ? -1n : 1n));
    return this.text(value);
  }

  private text(value: unknown): string {
    const p = this.placeholder(value);
    if (p?.kind !== 'string') throw new DfError('internal', `unexpected string literal ${JSON.stringify(value)} from the SQL parser`);
    return this.ctx.prepared.strings[p.index];
  }

  private ident(n: AstNode): string {
    const p = this.placeholder(n.value);
    if (p?.kind !== 'ident') throw new DfError('internal', `unexpected name ${JSON.stringify(n)} from the SQL parser`);
    return this.ctx.prepared.idents[p.index];
  }

  private placeholder(value: unknown): { kind: keyof typeof PLACEHOLDER; index: number } | undefined {
    if (typeof value !== 'string' || !/^.\d+$/u.test(value)) return undefined;
    const kind = (Object.keys(PLACEHOLDER) as (keyof typeof PLACEHOLDER)[]).find((k) => PLACEHOLDER[k] === value[0]);
    return kind === undefined ? undefined : { kind, index: Number(value.slice(1)) };
  }

  /** The first token spelled `word` (case-insensitive) at or after the node's start. */
  private tokenAt(word: string, from?: AstNode): number | undefined {
    if (word === '') return undefined;
    const start = this.offsetOf(from) ?? 0;
    return this.ctx.tokens.find((t) => t.start >= start && t.text.toLowerCase() === word)?.start;
  }

  private offsetOf(n: AstNode | undefined): number | undefined {
    const loc = n?.loc as { start?: { offset?: number } } | undefined;
    const offset = loc?.start?.offset;
    return typeof offset === 'number' ? this.ctx.prepared.toOriginal(offset - this.ctx.sqlStart) : undefined;
  }

  /** Throws a usage error pointing at a node (its location), a word of the expression, or an offset. */
  private fail(headline: string, at: AstNode | string | number | undefined, hint?: string): never {
    throw this.errorAt(headline, at, hint);
  }

  errorAt(headline: string, at: AstNode | string | number | undefined, hint?: string): Error {
    const offset = typeof at === 'number' ? at : typeof at === 'string' ? this.tokenAt(at) : this.offsetOf(at);
    return exprError(this.ctx.source, headline, offset, hint);
  }
}

function asNode(v: unknown): AstNode {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DfError('internal', `unexpected node ${JSON.stringify(v)} from the SQL parser`);
  return v as AstNode;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === false || v === '' || (Array.isArray(v) && v.length === 0);
}

function lit(value: Value): ExprNode {
  return { op: 'lit', value };
}

function call(fn: string, ...args: ExprNode[]): ExprNode {
  return { op: 'call', fn, args };
}

/** A number as written (the grammar gives a JS number or its text): integers beyond 2^53 exact, as bigint. */
function numberValue(raw: unknown, negative: boolean): Value {
  if (typeof raw === 'number') return negative ? -raw : raw;
  const text = String(raw);
  if (/^\d+$/.test(text)) return intValue(BigInt(text) * (negative ? -1n : 1n));
  const n = Number(text);
  return negative ? -n : n;
}

/** A JS number when exact, a bigint within int64, else the nearest double (DuckDB would make it a HUGEINT or DOUBLE). */
function intValue(v: bigint): Value {
  if (v >= -MAX_SAFE && v <= MAX_SAFE) return Number(v);
  return v >= INT64_MIN && v <= INT64_MAX ? v : Number(v);
}
