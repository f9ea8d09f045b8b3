import { BoolColumn } from '../../column.js';
import { newBits } from '../kernel-support.js';
import { ExprTypeError, type Operand, Scalar, type ScalarFunction } from '../scalar-function.js';

/** The values and validity bitmaps of a bool operand (a literal broadcast; null literal all invalid). */
function boolBits(op: Operand, n: number): { values: Uint8Array; valid: Uint8Array | null } {
  if (op instanceof Scalar) {
    const values = newBits(n).fill(op.value === true ? 0xff : 0);
    return { values, valid: op.value === null ? newBits(n) : null };
  }
  if (!(op instanceof BoolColumn)) throw new Error(`internal: ${op.dtype} is not bool`);
  return { values: op.values, valid: op.validity };
}

function requireBools(name: string, dtypes: readonly string[]): void {
  for (const t of dtypes) if (t !== 'bool' && t !== 'null') throw new ExprTypeError(`${name}() needs booleans, got ${t}`);
}

/**
 * SQL's three-valued `and` / `or`, a byte (8 rows) at a time: false and anything is false, true or anything is
 * true, otherwise null wins.
 */
function logical(name: 'and' | 'or'): ScalarFunction {
  return {
    name,
    arity: [2, Infinity],
    nulls: 'custom',
    type(args) {
      requireBools(
        name,
        args.map((a) => a.dtype),
      );
      return 'bool';
    },
    kernel(args, n) {
      let acc = boolBits(args[0], n);
      for (const arg of args.slice(1)) {
        const b = boolBits(arg, n);
        const bytes = (n + 7) >> 3;
        const values = new Uint8Array(bytes);
        const valid = acc.valid === null && b.valid === null ? null : new Uint8Array(bytes);
        for (let k = 0; k < bytes; k++) {
          const av = acc.valid === null ? 0xff : acc.valid[k];
          const bv = b.valid === null ? 0xff : b.valid[k];
          const at = acc.values[k] & av;
          const bt = b.values[k] & bv;
          if (name === 'and') {
            const af = ~acc.values[k] & av;
            const bf = ~b.values[k] & bv;
            values[k] = at & bt;
            if (valid !== null) valid[k] = (af | bf | (at & bt)) & 0xff;
          } else {
            values[k] = at | bt;
            const af = ~acc.values[k] & av;
            const bf = ~b.values[k] & bv;
            if (valid !== null) valid[k] = (at | bt | (af & bf)) & 0xff;
          }
        }
        acc = { values, valid };
      }
      return new BoolColumn(acc.values, n, acc.valid);
    },
  };
}

export const AND = logical('and');
export const OR = logical('or');

export const NOT: ScalarFunction = {
  name: 'not',
  arity: [1, 1],
  type(args) {
    requireBools('not', [args[0].dtype]);
    return 'bool';
  },
  kernel([x], n) {
    const { values } = boolBits(x, n);
    const out = new Uint8Array(values.length);
    for (let k = 0; k < out.length; k++) out[k] = ~values[k] & 0xff;
    return new BoolColumn(out, n);
  },
};
