import { CategoricalColumn, type Value } from '../../column.js';
import { bigIntAt, boolFromMask, hasUnsafeInts, isText, numbersOf, perEntry, stringAt } from '../kernel-support.js';
import { ExprTypeError, Scalar, type ScalarFunction } from '../scalar-function.js';
import { isNumberType } from './numeric-types.js';

/** `x IN (a, b, ...)`: the list is literals; a null `x` gives null, and so does a miss when the list holds a null. */
export const IS_IN: ScalarFunction = {
  name: 'is_in',
  arity: [1, Infinity],
  nulls: 'custom',
  type(args) {
    const [x, ...list] = args;
    for (const v of list) {
      if (!('literal' in v)) throw new ExprTypeError('is_in() takes a list of literal values');
      if (v.dtype === 'null') continue;
      const ok = isText(x.dtype) ? isText(v.dtype) : isNumberType(x.dtype) ? isNumberType(v.dtype) : x.dtype === v.dtype;
      if (!ok) throw new ExprTypeError(`is_in() looks for ${v.dtype} values in a ${x.dtype} column`);
    }
    return 'bool';
  },
  kernel(args, n) {
    const [x, ...list] = args;
    const values = list.map((v) => (v as Scalar).value).filter((v): v is Exclude<Value, null> => v !== null);
    const mask = new Uint8Array(n);
    if (x instanceof Scalar) {
      mask.fill(values.some((v) => String(v) === String(x.value)) ? 1 : 0);
      return boolFromMask(mask, x.value === null ? new Uint8Array((n + 7) >> 3) : null);
    }
    if (isText(x.dtype)) {
      const set = new Set(values.map(String));
      if (x instanceof CategoricalColumn) {
        const per = perEntry(x, `is_in\u0000${[...set].join('\u0000')}`, (s) => (set.has(s) ? 1 : 0));
        for (let i = 0; i < n; i++) mask[i] = per[i];
      } else for (let i = 0; i < n; i++) mask[i] = set.has(stringAt(x, i)) ? 1 : 0;
    } else if (hasUnsafeInts(x)) {
      // Only whole values can equal an int64; a fraction or NaN in the list matches nothing.
      const whole = values.filter((v) => typeof v === 'bigint' || Number.isInteger(v)) as (number | bigint)[];
      const set = new Set(whole.map((v) => BigInt(v)));
      for (let i = 0; i < n; i++) mask[i] = set.has(bigIntAt(x, i)) ? 1 : 0;
    } else {
      const set = new Set(values.map(Number));
      const a = numbersOf(x, n);
      for (let i = 0; i < n; i++) mask[i] = set.has(a[i]) ? 1 : 0;
    }
    // SQL: `x IN (a, NULL)` is null, not false, where x matches nothing (so `NOT IN` with a null keeps no row).
    if (list.some((v) => (v as Scalar).value === null)) return boolFromMask(mask, matchedOrNull(mask, x.validity));
    return boolFromMask(mask, x.validity);
  },
};

/** Valid where `mask` matched (and `x` is valid). */
function matchedOrNull(mask: Uint8Array, validity: Uint8Array | null): Uint8Array {
  const bits = new Uint8Array((mask.length + 7) >> 3);
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) bits[i >> 3] |= 1 << (i & 7);
  if (validity !== null) for (let k = 0; k < bits.length; k++) bits[k] &= validity[k];
  return bits;
}
