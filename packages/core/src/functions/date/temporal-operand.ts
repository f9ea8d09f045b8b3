import { BigIntColumn, NumberColumn } from '../../column.js';
import { type ArgType, ExprTypeError, type Operand, Scalar } from '../scalar-function.js';
import { splitMicros } from './int64-words.js';

/**
 * The date or timestamp argument of a date function: its dtype for the type rule, and its values for the kernel
 * as days (int32) and, for a timestamp, microseconds into the day.
 */

/** 'date' or 'timestamp'; a null literal counts as a date. Anything else: "year() needs a date or timestamp, got int32". */
export function temporalArg(fn: string, args: readonly ArgType[], i = 0): 'date' | 'timestamp' {
  const d = args[i].dtype;
  if (d === 'date' || d === 'timestamp') return d;
  if (d === 'null') return 'date';
  throw new ExprTypeError(`${fn}() needs a date or timestamp${i === 0 ? '' : ` as argument ${i + 1}`}, got ${d}`);
}

/** A date or timestamp operand as a column: a literal (after folding) becomes `n` copies. */
export function temporalColumn(op: Operand, n: number): NumberColumn | BigIntColumn {
  if (op instanceof Scalar) {
    const v = op.value;
    if (op.dtype === 'timestamp') return new BigIntColumn('timestamp', new BigInt64Array(n).fill(typeof v === 'bigint' ? v : BigInt(Number(v))));
    return new NumberColumn('date', new Int32Array(n).fill(Number(v)));
  }
  if ((op instanceof NumberColumn && op.dtype === 'date') || (op instanceof BigIntColumn && op.dtype === 'timestamp')) return op;
  throw new Error(`internal: ${op.dtype} is not a date or timestamp`);
}

/** Days since the epoch and microseconds into the day of each row (micros all 0 for a date). */
export interface DaysAndMicros {
  readonly days: ArrayLike<number>;
  readonly micros: Float64Array | null;
}

export function daysAndMicros(c: NumberColumn | BigIntColumn): DaysAndMicros {
  if (c instanceof NumberColumn) return { days: c.values, micros: null };
  const days = new Int32Array(c.length);
  const micros = new Float64Array(c.length);
  splitMicros(c.values, days, micros);
  return { days, micros };
}
