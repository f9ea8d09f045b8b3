import { civilFromDays } from '../../civil-date.js';
import { BigIntColumn, NumberColumn } from '../../column.js';
import { newBits } from '../kernel-support.js';
import { ExprTypeError, type ScalarFunction } from '../scalar-function.js';
import { textLiteral } from '../string/text-kernels.js';
import { daysFromCivil } from './days-from-civil.js';
import { int64Words, setMicros } from './int64-words.js';
import { daysAndMicros, temporalArg, temporalColumn } from './temporal-operand.js';

const UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
type Unit = (typeof UNITS)[number];

/** Microseconds of the units below a day. */
const CLOCK_UNIT: Readonly<Partial<Record<Unit, number>>> = { hour: 3_600_000_000, minute: 60_000_000, second: 1_000_000 };

/** A unit name (any case, singular or plural, as DuckDB accepts 'month' and 'months'), or null. */
function unitOf(text: string): Unit | null {
  const t = text.toLowerCase();
  return UNITS.find((u) => t === u || t === `${u}s`) ?? null;
}

/**
 * date_trunc(unit, t): t rounded down to the start of its year, quarter, month, ISO week (Monday), day, hour,
 * minute or second. A date gives a date (units below a day leave it as it is), a timestamp a timestamp.
 */
export const DATE_TRUNC: ScalarFunction = {
  name: 'date_trunc',
  arity: [2, 2],
  literalArgs: [0],
  type: (args) => {
    const unit = args[0];
    if (unit.literal === undefined || (unit.literal !== null && typeof unit.literal !== 'string')) {
      throw new ExprTypeError(`date_trunc() needs a literal unit as argument 1 ('${UNITS.join("', '")}')`);
    }
    if (unit.literal !== null && unitOf(unit.literal) === null) {
      throw new ExprTypeError(`date_trunc(): unknown unit '${unit.literal}' (use '${UNITS.join("', '")}')`);
    }
    return temporalArg('date_trunc', args, 1);
  },
  kernel: (args, n) => {
    const unit = unitOf(textLiteral(args[0]));
    if (unit === null) throw new Error('internal: date_trunc unit not checked');
    const c = temporalColumn(args[1], n);
    const { days, micros } = daysAndMicros(c);
    const clock = CLOCK_UNIT[unit];
    if (c instanceof NumberColumn) return clock !== undefined || unit === 'day' ? c : new NumberColumn('date', truncDays(days, n, unit));
    const out = new BigInt64Array(n);
    const words = int64Words(out);
    const outDays = clock !== undefined || unit === 'day' ? days : truncDays(days, n, unit);
    let valid: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      const us = clock === undefined || micros === null ? 0 : Math.floor(micros[i] / clock) * clock;
      if (setMicros(words, i, outDays[i], us)) continue;
      // Only a unit that starts before the first timestamp (-290308-12-21T19:59:05.224192) falls outside int64.
      if (valid === null) valid = newBits(n).fill(0xff);
      valid[i >> 3] &= ~(1 << (i & 7));
    }
    return new BigIntColumn('timestamp', out, valid);
  },
};

const YMD = new Float64Array(3);

/** The first day of the year, quarter, month or ISO week of each day. */
function truncDays(days: ArrayLike<number>, n: number, unit: Unit): Int32Array {
  const out = new Int32Array(n);
  if (unit === 'week') {
    // Day 0 (1970-01-01) was a Thursday: Monday is 3 days before it.
    for (let i = 0; i < n; i++) out[i] = days[i] - ((((days[i] + 3) % 7) + 7) % 7);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const d = days[i];
    civilFromDays(d, YMD);
    if (unit === 'month') out[i] = d - YMD[2] + 1;
    else out[i] = daysFromCivil(YMD[0], unit === 'year' ? 1 : YMD[1] - ((YMD[1] - 1) % 3), 1);
  }
  return out;
}
