/**
 * Dates and timestamps as ISO 8601 text from their integers, with no `Date` (exact to the microsecond over all of
 * int64, and the same text as the CSV writer prints): `YYYY-MM-DD`, years outside 0-9999 as a sign and six digits;
 * timestamps `YYYY-MM-DDTHH:MM:SS.mmmZ`, with microseconds when there are any.
 */

import { civilFromDays } from './civil-date.js';

const US_PER_DAY = 86_400_000_000n;
const YMD = new Float64Array(3);

/** Days since 1970-01-01 as a date. */
export function isoDate(days: number): string {
  civilFromDays(days, YMD);
  const [y, m, d] = YMD;
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : `${y < 0 ? '-' : '+'}${String(Math.abs(y)).padStart(6, '0')}`;
  return `${year}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Microseconds since 1970-01-01T00:00 as a timestamp. */
export function isoTimestamp(micros: bigint): string {
  let days = micros / US_PER_DAY;
  let us = micros - days * US_PER_DAY;
  if (us < 0n) {
    days -= 1n;
    us += US_PER_DAY;
  }
  const t = Number(us);
  const seconds = Math.floor(t / 1_000_000);
  const fraction = t - seconds * 1_000_000;
  const time = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  const frac = fraction % 1000 === 0 ? pad(fraction / 1000, 3) : pad(fraction, 6);
  return `${isoDate(Number(days))}T${time}.${frac}Z`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
