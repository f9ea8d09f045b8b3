import type { Value } from './column.js';
import { type DType, isFloatDType } from './dtype.js';
import { isoDate, isoTimestamp } from './iso-text.js';

/** How a value reads in a printed table: floats at up to 8 significant digits, nulls as `null`. */
export function formatValue(v: Value, isFloat = false): string {
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (!isFloat || !Number.isFinite(v)) return String(v);
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toFixed(1);
    return String(Number(v.toPrecision(8)));
  }
  return String(v);
}

/** Dates and timestamps read as ISO text (exact, any int64); everything else as `formatValue` prints it. */
export function formatCell(v: Value, dtype: DType): string {
  if (v !== null && dtype === 'timestamp') return isoTimestamp(BigInt(v as number | bigint));
  if (v !== null && dtype === 'date') return isoDate(v as number);
  return formatValue(v, isFloatDType(dtype));
}
