import { NumberColumn } from '../../column.js';
import type { DType } from '../../dtype.js';
import { bigIntAt, hasUnsafeInts, numbersOf, validAt, validityOf, withValidity } from '../kernel-support.js';
import { type ArgType, ExprTypeError, type ScalarFunction } from '../scalar-function.js';
import { intResult } from './int-result.js';
import { intOrFloat, isIntType, requireNumbers } from './numeric-types.js';

type Op = (a: number, b: number) => number;
type BigOp = (a: bigint, b: bigint) => bigint;

/**
 * `+ - *`: integers stay exact (int64, narrowed per chunk; promoted to float64 past int64, as `sum` does),
 * anything with a float is float64. `date - date` is days (int32), `date ± int` a date.
 */
function exactBinary(name: string, op: Op, bigOp: BigOp, aliases: readonly string[] = []): ScalarFunction {
  return {
    name,
    aliases,
    arity: [2, 2],
    type(args) {
      const dated = dateArithmeticType(name, args);
      if (dated !== undefined) return dated;
      requireNumbers(name, args);
      return intOrFloat(args);
    },
    kernel(args, n, dtype) {
      const [x, y] = args;
      const a = numbersOf(x, n);
      const b = numbersOf(y, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = op(a[i], b[i]);
      if (dtype === 'date') return new NumberColumn('date', Int32Array.from(out));
      if (dtype === 'float64') return new NumberColumn('float64', out);
      const validity = validityOf(args);
      if (hasUnsafeInts(x) || hasUnsafeInts(y)) {
        // A double cannot hold these inputs: the whole chunk goes through bigints.
        for (let i = 0; i < n; i++) out[i] = validAt(validity, i) ? Number(bigOp(bigIntAt(x, i), bigIntAt(y, i))) : 0;
        return withValidity(
          intResult(out, validity, (i) => bigOp(bigIntAt(x, i), bigIntAt(y, i))),
          validity,
        );
      }
      return intResult(out, validity, (i) => bigOp(bigIntAt(x, i), bigIntAt(y, i)));
    },
  };
}

/** `date - date` (days), `date + int`, `date - int`, `int + date`; undefined when no argument is a date. */
function dateArithmeticType(name: string, args: readonly ArgType[]): DType | undefined {
  const [a, b] = [args[0].dtype, args[1].dtype];
  if (a !== 'date' && b !== 'date' && a !== 'timestamp' && b !== 'timestamp') return undefined;
  if (name === 'subtract' && a === 'date' && b === 'date') return 'int32';
  if (name === 'subtract' && a === 'date' && isIntType(b)) return 'date';
  if (name === 'add' && ((a === 'date' && isIntType(b)) || (isIntType(a) && b === 'date'))) return 'date';
  throw new ExprTypeError(`${name}() of ${a} and ${b} is not supported (date - date gives days; date ± integer days gives a date)`);
}

export const ADD = exactBinary(
  'add',
  (a, b) => a + b,
  (a, b) => a + b,
);
export const SUBTRACT = exactBinary(
  'subtract',
  (a, b) => a - b,
  (a, b) => a - b,
  ['sub'],
);
export const MULTIPLY = exactBinary(
  'multiply',
  (a, b) => a * b,
  (a, b) => a * b,
  ['mul'],
);

/** A float64 function of two numbers (true division, power), IEEE for what is out of its domain. */
function floatBinary(name: string, f: (a: number, b: number) => number, aliases: readonly string[]): ScalarFunction {
  return {
    name,
    aliases,
    arity: [2, 2],
    type(args) {
      requireNumbers(name, args);
      return 'float64';
    },
    kernel([x, y], n) {
      const a = numbersOf(x, n);
      const b = numbersOf(y, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
      return new NumberColumn('float64', out);
    },
  };
}

const TRUE_DIVISION = floatBinary('divide', (a, b) => a / b, ['div']);

/**
 * True division: always float64. Between integers a division by zero is null (DuckDB's `/`); with a float it
 * follows IEEE (inf, NaN), as Polars does.
 */
export const DIVIDE: ScalarFunction = {
  ...TRUE_DIVISION,
  kernel(args, n, dtype) {
    const out = TRUE_DIVISION.kernel(args, n, dtype);
    const [x, y] = args;
    if (!isIntType(x.dtype) || !isIntType(y.dtype)) return out;
    const b = numbersOf(y, n);
    let validity: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      if (b[i] !== 0) continue;
      validity ??= new Uint8Array((n + 7) >> 3).fill(0xff);
      validity[i >> 3] &= ~(1 << (i & 7));
    }
    return withValidity(out, validity);
  },
};
/** `x ** y` as float64 (DuckDB's `pow` is double too). */
export const POW = floatBinary('pow', (a, b) => a ** b, ['power']);

/** Remainder with the dividend's sign (SQL's and JS's `%`); integer modulo by zero is null. */
export const MOD: ScalarFunction = {
  name: 'mod',
  arity: [2, 2],
  type(args) {
    requireNumbers('mod', args);
    return intOrFloat(args);
  },
  kernel(args, n, dtype) {
    const [x, y] = args;
    const a = numbersOf(x, n);
    const b = numbersOf(y, n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i] % b[i];
    if (dtype === 'float64') return new NumberColumn('float64', out);
    const validity = validityOf(args) ?? allValid(n);
    for (let i = 0; i < n; i++) if (b[i] === 0) validity[i >> 3] &= ~(1 << (i & 7));
    const exact = (i: number): bigint => bigIntAt(x, i) % bigIntAt(y, i);
    if (hasUnsafeInts(x) || hasUnsafeInts(y)) for (let i = 0; i < n; i++) if (validAt(validity, i)) out[i] = Number(exact(i));
    return intResult(out, validity, exact);
  },
};

/** `-x`: integers exact (int64 logical), floats float64. */
export const NEGATE: ScalarFunction = {
  name: 'negate',
  arity: [1, 1],
  type(args) {
    requireNumbers('negate', args);
    return intOrFloat(args);
  },
  kernel(args, n, dtype) {
    const [x] = args;
    const a = numbersOf(x, n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = -a[i];
    if (dtype === 'float64') return new NumberColumn('float64', out);
    const validity = validityOf(args);
    if (hasUnsafeInts(x)) for (let i = 0; i < n; i++) out[i] = validAt(validity, i) ? Number(-bigIntAt(x, i)) : 0;
    return intResult(out, validity, (i) => -bigIntAt(x, i));
  },
};

function allValid(n: number): Uint8Array {
  return new Uint8Array((n + 7) >> 3).fill(0xff);
}
