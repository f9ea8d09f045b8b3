import { CategoricalColumn, type Column, Utf8Column } from '../../column.js';
import type { DType } from '../../dtype.js';
import { utf8Encoder } from '../../utf8.js';
import { boolFromMask, compareExact, exactAt, hasUnsafeInts, isText, numbersOf, perEntry, scalarString } from '../kernel-support.js';
import { type ArgType, ExprTypeError, type Operand, Scalar, type ScalarFunction } from '../scalar-function.js';
import { isNumberType } from './numeric-types.js';

/** What a comparison keeps of the sign of `a - b` (-1, 0, 1; NaN never holds). */
type Test = (sign: number) => boolean;

/**
 * Comparisons: numbers with numbers (int64 past 2^53 exactly), strings with strings in byte order (as Polars and
 * DuckDB; a categorical column compares each dictionary entry once), dates and timestamps with each other,
 * booleans with booleans. Anything else is a type error before any data is read.
 */
function comparison(name: string, test: Test, aliases: readonly string[] = []): ScalarFunction {
  return {
    name,
    aliases,
    arity: [2, 2],
    type(args) {
      comparable(name, args[0], args[1]);
      return 'bool';
    },
    kernel([x, y], n) {
      const mask = new Uint8Array(n);
      if (isText(x.dtype) || isText(y.dtype)) compareText(x, y, n, test, mask, name);
      else if (hasUnsafeInts(x) || hasUnsafeInts(y)) {
        // int64 past 2^53 on either side: compare exact values (a bigint against a float without rounding either).
        for (let i = 0; i < n; i++) mask[i] = test(compareExact(exactAt(x, i), exactAt(y, i))) ? 1 : 0;
      } else {
        const a = numbersOf(x, n);
        const b = numbersOf(y, n);
        const scale = timeScale(x.dtype, y.dtype);
        // One loop per operator, no closure per row on the hot path.
        compareNumbers(name, a, b, scale, mask);
      }
      return boolFromMask(mask);
    },
  };
}

function comparable(name: string, a: ArgType, b: ArgType): void {
  const ta = a.dtype;
  const tb = b.dtype;
  if (ta === 'null' || tb === 'null') return;
  if (isNumberType(ta) && isNumberType(tb)) return;
  if (isText(ta) && isText(tb)) return;
  if ((ta === 'date' || ta === 'timestamp') && (tb === 'date' || tb === 'timestamp')) return;
  if (ta === 'bool' && tb === 'bool') return;
  throw new ExprTypeError(`cannot compare ${ta} with ${tb} in ${name}()`);
}

/** A date compared with a timestamp counts in microseconds: [scale of a, scale of b]. */
function timeScale(a: DType | 'null', b: DType | 'null'): readonly [number, number] {
  if (a === 'date' && b === 'timestamp') return [86_400_000_000, 1];
  if (a === 'timestamp' && b === 'date') return [1, 86_400_000_000];
  return [1, 1];
}

function compareNumbers(name: string, a: ArrayLike<number>, b: ArrayLike<number>, [sa, sb]: readonly [number, number], out: Uint8Array): void {
  const n = out.length;
  if (sa !== 1 || sb !== 1) {
    const x = Float64Array.from(a, (v) => v * sa);
    const y = Float64Array.from(b, (v) => v * sb);
    compareNumbers(name, x, y, [1, 1], out);
    return;
  }
  switch (name) {
    case 'eq':
      for (let i = 0; i < n; i++) out[i] = a[i] === b[i] ? 1 : 0;
      break;
    case 'neq':
      for (let i = 0; i < n; i++) out[i] = a[i] !== b[i] ? 1 : 0;
      break;
    case 'lt':
      for (let i = 0; i < n; i++) out[i] = a[i] < b[i] ? 1 : 0;
      break;
    case 'le':
      for (let i = 0; i < n; i++) out[i] = a[i] <= b[i] ? 1 : 0;
      break;
    case 'gt':
      for (let i = 0; i < n; i++) out[i] = a[i] > b[i] ? 1 : 0;
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = a[i] >= b[i] ? 1 : 0;
  }
}

/** -1, 0 or 1: UTF-8 bytes compared unsigned, which is code point order. */
export function compareBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const la = ae - as;
  const lb = be - bs;
  const m = Math.min(la, lb);
  for (let k = 0; k < m; k++) {
    const d = a[as + k] - b[bs + k];
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

interface ByteView {
  bytes(i: number): [Uint8Array, number, number];
}

function byteView(op: Operand): ByteView {
  if (op instanceof Scalar) {
    const b = utf8Encoder.encode(scalarString(op));
    return { bytes: () => [b, 0, b.length] };
  }
  if (op instanceof Utf8Column) return { bytes: (i) => [op.data, op.offsets[i], op.offsets[i + 1]] };
  if (op instanceof CategoricalColumn) {
    const offsets = () => op.dictionary.valueOffsets;
    return {
      bytes: (i) => {
        const o = offsets();
        const c = op.codes[i];
        return [op.dictionary.valueBytes, o[c], o[c + 1]];
      },
    };
  }
  throw new Error(`internal: ${(op as Column).dtype} is not text`);
}

function compareText(x: Operand, y: Operand, n: number, test: Test, out: Uint8Array, name: string): void {
  // A categorical column against a literal: once per dictionary entry, then a lookup per row.
  if (x instanceof CategoricalColumn && y instanceof Scalar) {
    const lit = utf8Encoder.encode(scalarString(y));
    const per = perEntry(x, `${name}\u0000${scalarString(y)}`, (s) => {
      const b = utf8Encoder.encode(s);
      return test(compareBytes(b, 0, b.length, lit, 0, lit.length)) ? 1 : 0;
    });
    for (let i = 0; i < n; i++) out[i] = per[i];
    return;
  }
  if (x instanceof Scalar && y instanceof CategoricalColumn) {
    compareText(y, x, n, (s) => test(-s), out, `${name}\u0001`);
    return;
  }
  const a = byteView(x);
  const b = byteView(y);
  for (let i = 0; i < n; i++) {
    const [ab, as, ae] = a.bytes(i);
    const [bb, bs, be] = b.bytes(i);
    out[i] = test(compareBytes(ab, as, ae, bb, bs, be)) ? 1 : 0;
  }
}

export const EQ = comparison('eq', (s) => s === 0);
export const NEQ = comparison('neq', (s) => s !== 0);
export const LT = comparison('lt', (s) => s < 0);
export const LE = comparison('le', (s) => s <= 0, ['lte']);
export const GT = comparison('gt', (s) => s > 0);
export const GE = comparison('ge', (s) => s >= 0, ['gte']);
