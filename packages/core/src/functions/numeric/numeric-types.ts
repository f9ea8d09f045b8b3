import { type DType, isFloatDType, isIntegerDType } from '../../dtype.js';
import { type ArgType, ExprTypeError } from '../scalar-function.js';

/** Type rules the numeric functions share. */

export function isNumberType(t: DType | 'null'): boolean {
  return t === 'null' || isIntegerDType(t as DType) || isFloatDType(t as DType);
}

export function isIntType(t: DType | 'null'): boolean {
  return t !== 'null' && isIntegerDType(t);
}

/** Every argument numeric (a null literal counts), or a type error naming the function. */
export function requireNumbers(fn: string, args: readonly ArgType[]): void {
  for (const a of args) if (!isNumberType(a.dtype)) throw new ExprTypeError(`${fn}() needs numbers, got ${a.dtype}`);
}

/** int64 when every argument is an integer (the result narrows per chunk), else float64. */
export function intOrFloat(args: readonly ArgType[]): DType {
  return args.every((a) => a.dtype === 'null' || isIntType(a.dtype)) ? 'int64' : 'float64';
}
