import type { BoolColumn } from '../../column.js';
import { asColumn, gatherRows } from '../kernel-support.js';
import { ExprTypeError, Scalar, type ScalarFunction } from '../scalar-function.js';
import { commonType } from './null-functions.js';

/**
 * `case when c1 then v1 [when c2 then v2 ...] [else e] end` as `case_when(c1, v1, c2, v2, ..., e)`: the value of
 * the first condition that is true (null counts as false), else `e`, else null.
 */
export const CASE_WHEN: ScalarFunction = {
  name: 'case_when',
  arity: [2, Infinity],
  nulls: 'custom',
  type(args) {
    const values = args.filter((_, i) => i % 2 === 1 || i === args.length - 1);
    for (let i = 0; i + 1 < args.length; i += 2) {
      const t = args[i].dtype;
      if (t !== 'bool' && t !== 'null') throw new ExprTypeError(`case when needs boolean conditions, got ${t}`);
    }
    return commonType('case when', values);
  },
  kernel(args, n, dtype) {
    const pairs = Math.floor(args.length / 2);
    const values = [];
    for (let j = 0; j < pairs; j++) values.push(asColumn(args[2 * j + 1], dtype, n));
    const otherwise = args.length % 2 === 1 ? asColumn(args[args.length - 1], dtype, n) : undefined;
    const pick = new Int32Array(n).fill(-2);
    for (let j = 0; j < pairs; j++) {
      const cond = args[2 * j];
      if (cond instanceof Scalar) {
        if (cond.value === true) for (let i = 0; i < n; i++) if (pick[i] === -2) pick[i] = j;
        continue;
      }
      const c = cond as BoolColumn;
      for (let i = 0; i < n; i++) if (pick[i] === -2 && c.isValid(i) && (c.values[i >> 3] >> (i & 7)) & 1) pick[i] = j;
    }
    const sources = otherwise === undefined ? values : [...values, otherwise];
    for (let i = 0; i < n; i++) {
      if (pick[i] === -2) pick[i] = otherwise === undefined ? -1 : pairs;
      if (pick[i] >= 0 && !sources[pick[i]].isValid(i)) pick[i] = -1;
    }
    return gatherRows(sources, pick, dtype);
  },
};
