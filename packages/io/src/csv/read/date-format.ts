import { DfError } from '@df-stream/core';
import { daysFromCivil, daysInMonth, digits, finishTimestamp, fractionMicros, readFraction } from './parse-date.js';

/** Parses a field's bytes [s, e): days (date) or microseconds (timestamp) since the epoch, NaN if it does not match. */
export type DateParser = (b: Uint8Array, s: number, e: number) => number;

/** The strftime directives `dateFormat` and `timestampFormat` understand. */
export const FORMAT_DIRECTIVES = '%Y %y %m %d %H %I %p %M %S %f %z %b %%';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

type Step =
  | { kind: 'literal'; byte: number }
  | { kind: 'number'; field: Field; min: number; max: number }
  | { kind: 'fraction' }
  | { kind: 'ampm' }
  | { kind: 'offset' }
  | { kind: 'month-name' };

type Field = 'year' | 'year2' | 'month' | 'day' | 'hour' | 'hour12' | 'minute' | 'second';

/**
 * A strftime-style format (`%d/%m/%Y`, `%m/%d/%Y %H:%M`) compiled once into a byte parser. Numbers take their
 * digits greedily up to the directive's width (`%m` and `%d` accept `1` and `01`, as Python's strptime does);
 * `%f` takes 1 to 9 digits (past microseconds dropped); `%z` is `Z`, `±HH`, `±HHMM` or `±HH:MM`. A date format
 * with time directives, or a bad directive, is a usage error naming the option.
 */
export function compileDateFormat(format: string, kind: 'date' | 'timestamp', option: string): DateParser {
  const steps: Step[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      const code = format.charCodeAt(i);
      if (code > 0x7f)
        throw new DfError('usage', `${option} may only hold ASCII characters, got ${JSON.stringify(format)}`, { hint: `use ${FORMAT_DIRECTIVES} and ASCII separators` });
      steps.push({ kind: 'literal', byte: code });
      continue;
    }
    const d = format[++i];
    switch (d) {
      case 'Y':
        steps.push({ kind: 'number', field: 'year', min: 4, max: 4 });
        break;
      case 'y':
        steps.push({ kind: 'number', field: 'year2', min: 2, max: 2 });
        break;
      case 'm':
        steps.push({ kind: 'number', field: 'month', min: 1, max: 2 });
        break;
      case 'd':
        steps.push({ kind: 'number', field: 'day', min: 1, max: 2 });
        break;
      case 'H':
        steps.push({ kind: 'number', field: 'hour', min: 1, max: 2 });
        break;
      case 'I':
        steps.push({ kind: 'number', field: 'hour12', min: 1, max: 2 });
        break;
      case 'M':
        steps.push({ kind: 'number', field: 'minute', min: 1, max: 2 });
        break;
      case 'S':
        steps.push({ kind: 'number', field: 'second', min: 1, max: 2 });
        break;
      case 'f':
        steps.push({ kind: 'fraction' });
        break;
      case 'p':
        steps.push({ kind: 'ampm' });
        break;
      case 'z':
        steps.push({ kind: 'offset' });
        break;
      case 'b':
        steps.push({ kind: 'month-name' });
        break;
      case '%':
        steps.push({ kind: 'literal', byte: 0x25 });
        break;
      default:
        throw new DfError('usage', `${option}: unknown directive '%${d ?? ''}' in ${JSON.stringify(format)}`, { hint: `use ${FORMAT_DIRECTIVES}` });
    }
  }
  const has = (f: Field) => steps.some((st) => st.kind === 'number' && st.field === f);
  const hasMonth = has('month') || steps.some((st) => st.kind === 'month-name');
  if (!(has('year') || has('year2')) || !hasMonth || !has('day')) {
    throw new DfError('usage', `${option} ${JSON.stringify(format)} needs a year (%Y or %y), a month (%m or %b) and a day (%d)`, { hint: "e.g. '%d/%m/%Y'" });
  }
  const timed = steps.some(
    (st) =>
      st.kind !== 'literal' &&
      !(st.kind === 'number' && (st.field === 'year' || st.field === 'year2' || st.field === 'month' || st.field === 'day')) &&
      st.kind !== 'month-name',
  );
  if (kind === 'date' && timed) {
    throw new DfError('usage', `${option} ${JSON.stringify(format)} has time directives`, { hint: 'use timestampFormat (--timestamp-format) for timestamps' });
  }
  if (has('hour12') !== steps.some((st) => st.kind === 'ampm')) {
    throw new DfError('usage', `${option} ${JSON.stringify(format)}: %I needs %p and %p needs %I`, { hint: "e.g. '%m/%d/%Y %I:%M %p', or %H for a 24-hour clock" });
  }
  return (b, s, e) => run(steps, kind, b, s, e);
}

function run(steps: readonly Step[], kind: 'date' | 'timestamp', b: Uint8Array, s: number, e: number): number {
  let p = s;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let micros = 0;
  let pm = -1;
  let offset = 0;
  for (const st of steps) {
    switch (st.kind) {
      case 'literal':
        if (p >= e || b[p] !== st.byte) return NaN;
        p++;
        break;
      case 'number': {
        let v = 0;
        let n = 0;
        while (n < st.max && p < e && b[p] >= 0x30 && b[p] <= 0x39) {
          v = v * 10 + b[p++] - 0x30;
          n++;
        }
        if (n < st.min) return NaN;
        if (st.field === 'year') year = v;
        else if (st.field === 'year2') year = v < 69 ? 2000 + v : 1900 + v;
        else if (st.field === 'month') month = v;
        else if (st.field === 'day') day = v;
        else if (st.field === 'hour' || st.field === 'hour12') hour = v;
        else if (st.field === 'minute') minute = v;
        else second = v;
        if (st.field === 'hour12' && (v < 1 || v > 12)) return NaN;
        break;
      }
      case 'fraction': {
        p = readFraction(b, p, e);
        if (p < 0) return NaN;
        micros = fractionMicros;
        break;
      }
      case 'ampm': {
        if (p + 2 > e || (b[p + 1] | 0x20) !== 0x6d) return NaN;
        const c = b[p] | 0x20;
        if (c !== 0x61 && c !== 0x70) return NaN;
        pm = c === 0x70 ? 1 : 0;
        p += 2;
        break;
      }
      case 'month-name': {
        if (p + 3 > e) return NaN;
        const name = String.fromCharCode(b[p] | 0x20, b[p + 1] | 0x20, b[p + 2] | 0x20);
        const m = MONTHS.indexOf(name);
        if (m < 0) return NaN;
        month = m + 1;
        p += 3;
        break;
      }
      case 'offset': {
        if (p < e && (b[p] === 0x5a || b[p] === 0x7a)) {
          p++;
          break;
        }
        const sign = b[p] === 0x2d ? -1 : b[p] === 0x2b ? 1 : 0;
        if (sign === 0 || p + 3 > e) return NaN;
        const oh = digits(b, p + 1, 2);
        p += 3;
        let om = 0;
        if (p < e && b[p] === 0x3a) p++;
        if (p + 2 <= e && b[p] >= 0x30 && b[p] <= 0x39) {
          om = digits(b, p, 2);
          p += 2;
        }
        if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
        offset = sign * (oh * 60 + om);
        break;
      }
    }
  }
  if (p !== e) return NaN;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  const days = daysFromCivil(year, month, day);
  if (kind === 'date') return days;
  if (pm >= 0) hour = (hour % 12) + (pm === 1 ? 12 : 0);
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  return finishTimestamp(days, (hour * 3600 + minute * 60 + second - offset * 60) * 1_000_000 + micros);
}
