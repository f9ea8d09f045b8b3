import type { StringDType } from '../../dtype.js';
import { type ArgType, ExprTypeError } from '../scalar-function.js';

/** Type-rule helpers the string functions share: their messages name the function and the argument. */

function position(i: number): string {
  return i === 0 ? '' : ` as argument ${i + 1}`;
}

/**
 * The dtype of a text argument: utf8 or categorical; a null literal counts as utf8 (the result is all null).
 * Anything else is a type error: "lower() needs a string, got int32".
 */
export function textArg(fn: string, args: readonly ArgType[], i = 0): StringDType {
  const d = args[i].dtype;
  if (d === 'null') return 'utf8';
  if (d === 'utf8' || d === 'categorical') return d;
  throw new ExprTypeError(`${fn}() needs a string${position(i)}, got ${d}`);
}

/** A literal string argument (a pattern, a separator, a format), or null for a null literal. */
export function literalText(fn: string, args: readonly ArgType[], i: number, what: string): string | null {
  const a = args[i];
  if (a.literal === undefined) throw new ExprTypeError(`${fn}() needs a literal ${what}${position(i)}, got a ${a.dtype} expression`);
  if (a.literal === null) return null;
  if (typeof a.literal !== 'string') throw new ExprTypeError(`${fn}() needs a string ${what}${position(i)}, got ${a.dtype}`);
  return a.literal;
}

/** A literal integer argument (a position, a length), or null for a null literal. */
export function literalInt(fn: string, args: readonly ArgType[], i: number, what: string): number | null {
  const a = args[i];
  if (a.literal === undefined) throw new ExprTypeError(`${fn}() needs a literal ${what}${position(i)}, got a ${a.dtype} expression`);
  const v = a.literal;
  if (v === null) return null;
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new ExprTypeError(`${fn}() needs an integer ${what}${position(i)}, got ${String(v)}`);
  return n;
}
