/**
 * Dates and timestamps parsed from bytes: no string, no `Date` per field. A date is days since 1970-01-01
 * (proleptic Gregorian); a timestamp microseconds since 1970-01-01T00:00, UTC when the text has an offset or `Z`,
 * else as written (naive). Invalid calendar values (2023-02-29, 24:00, minute 60) do not parse.
 *
 * Results come back as a number: NaN when the text does not parse. A timestamp's microseconds are exact in a
 * double within ±2^53 µs of the epoch (years 1685 to 2255); beyond, `bigTimestamp()` gives the exact value of the
 * last parse, which the caller asks for when `Math.abs(result) > MAX_EXACT_MICROS`.
 */

export const MAX_EXACT_MICROS = 2 ** 53;
const US_PER_DAY = 86_400_000_000;

/** Fields of the last timestamp parse, for `bigTimestamp`. */
let lastDays = 0;
let lastMicros = 0;

/** The exact microseconds of the last successful timestamp parse. */
export function bigTimestamp(): bigint {
  return BigInt(lastDays) * BigInt(US_PER_DAY) + BigInt(lastMicros);
}

/** Days since the epoch of year-month-day (H. Hinnant's `days_from_civil`); the fields must be valid. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `count` digits at `at` as a number, or -1 if any is not a digit. */
export function digits(b: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * `YYYY-MM-DD` at [s, e) as days since the epoch, or NaN. Years past 9999 or before 0 take ISO 8601's expanded
 * form, a sign and six digits (`+010000-01-01`, `-000001-12-31`), as the CSV writer prints them.
 */
export function parseIsoDate(b: Uint8Array, s: number, e: number): number {
  const len = dateLength(b, s);
  return e - s === len ? isoDateAt(b, s, len) : NaN;
}

/** The length of the date at `s`: 10, or 13 in the expanded form. */
function dateLength(b: Uint8Array, s: number): number {
  return b[s] === 0x2b || b[s] === 0x2d ? 13 : 10;
}

function isoDateAt(b: Uint8Array, s: number, len: number): number {
  const y0 = len === 13 ? s + 1 : s;
  const yDigits = len === 13 ? 6 : 4;
  const at = y0 + yDigits;
  if (b[at] !== 0x2d || b[at + 3] !== 0x2d) return NaN;
  let y = digits(b, y0, yDigits);
  const m = digits(b, at + 1, 2);
  const d = digits(b, at + 4, 2);
  if (y < 0) return NaN;
  if (len === 13 && b[s] === 0x2d) y = -y;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

/**
 * `YYYY-MM-DD[T ]HH:MM[:SS[.f{1,9}]][Z|±HH[:MM]|±HHMM]` at [s, e) as microseconds since the epoch, or NaN. With
 * `dateOnly`, a bare `YYYY-MM-DD` is midnight (a timestamp column that meets a date).
 */
export function parseIsoTimestamp(b: Uint8Array, s: number, e: number, dateOnly: boolean): number {
  const dateLen = dateLength(b, s);
  if (e - s < dateLen) return NaN;
  const days = isoDateAt(b, s, dateLen);
  if (days !== days) return NaN;
  if (e - s === dateLen) return dateOnly ? finishTimestamp(days, 0) : NaN;
  // The time starts after the separator: t0 is where `HH` is.
  const t0 = s + dateLen + 1;
  const sep = b[t0 - 1];
  if ((sep !== 0x54 && sep !== 0x20 && sep !== 0x74) || e - t0 < 5 || b[t0 + 2] !== 0x3a) return NaN;
  const hh = digits(b, t0, 2);
  const mm = digits(b, t0 + 3, 2);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return NaN;
  let p = t0 + 5;
  let ss = 0;
  let frac = 0;
  if (p < e && b[p] === 0x3a) {
    ss = digits(b, p + 1, 2);
    if (p + 3 > e || ss < 0 || ss > 59) return NaN;
    p += 3;
    if (p < e && (b[p] === 0x2e || b[p] === 0x2c)) {
      p = readFraction(b, p + 1, e);
      if (p < 0) return NaN;
      frac = fractionMicros;
    }
  }
  let offsetMinutes = 0;
  if (p < e) {
    const c = b[p];
    if ((c === 0x5a || c === 0x7a) && p + 1 === e) p++;
    else if (c === 0x2b || c === 0x2d) {
      const oh = digits(b, p + 1, 2);
      let om = 0;
      let q = p + 3;
      if (q + 3 === e && b[q] === 0x3a) {
        om = digits(b, q + 1, 2);
        q += 3;
      } else if (q + 2 === e) {
        om = digits(b, q, 2);
        q += 2;
      }
      if (q !== e || oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
      offsetMinutes = (c === 0x2d ? -1 : 1) * (oh * 60 + om);
      p = e;
    } else return NaN;
  }
  if (p !== e) return NaN;
  return finishTimestamp(days, (hh * 3600 + mm * 60 + ss - offsetMinutes * 60) * 1_000_000 + frac);
}

/** The microseconds of the last `readFraction`. */
export let fractionMicros = 0;

/**
 * Reads the 1 to 9 digits of a fraction of a second at `p` (digits past microseconds dropped, toward the past) into
 * `fractionMicros`; returns where they end, or -1 for no digits or more than 9.
 */
export function readFraction(b: Uint8Array, p: number, e: number): number {
  const start = p;
  let micros = 0;
  let scale = 100_000;
  while (p < e && b[p] >= 0x30 && b[p] <= 0x39) {
    if (scale >= 1) micros += (b[p] - 0x30) * scale;
    scale /= 10;
    p++;
  }
  if (p - start < 1 || p - start > 9) return -1;
  fractionMicros = micros;
  return p;
}

/** Days and microseconds into the day (may be negative or past a day, from an offset) as microseconds. */
export function finishTimestamp(days: number, micros: number): number {
  lastDays = days;
  lastMicros = micros;
  return days * US_PER_DAY + micros;
}
