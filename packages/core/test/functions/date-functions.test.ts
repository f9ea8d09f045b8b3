import { describe, expect, it } from 'vitest';
import { Chunk } from '../../src/chunk.js';
import { BigIntColumn, type Column, NumberColumn, type Value } from '../../src/column.js';
import { callNode, colNode, litNode } from '../../src/expr/expr-node.js';
import { resolveExpr } from '../../src/expr/resolve-expr.js';
import { parseDateText, parseTimestampText } from '../../src/functions/date/parse-date-text.js';
import { newBits } from '../../src/functions/kernel-support.js';
import { isoDate, isoTimestamp } from '../../src/iso-text.js';
import { checkFunction, evalCall, evalOver, random, utf8Of, values } from './function-checks.js';

// References use JS `Date` (proleptic Gregorian, UTC, exact to the millisecond over +-8.64e15 ms); the kernels must not.

const MS_PER_DAY = 86_400_000;
const US_PER_DAY = 86_400_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * Days since the epoch of a calendar date (month 1-12), through `Date`; years past its range are moved by whole
 * 400-year cycles (146_097 days: the Gregorian calendar repeats).
 */
function utcDays(y: number, m: number, d: number): number {
  const cycles = Math.trunc(y / 400);
  const t = new Date(0);
  t.setUTCFullYear(y - cycles * 400, m - 1, d);
  return t.getTime() / MS_PER_DAY + cycles * 146_097;
}

const DAY_1900 = utcDays(1900, 1, 1);
const DAY_2100 = utcDays(2100, 12, 31);

/** Dates 1900-2100 at random, leap days and the days around them, negative days, a few far years; nulls. */
function sampleDays(n: number, seed: number): (number | null)[] {
  const next = random(seed);
  const fixed = [
    [2000, 2, 29],
    [1900, 2, 28],
    [1900, 3, 1],
    [2024, 2, 29],
    [2023, 3, 1],
    [2100, 2, 28],
    [2100, 3, 1],
    [1970, 1, 1],
    [1969, 12, 31],
    [1600, 2, 29],
    [1, 1, 1],
    [0, 3, 1],
    [-1, 12, 31],
    [9999, 12, 31],
    [12345, 6, 7],
  ].map(([y, m, d]) => utcDays(y, m, d));
  const days: (number | null)[] = [...fixed, -1, -7, 1_000_000, -1_000_000];
  while (days.length < n) days.push(next() < 0.1 ? null : DAY_1900 + Math.floor(next() * (DAY_2100 - DAY_1900 + 1)));
  return days;
}

/**
 * Timestamps 1900-2100 with microseconds, before 1970 included, the edges of days, and far ones (where JS Date's
 * range, +-8.64e15 ms, still holds the start of their year).
 */
function sampleMicros(n: number, seed: number): (bigint | null)[] {
  const next = random(seed);
  const lo = DAY_1900 * MS_PER_DAY;
  const hi = (DAY_2100 + 1) * MS_PER_DAY;
  const out: (bigint | null)[] = [
    0n,
    -1n,
    1n,
    -US_PER_DAY,
    -US_PER_DAY - 1n,
    US_PER_DAY - 1n,
    8_639_999_999_999_999_999n,
    -8_639_999_999_999_999_999n,
    -1_000n,
    -999n,
    -1_001n,
  ];
  while (out.length < n) {
    const r = next();
    if (r < 0.1) out.push(null);
    else if (r < 0.2) out.push(BigInt(Math.floor((next() - 0.5) * 1.7e16)) * 1000n + BigInt(Math.floor(next() * 1000)));
    else out.push(BigInt(lo + Math.floor(next() * (hi - lo))) * 1000n + BigInt(Math.floor(next() * 1000)));
  }
  return out;
}

function validity(rows: readonly unknown[]): Uint8Array | null {
  const bits = newBits(rows.length);
  rows.forEach((r, i) => {
    if (r !== null) bits[i >> 3] |= 1 << (i & 7);
  });
  return rows.includes(null) ? bits : null;
}

function dateColumn(days: readonly (number | null)[]): NumberColumn {
  return new NumberColumn(
    'date',
    Int32Array.from(days, (d) => d ?? 0),
    validity(days),
  );
}

function timestampColumn(micros: readonly (bigint | null)[]): BigIntColumn {
  return new BigIntColumn(
    'timestamp',
    BigInt64Array.from(micros, (v) => v ?? 0n),
    validity(micros),
  );
}

const DAYS = sampleDays(3000, 1900);
const MICROS = sampleMicros(3000, 1970);

/** The UTC `Date` of a timestamp's millisecond (floored). */
function dateOfMicros(us: bigint): Date {
  return new Date(Number(floorDiv(us, 1000n)));
}

const PARTS: Record<string, (d: Date) => number> = {
  year: (d) => d.getUTCFullYear(),
  month: (d) => d.getUTCMonth() + 1,
  day: (d) => d.getUTCDate(),
  dayofmonth: (d) => d.getUTCDate(),
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  second: (d) => d.getUTCSeconds(),
  weekday: (d) => ((d.getUTCDay() + 6) % 7) + 1,
  isodow: (d) => ((d.getUTCDay() + 6) % 7) + 1,
};

function expectRows(actual: Column, expected: readonly Value[]): void {
  expect(values(actual)).toEqual(expected);
}

/** A bigint result as bigint, for exact comparison whether `get` gave a number or a bigint. */
function bigValues(c: Column): (bigint | null)[] {
  return values(c).map((v) => (v === null ? null : BigInt(v as number | bigint)));
}

/** date_trunc of a day, through `Date`. */
function truncDayRef(unit: string, days: number): number {
  const d = new Date(days * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  if (unit === 'year') return utcDays(y, 1, 1);
  if (unit === 'quarter') return utcDays(y, m - ((m - 1) % 3), 1);
  if (unit === 'month') return utcDays(y, m, 1);
  if (unit === 'week') return days - ((d.getUTCDay() + 6) % 7);
  return days;
}

const CLOCK_UNITS: Record<string, bigint> = { hour: 3_600_000_000n, minute: 60_000_000n, second: 1_000_000n };

describe('date parts', () => {
  for (const [name, part] of Object.entries(PARTS)) {
    it(`${name}() of dates and of timestamps`, () => {
      const clock = name === 'hour' || name === 'minute' || name === 'second';
      expectRows(
        evalCall(name, dateColumn(DAYS)),
        DAYS.map((d) => (d === null ? null : clock ? 0 : part(new Date(d * MS_PER_DAY)))),
      );
      expectRows(
        evalCall(name, timestampColumn(MICROS)),
        MICROS.map((us) => (us === null ? null : part(dateOfMicros(us)))),
      );
    });
  }

  it('parts are int32 (year) or int8, from integer days and micros', () => {
    expect(evalCall('year', dateColumn([0])).dtype).toBe('int32');
    for (const name of ['month', 'day', 'hour', 'minute', 'second', 'weekday']) expect(evalCall(name, timestampColumn([0n])).dtype).toBe('int8');
    // Spot checks: the last microsecond before 1970 and a leap day.
    const ts = timestampColumn([-1n, BigInt(utcDays(2024, 2, 29)) * US_PER_DAY + 13n * 3_600_000_000n]);
    expect(values(evalCall('year', ts))).toEqual([1969, 2024]);
    expect(values(evalCall('day', ts))).toEqual([31, 29]);
    expect(values(evalCall('hour', ts))).toEqual([23, 13]);
    expect(values(evalCall('second', ts))).toEqual([59, 0]);
    expect(values(evalCall('weekday', dateColumn([0, -4, -3])))).toEqual([4, 7, 1]);
  });
});

describe('the ends of int64', () => {
  const ends = timestampColumn([2n ** 63n - 1n, -(2n ** 63n)]);

  it('parts and epoch_ms are exact there (294247-01-10T04:00:54.775807, -290308-12-21T19:59:05.224192)', () => {
    expect(values(evalCall('year', ends))).toEqual([294247, -290308]);
    expect(values(evalCall('month', ends))).toEqual([1, 12]);
    expect(values(evalCall('day', ends))).toEqual([10, 21]);
    expect(values(evalCall('hour', ends))).toEqual([4, 19]);
    expect(values(evalCall('minute', ends))).toEqual([0, 59]);
    expect(values(evalCall('second', ends))).toEqual([54, 5]);
    expect(bigValues(evalCall('epoch_ms', ends))).toEqual([9_223_372_036_854_775n, -9_223_372_036_854_776n]);
  });

  it('a timestamp splits exactly into day and time at the edges of days, near the ends too', () => {
    const edges: bigint[] = [];
    for (const d of [106_751_990n, 100_000_000n, 54_321_987n, -1n, -54_321_987n, -100_000_000n, -106_751_990n]) {
      for (const off of [-1n, 0n, 1n]) edges.push(d * US_PER_DAY + off);
    }
    const ts = timestampColumn(edges);
    const timeOfDay = (v: bigint) => ((v % US_PER_DAY) + US_PER_DAY) % US_PER_DAY;
    expect(bigValues(evalCall('epoch_ms', ts))).toEqual(edges.map((v) => floorDiv(v, 1000n)));
    expect(values(evalCall('hour', ts))).toEqual(edges.map((v) => Number(timeOfDay(v) / 3_600_000_000n)));
    expect(values(evalCall('second', ts))).toEqual(edges.map((v) => Number((timeOfDay(v) / 1_000_000n) % 60n)));
  });

  it('date_trunc gives null where the start of the unit is before the first timestamp', () => {
    const out = evalOver(callNode('date_trunc', litNode('year'), colNode('s')), ends);
    expect(bigValues(out)).toEqual([BigInt(utcDays(294247, 1, 1)) * US_PER_DAY, null]);
    // The hour of the first timestamp starts before it.
    const max = 2n ** 63n - 1n;
    expect(bigValues(evalOver(callNode('date_trunc', litNode('hour'), colNode('s')), ends))).toEqual([max - (max % 3_600_000_000n), null]);
  });
});

describe('date_trunc', () => {
  for (const unit of ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second']) {
    it(`date_trunc('${unit}', ...) of dates gives dates, of timestamps timestamps`, () => {
      const onDates = evalOver(callNode('date_trunc', litNode(unit), colNode('s')), dateColumn(DAYS));
      expect(onDates.dtype).toBe('date');
      expectRows(
        onDates,
        DAYS.map((d) => (d === null ? null : truncDayRef(unit, d))),
      );
      const onTimestamps = evalOver(callNode('date_trunc', litNode(unit.toUpperCase() === 'DAY' ? 'days' : unit), colNode('s')), timestampColumn(MICROS));
      expect(onTimestamps.dtype).toBe('timestamp');
      const clock = CLOCK_UNITS[unit];
      expect(bigValues(onTimestamps)).toEqual(
        MICROS.map((us) => {
          if (us === null) return null;
          if (clock !== undefined) return floorDiv(us, clock) * clock;
          return BigInt(truncDayRef(unit, Number(floorDiv(us, US_PER_DAY)))) * US_PER_DAY;
        }),
      );
    });
  }

  it('week starts on Monday (ISO)', () => {
    const thursday = utcDays(2024, 2, 29);
    const out = evalOver(callNode('date_trunc', litNode('week'), colNode('s')), dateColumn([thursday]));
    expect(isoDate(out.get(0) as number)).toBe('2024-02-26');
  });
});

describe('epoch_ms', () => {
  it('milliseconds since the epoch, floored, as int64', () => {
    const ts = evalCall('epoch_ms', timestampColumn(MICROS));
    expect(ts.dtype).toBe('int64');
    expect(bigValues(ts)).toEqual(MICROS.map((us) => (us === null ? null : floorDiv(us, 1000n))));
    expect(bigValues(evalCall('epoch_ms', dateColumn(DAYS)))).toEqual(DAYS.map((d) => (d === null ? null : BigInt(d) * 86_400_000n)));
    expect(values(evalCall('epoch_ms', timestampColumn([-1n, -1000n, -1001n, 1999n])))).toEqual([-1, -1, -2, 1]);
  });
});

describe('type errors', () => {
  const chunk = Chunk.of({ n: new NumberColumn('int32', new Int32Array(1)), d: dateColumn([0]) });
  const resolve =
    (fn: string, ...args: Parameters<typeof callNode>[1][]) =>
    () =>
      resolveExpr(callNode(fn, ...args), chunk.schema);

  it('name the function and the dtype it got', () => {
    expect(resolve('year', colNode('n'))).toThrow(/year\(\) needs a date or timestamp, got int32/);
    expect(resolve('hour', litNode('2024-01-01'))).toThrow(/hour\(\) needs a date or timestamp, got utf8/);
    expect(resolve('date_trunc', litNode('fortnight'), colNode('d'))).toThrow(/unknown unit 'fortnight'/);
    expect(resolve('date_trunc', litNode('month'), colNode('n'))).toThrow(/date_trunc\(\) needs a date or timestamp as argument 2, got int32/);
    expect(resolve('epoch_ms', colNode('n'))).toThrow(/epoch_ms\(\) needs a date or timestamp/);
  });
});

describe('parseDateText and parseTimestampText', () => {
  it('read back what isoDate and isoTimestamp print', () => {
    for (const d of DAYS) if (d !== null) expect(parseDateText(isoDate(d))).toBe(d);
    for (const us of MICROS) if (us !== null) expect(parseTimestampText(isoTimestamp(us))).toBe(us);
  });

  it('take the usual spellings of a timestamp and an offset', () => {
    const base = BigInt(utcDays(2024, 1, 2)) * US_PER_DAY;
    const t = (h: number, m: number, s = 0) => base + BigInt(((h * 60 + m) * 60 + s) * 1_000_000);
    expect(parseTimestampText('2024-01-02')).toBe(base);
    expect(parseTimestampText('2024-01-02 03:04:05')).toBe(t(3, 4, 5));
    expect(parseTimestampText(' 2024-01-02t03:04 ')).toBe(t(3, 4));
    expect(parseTimestampText('2024-01-02T03:04:05.123456789')).toBe(t(3, 4, 5) + 123_456n);
    expect(parseTimestampText('2024-01-02T03:04:05,5Z')).toBe(t(3, 4, 5) + 500_000n);
    expect(parseTimestampText('2024-01-02T03:04:05+02:00')).toBe(t(1, 4, 5));
    expect(parseTimestampText('2024-01-02T00:30-0130')).toBe(t(2, 0));
    expect(parseTimestampText('2024-01-02T00:30+01')).toBe(t(-1, 30));
  });

  it('refuse what is not a date or a timestamp', () => {
    for (const bad of ['2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-01-32', '2024-1-1', '2024/01/01', '', 'abc', '2024-01-01T00:00', '20240101']) {
      expect(parseDateText(bad)).toBeNull();
    }
    expect(parseDateText(' 2000-02-29\n')).toBe(utcDays(2000, 2, 29));
    expect(parseDateText('+010000-01-01')).toBe(utcDays(10000, 1, 1));
    expect(parseDateText('-000001-12-31')).toBe(utcDays(-1, 12, 31));
    for (const bad of [
      '2024-01-02T24:00',
      '2024-01-02 3:04',
      '2024-01-02T03:04:60',
      '2024-01-02T03:04:05.',
      '2024-01-02T03:04:05+2',
      '2024-01-02T03:04:05+02:',
      '2024-01-02T03:04:05 Z',
      '2024-01-02X03:04',
      '+999999-01-01',
    ]) {
      expect(parseTimestampText(bad)).toBeNull();
    }
  });
});

describe('to_date', () => {
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (v: number) => String(v).padStart(2, '0');
  const fields = (d: number) => {
    const t = new Date(d * MS_PER_DAY);
    return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
  };
  /** Date texts in several spellings, some impossible or malformed. */
  const texts = (() => {
    const next = random(2024);
    const rows: (string | null)[] = [
      '2023-02-29',
      '2024-02-29',
      '29/02/2023',
      '31 Apr 2024',
      ' 2024-01-01 ',
      '2024-1-1',
      '',
      'x',
      '1/2/2024',
      '01 jan 2024',
      '01 JAN 2024',
    ];
    for (const day of DAYS.slice(0, 1200)) {
      if (day === null) {
        rows.push(null);
        continue;
      }
      const { y, m, d } = fields(day);
      if (y < 1000 || y > 9999) continue;
      const spellings = [isoDate(day), `${pad(d)}/${pad(m)}/${y}`, `${d}/${m}/${y}`, `${pad(d)} ${MONTHS[m - 1]} ${y}`, `${y}${pad(m)}${pad(d)}`];
      rows.push(spellings[Math.floor(next() * spellings.length)]);
    }
    return rows;
  })();

  /** The day of a checked calendar date, or null when it does not exist. */
  const dayOf = (y: number, m: number, d: number): number | null => {
    const day = utcDays(y, m, d);
    const f = fields(day);
    return f.m === m && f.d === d ? day : null;
  };

  it('reads ISO dates without a format', () => {
    checkFunction(texts, 'to_date', [], (s) => {
      const m = /^[\t\n\v\f\r ]*(\d{4})-(\d{2})-(\d{2})[\t\n\v\f\r ]*$/.exec(s);
      return m === null ? null : dayOf(+m[1], +m[2], +m[3]);
    });
  });

  it('reads strftime formats', () => {
    checkFunction(texts, 'to_date', ['%d/%m/%Y'], (s) => {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
      return m === null ? null : dayOf(+m[3], +m[2], +m[1]);
    });
    checkFunction(texts, 'to_date', ['%d %b %Y'], (s) => {
      const m = /^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$/.exec(s);
      const month = m === null ? -1 : MONTHS.findIndex((name) => name.toLowerCase() === m[2].toLowerCase());
      return m === null || month < 0 ? null : dayOf(+m[3], month + 1, +m[1]);
    });
    checkFunction(texts, 'to_date', ['%Y%m%d'], (s) => {
      const m = /^(\d{4})(\d{1,2})(\d{1,2})$/.exec(s);
      return m === null ? null : dayOf(+m[1], +m[2], +m[3]);
    });
  });

  it('spot checks: two-digit years pivot at 69, time fields are checked but ignored', () => {
    const c = evalCall('to_date', utf8Of(['01/02/68', '01/02/69', '05.03.2024 23:59', '05.03.2024 24:00']), '%d/%m/%y');
    expect(
      values(c)
        .slice(0, 2)
        .map((d) => isoDate(d as number)),
    ).toEqual(['2068-02-01', '1969-02-01']);
    const t = evalCall('to_date', utf8Of(['05.03.2024 23:59', '05.03.2024 24:00', '5 March 2024']), '%d.%m.%Y %H:%M');
    expect(values(t)).toEqual([utcDays(2024, 3, 5), null, null]);
    expect(values(evalCall('to_date', utf8Of(['5 March 2024', '5 Mar 2024']), '%d %B %Y'))).toEqual([utcDays(2024, 3, 5), null]);
  });
});
