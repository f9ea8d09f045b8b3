/**
 * Days since 1970-01-01 to a proleptic Gregorian year, month and day (H. Hinnant's `civil_from_days`), written into
 * `out` ([year, month, day]) so that a loop over a column makes no object per row.
 */
export function civilFromDays(days: number, out: Float64Array | number[]): void {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  out[1] = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (mp >= 10 ? 1 : 0);
  out[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
}
