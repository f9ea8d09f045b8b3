import { civilFromDays } from '../../civil-date.js';
import { NumberColumn } from '../../column.js';
import type { Operand } from '../scalar-function.js';
import { daysAndMicros, temporalColumn } from './temporal-operand.js';

/** Which field of `civilFromDays`'s [year, month, day]. */
export type CivilField = 0 | 1 | 2;

const YMD = new Float64Array(3);

/** year, month or day of each row: int32 for the year, int8 for the others (as Polars). */
export function civilPart(op: Operand, n: number, field: CivilField): NumberColumn {
  const { days } = daysAndMicros(temporalColumn(op, n));
  const out = field === 0 ? new Int32Array(n) : new Int8Array(n);
  for (let i = 0; i < n; i++) {
    civilFromDays(days[i], YMD);
    out[i] = YMD[field];
  }
  return new NumberColumn(field === 0 ? 'int32' : 'int8', out);
}
