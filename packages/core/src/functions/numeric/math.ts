import { type Column, NumberColumn } from '../../column.js';
import { isIntegerDType } from '../../dtype.js';
import { numbersOf } from '../kernel-support.js';
import { ExprTypeError, Scalar, type ScalarFunction } from '../scalar-function.js';
import { intResult } from './int-result.js';
import { isIntType, requireNumbers } from './numeric-types.js';

/** A float64 function of one number (`sqrt`, `ln`, `exp`, ...), IEEE for what is out of its domain. */
function unaryFloat(name: string, f: (x: number) => number, aliases: readonly string[] = []): ScalarFunction {
  return {
    name,
    aliases,
    arity: [1, 1],
    type(args) {
      requireNumbers(name, args);
      return 'float64';
    },
    kernel([x], n) {
      const a = numbersOf(x, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = f(a[i]);
      return new NumberColumn('float64', out);
    },
  };
}

export const SQRT = unaryFloat('sqrt', Math.sqrt);
/** Natural logarithm (Polars' `log()`; DuckDB's `ln`, whose `log` is base 10). */
export const LN = unaryFloat('ln', Math.log);
export const LOG10 = unaryFloat('log10', Math.log10);
export const EXP = unaryFloat('exp', Math.exp);

/** floor / ceil: an integer stays as it is; a float gives a float64 of whole numbers (as Polars). */
function rounding(name: string, f: (x: number) => number, aliases: readonly string[] = []): ScalarFunction {
  return {
    name,
    aliases,
    arity: [1, 1],
    type(args) {
      requireNumbers(name, args);
      const t = args[0].dtype;
      return t !== 'null' && isIntType(t) ? t : 'float64';
    },
    kernel([x], n, dtype) {
      if (!(x instanceof Scalar) && isIntegerDType(dtype)) return x as Column;
      const a = numbersOf(x, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = f(a[i]);
      return new NumberColumn('float64', out);
    },
  };
}

export const FLOOR = rounding('floor', Math.floor);
export const CEIL = rounding('ceil', Math.ceil, ['ceiling']);

/** Half away from zero, as DuckDB and Polars round; `decimals` may be negative (round(1234, -2) = 1200). */
export const ROUND: ScalarFunction = {
  name: 'round',
  arity: [1, 2],
  literalArgs: [1],
  type(args) {
    requireNumbers('round', args.slice(0, 1));
    const d = args[1]?.literal;
    if (args.length > 1 && (typeof d !== 'number' || !Number.isInteger(d))) throw new ExprTypeError('round() takes a whole number of decimals');
    const t = args[0].dtype;
    return t !== 'null' && isIntType(t) && (d === undefined || (d as number) >= 0) ? t : 'float64';
  },
  kernel([x, d], n, dtype) {
    if (!(x instanceof Scalar) && isIntegerDType(dtype)) return x as Column;
    const decimals = d instanceof Scalar ? Number(d.value) : 0;
    const a = numbersOf(x, n);
    const out = new Float64Array(n);
    // One loop per case, no per-value branch on the decimals: this kernel is on the hot path of `round(x)` keys.
    if (decimals === 0) {
      for (let i = 0; i < n; i++) {
        const v = a[i];
        out[i] = v < 0 ? -Math.round(-v) : Math.round(v);
      }
    } else if (decimals > 0) {
      const scale = 10 ** decimals;
      for (let i = 0; i < n; i++) {
        const v = a[i] * scale;
        out[i] = (v < 0 ? -Math.round(-v) : Math.round(v)) / scale;
      }
    } else {
      const scale = 10 ** -decimals;
      for (let i = 0; i < n; i++) {
        const v = a[i] / scale;
        out[i] = (v < 0 ? -Math.round(-v) : Math.round(v)) * scale;
      }
    }
    return new NumberColumn('float64', out);
  },
};

/** |x|: integers stay exact integers, floats float64. */
export const ABS: ScalarFunction = {
  name: 'abs',
  arity: [1, 1],
  type(args) {
    requireNumbers('abs', args);
    return isIntType(args[0].dtype) ? 'int64' : 'float64';
  },
  kernel([x], n, dtype) {
    const a = numbersOf(x, n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]);
    if (dtype === 'float64') return new NumberColumn('float64', out);
    return intResult(out, x instanceof Scalar ? null : x.validity, (i) => {
      const v = (x as { values: BigInt64Array }).values[i];
      return v < 0n ? -v : v;
    });
  },
};
