import type { Value } from './column.js';

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
