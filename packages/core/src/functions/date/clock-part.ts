import { NumberColumn } from '../../column.js';
import type { Operand } from '../scalar-function.js';
import { daysAndMicros, temporalColumn } from './temporal-operand.js';

/** hour, minute or second of each row, int8: `floor(micros into the day / unit) % modulo`; 0 for a date. */
export function clockPart(op: Operand, n: number, unitMicros: number, modulo: number): NumberColumn {
  const { micros } = daysAndMicros(temporalColumn(op, n));
  const out = new Int8Array(n);
  if (micros !== null) for (let i = 0; i < n; i++) out[i] = Math.floor(micros[i] / unitMicros) % modulo;
  return new NumberColumn('int8', out);
}
