import { utf8Encoder } from '../../utf8.js';
import { daysFromCivil, daysInMonth } from './days-from-civil.js';

/**
 * ISO 8601 dates and timestamps read from text, with no `Date`: the reading behind `to_date(s)` and the
 * comparison of a date or timestamp column with a string literal. Dates are `YYYY-MM-DD`, or ISO's expanded form
 * for years outside 0-9999 (`+010000-01-01`, `-000001-12-31`, as core's `isoDate` prints them); surrounding ASCII
 * whitespace is ignored. Impossible dates (2023-02-29, month 13) do not parse.
 */

const US_PER_DAY = 86_400_000_000n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** `count` digits at `at` as a number, or -1 if one is not a digit. */
function digitsAt(b: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = b[i] - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The length of the ISO date at `s` (10, or 13 in the expanded form), or -1 if [s, e) is too short. */
function dateLength(b: Uint8Array, s: number, e: number): number {
  const len = b[s] === 0x2b || b[s] === 0x2d ? 13 : 10;
  return e - s >= len ? len : -1;
}

/** The date of `len` bytes at `s` as days, or NaN. */
function dateAt(b: Uint8Array, s: number, len: number): number {
  const expanded = len === 13;
  const y0 = expanded ? s + 1 : s;
  const at = y0 + (expanded ? 6 : 4);
  if (b[at] !== 0x2d || b[at + 3] !== 0x2d) return NaN;
  let y = digitsAt(b, y0, expanded ? 6 : 4);
  const m = digitsAt(b, at + 1, 2);
  const d = digitsAt(b, at + 4, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return NaN;
  if (expanded && b[s] === 0x2d) y = -y;
  return d > daysInMonth(y, m) ? NaN : daysFromCivil(y, m, d);
}

/** The ISO date in bytes [s, e) as days since the epoch, or NaN (a kernel's sentinel: no day count is NaN). */
export function parseIsoDateBytes(b: Uint8Array, s: number, e: number): number {
  while (s < e && isSpace(b[s])) s++;
  while (e > s && isSpace(b[e - 1])) e--;
  const len = dateLength(b, s, e);
  return len === e - s ? dateAt(b, s, len) : NaN;
}

/** ISO date text as days since 1970-01-01, or null. */
export function parseDateText(text: string): number | null {
  const b = utf8Encoder.encode(text);
  const days = parseIsoDateBytes(b, 0, b.length);
  return days === days ? days : null;
}

/**
 * ISO timestamp text as microseconds since 1970-01-01T00:00 UTC, or null: a date alone (midnight), or a date,
 * `T` or a space, `HH:MM`, optional `:SS` and a fraction of 1 to 9 digits (past microseconds dropped), then
 * optionally `Z` or an offset (`+HH`, `+HHMM`, `+HH:MM`), which is subtracted to give UTC. Without an offset the
 * time is taken as UTC, as the timestamp type stores it.
 */
export function parseTimestampText(text: string): bigint | null {
  const b = utf8Encoder.encode(text);
  let s = 0;
  let e = b.length;
  while (s < e && isSpace(b[s])) s++;
  while (e > s && isSpace(b[e - 1])) e--;
  const len = dateLength(b, s, e);
  if (len < 0) return null;
  const days = dateAt(b, s, len);
  if (days !== days) return null;
  const micros = e - s === len ? 0n : timeOfDay(b, s + len, e);
  if (micros === null) return null;
  const v = BigInt(days) * US_PER_DAY + micros;
  return v >= INT64_MIN && v <= INT64_MAX ? v : null;
}

/** `[T ]HH:MM[:SS[.f]][offset]` at [p, e) as microseconds from midnight UTC (may fall outside the day), or null. */
function timeOfDay(b: Uint8Array, p: number, e: number): bigint | null {
  const sep = b[p];
  if (sep !== 0x54 && sep !== 0x74 && sep !== 0x20) return null;
  p++;
  if (e - p < 5 || b[p + 2] !== 0x3a) return null;
  const hh = digitsAt(b, p, 2);
  const mm = digitsAt(b, p + 3, 2);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return null;
  p += 5;
  let ss = 0;
  let fraction = 0;
  if (p < e && b[p] === 0x3a) {
    ss = p + 3 <= e ? digitsAt(b, p + 1, 2) : -1;
    if (ss < 0 || ss > 59) return null;
    p += 3;
    if (p < e && (b[p] === 0x2e || b[p] === 0x2c)) {
      const start = ++p;
      for (let scale = 100_000; p < e && b[p] >= 0x30 && b[p] <= 0x39; p++, scale /= 10) if (scale >= 1) fraction += (b[p] - 0x30) * scale;
      if (p === start || p - start > 9) return null;
    }
  }
  let offsetMinutes = 0;
  if (p < e) {
    const c = b[p];
    if (c === 0x5a || c === 0x7a) p++;
    else if (c === 0x2b || c === 0x2d) {
      const oh = digitsAt(b, p + 1, 2);
      p += 3;
      const colon = p < e && b[p] === 0x3a;
      if (colon) p++;
      const om = p === e && !colon ? 0 : p + 2 === e ? digitsAt(b, p, 2) : -1;
      if (om < 0 || om > 59 || oh < 0 || oh > 23) return null;
      p = e;
      offsetMinutes = (c === 0x2d ? -1 : 1) * (oh * 60 + om);
    }
  }
  if (p !== e) return null;
  return BigInt((hh * 3600 + mm * 60 + ss - offsetMinutes * 60) * 1_000_000 + fraction);
}
