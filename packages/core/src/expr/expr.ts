import type { AggregateOptions } from '../aggregates/aggregate-function.js';
import type { Value } from '../column.js';
import type { DType } from '../dtype.js';
import { callNode, colNode, type ExprNode, litNode } from './expr-node.js';
import { exprText } from './expr-text.js';

/** What an expression method takes as an operand: another expression or a plain value (a literal). */
export type ExprInput = Expr | Value;

/** An operand as a node: expressions as they are, plain values as literals. */
export function toNode(x: ExprInput): ExprNode {
  return x instanceof Expr ? x.node : litNode(x);
}

/**
 * An expression, Polars-style: `col('qty').mul(col('price')).as('revenue')`. It only builds plain data
 * (`node`), checked against the schema when a plan uses it and evaluated by vectorised kernels.
 */
export class Expr {
  constructor(readonly node: ExprNode) {}

  /** The output column's name. */
  as(name: string): Expr {
    return new Expr({ op: 'alias', arg: this.node, name });
  }
  alias(name: string): Expr {
    return this.as(name);
  }

  add(other: ExprInput): Expr {
    return this.call('add', other);
  }
  sub(other: ExprInput): Expr {
    return this.call('subtract', other);
  }
  mul(other: ExprInput): Expr {
    return this.call('multiply', other);
  }
  /** True division: float64, IEEE for division by zero. */
  div(other: ExprInput): Expr {
    return this.call('divide', other);
  }
  /** Remainder with the dividend's sign; integer modulo by zero is null. */
  mod(other: ExprInput): Expr {
    return this.call('mod', other);
  }
  neg(): Expr {
    return this.call('negate');
  }
  pow(other: ExprInput): Expr {
    return this.call('pow', other);
  }

  eq(other: ExprInput): Expr {
    return this.call('eq', other);
  }
  neq(other: ExprInput): Expr {
    return this.call('neq', other);
  }
  lt(other: ExprInput): Expr {
    return this.call('lt', other);
  }
  le(other: ExprInput): Expr {
    return this.call('le', other);
  }
  gt(other: ExprInput): Expr {
    return this.call('gt', other);
  }
  ge(other: ExprInput): Expr {
    return this.call('ge', other);
  }
  /** SQL's three-valued logic: false and null is false, true and null is null. */
  and(...others: ExprInput[]): Expr {
    return this.call('and', ...others);
  }
  or(...others: ExprInput[]): Expr {
    return this.call('or', ...others);
  }
  not(): Expr {
    return this.call('not');
  }

  isNull(): Expr {
    return this.call('is_null');
  }
  isNotNull(): Expr {
    return this.call('is_not_null');
  }
  fillNull(value: ExprInput): Expr {
    return this.call('coalesce', value);
  }
  /** The first non-null of this and `others`, row by row. */
  coalesce(...others: ExprInput[]): Expr {
    return this.call('coalesce', ...others);
  }
  isIn(values: readonly Value[]): Expr {
    return this.call('is_in', ...values);
  }
  /** `low <= x <= high`, both ends included (SQL's BETWEEN). */
  between(low: ExprInput, high: ExprInput): Expr {
    return this.ge(low).and(this.le(high));
  }
  cast(dtype: DType): Expr {
    return this.call('cast', dtype);
  }

  abs(): Expr {
    return this.call('abs');
  }
  /** Half away from zero; integers stay integers. */
  round(decimals = 0): Expr {
    return this.call('round', decimals);
  }
  floor(): Expr {
    return this.call('floor');
  }
  ceil(): Expr {
    return this.call('ceil');
  }
  sqrt(): Expr {
    return this.call('sqrt');
  }
  /** Natural logarithm, or in `base`. */
  log(base?: number): Expr {
    return base === undefined ? this.call('ln') : this.call('ln').div(Math.log(base));
  }
  exp(): Expr {
    return this.call('exp');
  }

  /** String functions: `col('city').str.lower()`. */
  get str(): StringFunctions {
    return new StringFunctions(this);
  }
  /** Date and timestamp functions: `col('day').dt.month()`. */
  get dt(): DateFunctions {
    return new DateFunctions(this);
  }

  /** Non-null values per group (`count()` alone counts rows). */
  count(): Expr {
    return this.agg('count_non_null');
  }
  nullCount(): Expr {
    return this.agg('null_count');
  }
  sum(): Expr {
    return this.agg('sum');
  }
  mean(): Expr {
    return this.agg('mean');
  }
  min(): Expr {
    return this.agg('min');
  }
  max(): Expr {
    return this.agg('max');
  }
  var(): Expr {
    return this.agg('var');
  }
  std(): Expr {
    return this.agg('std');
  }
  first(): Expr {
    return this.agg('first');
  }
  last(): Expr {
    return this.agg('last');
  }
  nUnique(): Expr {
    return this.agg('n_unique');
  }
  median(): Expr {
    return this.agg('median');
  }
  quantile(q: number): Expr {
    return this.agg('quantile', { q });
  }
  /** Any registered aggregate by name (also users' own) over this expression. */
  agg(fn: string, options?: AggregateOptions): Expr {
    return new Expr(options === undefined ? { op: 'agg', fn, arg: this.node } : { op: 'agg', fn, arg: this.node, options });
  }

  /** A call of any registered scalar function with this expression first. */
  call(fn: string, ...args: ExprInput[]): Expr {
    return new Expr(callNode(fn, this.node, ...args.map(toNode)));
  }

  toString(): string {
    return exprText(this.node);
  }
}

/** `col(x).str`: the string functions (SQL names in brackets in the README). */
export class StringFunctions {
  constructor(private readonly x: Expr) {}

  lower(): Expr {
    return this.x.call('lower');
  }
  upper(): Expr {
    return this.x.call('upper');
  }
  /** Whitespace off both ends. */
  strip(): Expr {
    return this.x.call('trim');
  }
  /** Characters (code points). */
  len(): Expr {
    return this.x.call('length');
  }
  /** A substring, or a match of a regular expression. */
  contains(pattern: string | RegExp): Expr {
    return typeof pattern === 'string' ? this.x.call('contains', pattern) : this.x.call('regexp_matches', pattern.source, pattern.flags);
  }
  startsWith(prefix: string): Expr {
    return this.x.call('starts_with', prefix);
  }
  endsWith(suffix: string): Expr {
    return this.x.call('ends_with', suffix);
  }
  /** Every occurrence of a string; a RegExp replaces its first match, or all with the `g` flag. */
  replace(pattern: string | RegExp, replacement: string): Expr {
    return typeof pattern === 'string' ? this.x.call('replace', pattern, replacement) : this.x.call('regexp_replace', pattern.source, replacement, pattern.flags);
  }
  /** `length` characters from `start` (0-based, as Polars; a negative start counts from the end; SQL's `substr` is 1-based). */
  slice(start: number, length?: number): Expr {
    const from = start < 0 ? start : start + 1;
    return length === undefined ? this.x.call('substr', from) : this.x.call('substr', from, length);
  }
  /** `split(',').get(1)`: the second part; `get(-1)` the last. */
  split(separator: string): { get(index: number): Expr } {
    return { get: (index: number) => this.x.call('split_part', separator, index < 0 ? index : index + 1) };
  }
  /** The text as a float64; null where it is not a number. */
  toNumber(): Expr {
    return this.x.call('to_number');
  }
  /** The text as a date: ISO `YYYY-MM-DD`, or a strftime `format` (`%d/%m/%Y`); null where it does not parse. */
  toDate(format?: string): Expr {
    return format === undefined ? this.x.call('to_date') : this.x.call('to_date', format);
  }
}

/** `col(x).dt`: parts of dates and timestamps, from integer days and microseconds (UTC). */
export class DateFunctions {
  constructor(private readonly x: Expr) {}

  year(): Expr {
    return this.x.call('year');
  }
  month(): Expr {
    return this.x.call('month');
  }
  day(): Expr {
    return this.x.call('day');
  }
  hour(): Expr {
    return this.x.call('hour');
  }
  minute(): Expr {
    return this.x.call('minute');
  }
  second(): Expr {
    return this.x.call('second');
  }
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday(): Expr {
    return this.x.call('weekday');
  }
  /** The start of the year, quarter, month, ISO week, day, hour or minute. */
  truncate(unit: 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute'): Expr {
    return new Expr(callNode('date_trunc', litNode(unit), this.x.node));
  }
  /** Milliseconds since the epoch (int64). */
  epochMs(): Expr {
    return this.x.call('epoch_ms');
  }
}

/** A column by name. */
export function col(name: string): Expr {
  return new Expr(colNode(name));
}

/** A literal value. */
export function lit(value: Value): Expr {
  return new Expr(litNode(value));
}

/** Rows per group (`count(*)`). */
export function count(): Expr {
  return new Expr({ op: 'agg', fn: 'count', arg: null });
}

/** `when(cond).then(a).when(cond2).then(b).otherwise(c)`: SQL's CASE WHEN. */
export function when(condition: ExprInput): When {
  return new When([], toNode(condition));
}

export class When {
  constructor(
    private readonly branches: readonly ExprNode[],
    private readonly condition: ExprNode,
  ) {}

  // biome-ignore lint/suspicious/noThenProperty: Polars' `when(...).then(...)`, which users know; never awaited (a When is not a result).
  then(value: ExprInput): Then {
    return new Then([...this.branches, this.condition, toNode(value)]);
  }
}

/** A CASE with no ELSE yet (null where no condition holds); `.when()` adds a branch, `.otherwise()` ends it. */
export class Then extends Expr {
  constructor(private readonly branches: readonly ExprNode[]) {
    super(callNode('case_when', ...branches));
  }

  when(condition: ExprInput): When {
    return new When(this.branches, toNode(condition));
  }

  otherwise(value: ExprInput): Expr {
    return new Expr(callNode('case_when', ...this.branches, toNode(value)));
  }
}
