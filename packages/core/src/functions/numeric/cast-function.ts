import { castColumn } from '../../cast.js';
import { BigIntColumn, BoolColumn, type CategoricalColumn, type Column, NumberColumn } from '../../column.js';
import { type DType, INT_RANGES, type IntDType, isDType, isFloatDType, isIntegerDType, type NumberDType } from '../../dtype.js';
import { newNumberArray } from '../../new-number-array.js';
import { parseDateText, parseTimestampText } from '../date/parse-date-text.js';
import { asColumn, isText, newBits, numbersOf, perEntry, stringAt, validAt } from '../kernel-support.js';
import { ExprTypeError, Scalar, type ScalarFunction } from '../scalar-function.js';

/**
 * `cast(x, 'float64')`: any dtype to text, text to numbers, dates and timestamps (null where the text does not
 * parse, as DuckDB's `try_cast`), numbers to numbers (floats truncate toward zero, as Polars; a value out of the
 * target's range is null), dates to timestamps and back (the day of the timestamp).
 */
export const CAST: ScalarFunction = {
  name: 'cast',
  arity: [2, 2],
  literalArgs: [1],
  type(args) {
    const to = args[1].literal;
    if (typeof to !== 'string' || !isDType(to)) throw new ExprTypeError(`cast() to an unknown dtype '${String(to)}'`);
    return to;
  },
  kernel([x], n, dtype) {
    const from = x.dtype;
    if (x instanceof Scalar) return castValues(asColumn(x, from === 'null' ? dtype : from, n), dtype, n);
    return castValues(x, dtype, n);
  },
};

function castValues(x: Column, to: DType, n: number): Column {
  if (x.dtype === to) return x;
  if (isText(x.dtype) && !isText(to)) return fromText(x, to, n);
  // Text out is utf8 for a categorical target too: the chunk's values make no shared dictionary.
  if (isText(to)) return castColumn(x, 'utf8');
  if (x.dtype === 'timestamp' && to === 'date') {
    const out = new Int32Array(n);
    const v = (x as BigIntColumn).values;
    for (let i = 0; i < n; i++) out[i] = Number(v[i] / 86_400_000_000n) - (v[i] % 86_400_000_000n < 0n ? 1 : 0);
    return new NumberColumn('date', out, x.validity);
  }
  if ((isIntegerDType(to) || isFloatDType(to)) && x.dtype !== 'date' && x.dtype !== 'timestamp') return toNumber(numbersOf(x, n), x.validity, to, n, x);
  if (to === 'bool' && x.dtype !== 'date' && x.dtype !== 'timestamp') {
    const a = numbersOf(x, n);
    const bits = newBits(n);
    for (let i = 0; i < n; i++) if (a[i] !== 0) bits[i >> 3] |= 1 << (i & 7);
    return new BoolColumn(bits, n, x.validity);
  }
  try {
    return castColumn(x, to);
  } catch {
    throw new ExprTypeError(`cannot cast ${x.dtype} to ${to}`);
  }
}

/** Numbers into `to`: floats truncated toward zero for integer targets, out-of-range values null. */
function toNumber(a: ArrayLike<number>, validity: Uint8Array | null, to: DType, n: number, source?: Column): Column {
  if (isFloatDType(to)) {
    const out = newNumberArray(to, n);
    for (let i = 0; i < n; i++) out[i] = a[i];
    return new NumberColumn(to, out, validity);
  }
  // int64's top, 2^63 - 1, is 2^63 as a double: the bound is exclusive there, so no value wraps.
  const [lo, hi] = to === 'int64' ? [-(2 ** 63), 2 ** 63 - 1024] : INT_RANGES[to as IntDType].map(Number);
  const valid = newBits(n);
  const out: NumberColumn['values'] | BigInt64Array = to === 'int64' ? new BigInt64Array(n) : newNumberArray(to, n);
  const bigSource = source instanceof BigIntColumn ? source.values : undefined;
  for (let i = 0; i < n; i++) {
    if (!validAt(validity, i)) continue;
    const v = Math.trunc(a[i]);
    if (!(v >= lo && v <= hi)) continue;
    valid[i >> 3] |= 1 << (i & 7);
    if (out instanceof BigInt64Array) out[i] = bigSource !== undefined ? bigSource[i] : BigInt(v);
    else out[i] = v;
  }
  return out instanceof BigInt64Array ? new BigIntColumn('int64', out, valid) : new NumberColumn(to as NumberDType, out, valid);
}

/** Text to numbers, bool, date or timestamp; what does not parse is null. */
function fromText(x: Column, to: DType, n: number): Column {
  if (to === 'int64') return int64FromText(x, n);
  const parse = textParser(to);
  const a =
    x.dtype === 'categorical'
      ? perEntry(x as CategoricalColumn, `cast\u0000${to}`, parse)
      : Float64Array.from({ length: n }, (_, i) => (validAt(x.validity, i) ? parse(stringAt(x, i)) : NaN));
  const valid = newBits(n);
  for (let i = 0; i < n; i++) if (validAt(x.validity, i) && !Number.isNaN(a[i])) valid[i >> 3] |= 1 << (i & 7);
  if (to === 'date')
    return new NumberColumn(
      'date',
      Int32Array.from(a, (v) => (Number.isNaN(v) ? 0 : v)),
      valid,
    );
  if (to === 'timestamp')
    return new BigIntColumn(
      'timestamp',
      BigInt64Array.from(a, (v) => (Number.isNaN(v) ? 0n : BigInt(v))),
      valid,
    );
  if (to === 'bool') {
    const bits = newBits(n);
    for (let i = 0; i < n; i++) if (a[i] === 1) bits[i >> 3] |= 1 << (i & 7);
    return new BoolColumn(bits, n, valid);
  }
  return toNumber(a, valid, to, n);
}

/** One text to a number (NaN = does not parse); the text "NaN" parses to a float NaN only for floats. */
function textParser(to: DType): (s: string) => number {
  if (to === 'date') return (s) => parseDateText(s.trim()) ?? NaN;
  if (to === 'timestamp') return (s) => Number(parseTimestampText(s.trim()) ?? NaN);
  if (to === 'bool') return (s) => (/^(true|t|1|yes)$/i.test(s.trim()) ? 1 : /^(false|f|0|no)$/i.test(s.trim()) ? 0 : NaN);
  return (s) => {
    const t = s.trim();
    return t === '' ? NaN : Number(t);
  };
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Text to int64 exactly: whole numbers through BigInt (past 2^53 without rounding), others truncated; out of range is null. */
function int64FromText(x: Column, n: number): Column {
  const out = new BigInt64Array(n);
  const valid = newBits(n);
  for (let i = 0; i < n; i++) {
    if (!validAt(x.validity, i)) continue;
    const t = stringAt(x, i).trim();
    let v: bigint | undefined;
    if (INTEGER_TEXT.test(t)) v = BigInt(t);
    else if (t !== '') {
      const f = Math.trunc(Number(t));
      if (Number.isFinite(f)) v = BigInt(f);
    }
    if (v === undefined || v < INT64_MIN || v > INT64_MAX) continue;
    out[i] = v;
    valid[i >> 3] |= 1 << (i & 7);
  }
  return new BigIntColumn('int64', out, valid);
}
