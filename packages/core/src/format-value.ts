import type { Value } from './column.js';
import { type DType, isFloatDType } from './dtype.js';

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

/** Dates and timestamps read as ISO text; everything else as `formatValue` prints it. */
export function formatCell(v: Value, dtype: DType): string {
  if (v !== null && dtype === 'timestamp') {
    const micros = BigInt(v as number | bigint);
    const ms = Number(micros / 1000n);
    if (Math.abs(ms) <= MAX_DATE_MS) return new Date(ms).toISOString();
  }
  if (v !== null && dtype === 'date' && Math.abs((v as number) * DAY_MS) <= MAX_DATE_MS) {
    return new Date((v as number) * DAY_MS).toISOString().slice(0, 10);
  }
  return formatValue(v, isFloatDType(dtype));
}

const DAY_MS = 86_400_000;
/** The range of a JS Date: ±10^8 days around the epoch. */
const MAX_DATE_MS = 8.64e15;
