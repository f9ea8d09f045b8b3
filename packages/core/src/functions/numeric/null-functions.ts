import { BoolColumn } from '../../column.js';
import { type DType, supertype } from '../../dtype.js';
import { asColumn, gatherRows, newBits } from '../kernel-support.js';
import { type ArgType, ExprTypeError, Scalar, type ScalarFunction } from '../scalar-function.js';

function nullTest(name: 'is_null' | 'is_not_null'): ScalarFunction {
  const want = name === 'is_not_null';
  return {
    name,
    arity: [1, 1],
    nulls: 'custom',
    type: () => 'bool',
    kernel([x], n) {
      const out = newBits(n);
      if (x instanceof Scalar) return new BoolColumn(out.fill((x.value !== null) === want ? 0xff : 0), n);
      if (x.validity === null) return new BoolColumn(out.fill(want ? 0xff : 0), n);
      for (let k = 0; k < out.length; k++) out[k] = want ? x.validity[k] : ~x.validity[k] & 0xff;
      return new BoolColumn(out, n);
    },
  };
}

export const IS_NULL = nullTest('is_null');
export const IS_NOT_NULL = nullTest('is_not_null');

/** The dtype that holds every argument (null literals aside), or a type error. */
export function commonType(name: string, args: readonly ArgType[]): DType {
  let t: DType | undefined;
  for (const a of args) {
    if (a.dtype === 'null') continue;
    if (t === undefined) t = a.dtype;
    else {
      const s = supertype(t, a.dtype);
      // supertype falls back to utf8 for anything; mixing numbers and text is a mistake here.
      if (s === 'utf8' && !(isTextType(t) && isTextType(a.dtype))) throw new ExprTypeError(`${name}() mixes ${t} and ${a.dtype}`);
      t = s;
    }
  }
  return t ?? 'int32';
}

function isTextType(t: DType): boolean {
  return t === 'utf8' || t === 'categorical';
}

/** The first non-null argument of each row (`fill_null(x, v)` is `coalesce(x, v)`). */
export const COALESCE: ScalarFunction = {
  name: 'coalesce',
  aliases: ['fill_null', 'ifnull'],
  arity: [1, Infinity],
  nulls: 'custom',
  type: (args) => commonType('coalesce', args),
  kernel(args, n, dtype) {
    const cols = args.map((a) => asColumn(a, dtype, n));
    const pick = new Int32Array(n).fill(-1);
    for (let j = cols.length - 1; j >= 0; j--) {
      const c = cols[j];
      for (let i = 0; i < n; i++) if (c.isValid(i)) pick[i] = j;
    }
    return gatherRows(cols, pick, dtype);
  },
};
