import { utf8Encoder } from '../../utf8.js';
import { ExprTypeError } from '../scalar-function.js';
import { daysFromCivil, daysInMonth } from './days-from-civil.js';

/** Reads a date from bytes [s, e): days since the epoch, or NaN when the text does not match. */
export type DateParser = (b: Uint8Array, s: number, e: number) => number;

/** The directives `to_date` formats understand. */
export const DATE_FORMAT_DIRECTIVES = '%Y %y %m %d %b %B %H %M %S %%';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

type Field = 'year' | 'year2' | 'month' | 'day' | 'hour' | 'minute' | 'second';

type Step =
  | { readonly kind: 'literal'; readonly bytes: Uint8Array }
  | { readonly kind: 'number'; readonly field: Field; readonly min: number; readonly max: number; readonly limit: number }
  | { readonly kind: 'month-name'; readonly full: boolean };

/**
 * A strftime-style format (`%d/%m/%Y`, `%d %b %Y %H:%M`) compiled once into a byte parser, as strptime reads:
 * `%Y` four digits, `%y` two (69-99 -> 19xx, 00-68 -> 20xx, as POSIX), `%m %d %H %M %S` one or two digits,
 * `%b` a month's three-letter abbreviation and `%B` its full name (any case), `%%` a percent sign, any other
 * character itself. The time fields must be valid but do not change the date. A format without a year, a month
 * and a day, or with an unknown directive, is a type error.
 */
export function compileDateFormat(fn: string, format: string): DateParser {
  const steps: Step[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') steps.push({ kind: 'literal', bytes: utf8Encoder.encode(literal) });
    literal = '';
  };
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      literal += format[i];
      continue;
    }
    const d = format[++i];
    if (d === '%') {
      literal += '%';
      continue;
    }
    flush();
    const step = directive(d);
    if (step === null) throw new ExprTypeError(`${fn}(): unknown directive '%${d ?? ''}' in format ${JSON.stringify(format)} (use ${DATE_FORMAT_DIRECTIVES})`);
    steps.push(step);
  }
  flush();
  const has = (f: Field) => steps.some((st) => st.kind === 'number' && st.field === f);
  if (!(has('year') || has('year2')) || !(has('month') || steps.some((st) => st.kind === 'month-name')) || !has('day')) {
    throw new ExprTypeError(`${fn}(): format ${JSON.stringify(format)} needs a year (%Y or %y), a month (%m, %b or %B) and a day (%d)`);
  }
  return (b, s, e) => run(steps, b, s, e);
}

function directive(d: string | undefined): Step | null {
  switch (d) {
    case 'Y':
      return { kind: 'number', field: 'year', min: 4, max: 4, limit: 9999 };
    case 'y':
      return { kind: 'number', field: 'year2', min: 2, max: 2, limit: 99 };
    case 'm':
      return { kind: 'number', field: 'month', min: 1, max: 2, limit: 12 };
    case 'd':
      return { kind: 'number', field: 'day', min: 1, max: 2, limit: 31 };
    case 'H':
      return { kind: 'number', field: 'hour', min: 1, max: 2, limit: 23 };
    case 'M':
      return { kind: 'number', field: 'minute', min: 1, max: 2, limit: 59 };
    case 'S':
      return { kind: 'number', field: 'second', min: 1, max: 2, limit: 59 };
    case 'b':
      return { kind: 'month-name', full: false };
    case 'B':
      return { kind: 'month-name', full: true };
    default:
      return null;
  }
}

/** Field values of the parse under way (module scratch: no object per row). */
const FIELDS = { year: 0, month: 0, day: 0 };

function run(steps: readonly Step[], b: Uint8Array, s: number, e: number): number {
  let p = s;
  for (const st of steps) {
    if (st.kind === 'literal') {
      const lit = st.bytes;
      if (p + lit.length > e) return NaN;
      for (let k = 0; k < lit.length; k++) if (b[p + k] !== lit[k]) return NaN;
      p += lit.length;
    } else if (st.kind === 'number') {
      let v = 0;
      let n = 0;
      for (; n < st.max && p < e && b[p] >= 0x30 && b[p] <= 0x39; n++) v = v * 10 + b[p++] - 0x30;
      if (n < st.min || v > st.limit) return NaN;
      if (st.field === 'year') FIELDS.year = v;
      else if (st.field === 'year2') FIELDS.year = v < 69 ? 2000 + v : 1900 + v;
      else if (st.field === 'month') FIELDS.month = v;
      else if (st.field === 'day') FIELDS.day = v;
    } else {
      const m = monthName(b, p, e, st.full);
      if (m < 0) return NaN;
      FIELDS.month = m + 1;
      p += st.full ? MONTHS[m].length : 3;
    }
  }
  const { year, month, day } = FIELDS;
  if (p !== e || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return daysFromCivil(year, month, day);
}

/** The month (0-11) whose name (full or its first three letters, any case) is at `p`, or -1. */
function monthName(b: Uint8Array, p: number, e: number, full: boolean): number {
  outer: for (let m = 0; m < 12; m++) {
    const name = MONTHS[m];
    const len = full ? name.length : 3;
    if (p + len > e) continue;
    for (let k = 0; k < len; k++) if ((b[p + k] | 0x20) !== name.charCodeAt(k)) continue outer;
    return m;
  }
  return -1;
}
