import type { Column, Value } from '../column.js';
import type { DType } from '../dtype.js';
import { DfError } from '../errors/df-error.js';

/** An argument as the type rule sees it: its dtype (`'null'` for a null literal) and, for a literal, its value. */
export interface ArgType {
  readonly dtype: DType | 'null';
  /** Present when the argument is a literal (after constant folding). */
  readonly literal?: Value;
}

/** A literal argument broadcast over the chunk: kernels read it once instead of a column of copies. */
export class Scalar {
  constructor(
    readonly value: Value,
    readonly dtype: DType | 'null',
  ) {}
}

/** What a kernel gets for each argument: a column of the chunk's length, or a literal. */
export type Operand = Column | Scalar;

/**
 * One scalar function: a registry entry, as aggregates are. The library's methods, the SQL front end and the
 * type checker all read it, so a new function is one file (plus its test) and one line in the registry.
 *
 * Nulls: unless `nulls` is `'custom'`, the evaluator makes a row null when any argument is null there (SQL's
 * propagation) and gives the kernel no null literal; the kernel computes every row as if valid (what it writes
 * at null rows is ignored) and may add nulls of its own (integer division by zero) through its result's
 * validity. `'custom'` kernels (`is_null`, `coalesce`, `and`, `case_when`) see null literals and the arguments'
 * validity and decide themselves.
 */
export interface ScalarFunction {
  /** The registry name, which is also its SQL name (DuckDB's where DuckDB has the function). */
  readonly name: string;
  /** Other SQL names for the same function (`ln` for `log`, `length` for `len`). */
  readonly aliases?: readonly string[];
  /** Fewest and most arguments (`Infinity` for variadic). */
  readonly arity: readonly [number, number];
  /** Positions of arguments that must be literals (a pattern, a unit, a format, a dtype name). */
  readonly literalArgs?: readonly number[];
  readonly nulls?: 'propagate' | 'custom';
  /** The result dtype, or throws `ExprTypeError` with what is wrong ("year() needs a date or timestamp, got int32"). */
  type(args: readonly ArgType[]): DType;
  /** The result over `n` rows. `dtype` is what `type` returned for these arguments. */
  kernel(args: readonly Operand[], n: number, dtype: DType): Column;
}

/** Thrown by a type rule (and so by any plan whose expression has the wrong types); the checker adds the expression's text. */
export class ExprTypeError extends DfError {
  constructor(message: string, expression?: string) {
    super('usage', expression === undefined ? message : `${message}: ${expression}`, expression === undefined ? {} : { where: { expression } });
    this.name = 'ExprTypeError';
  }
}
