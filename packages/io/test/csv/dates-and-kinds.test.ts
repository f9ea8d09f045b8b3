import { readFileSync } from 'node:fs';
import type { DataFrame } from '@df-stream/core';
import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../src/csv/index.js';

const tmp = makeTestDir('csv-dates');
const CHUNK_SIZES = [1, 7, undefined];

/** Reference: days since the epoch of an ISO date, by Date.UTC (not our parser). */
function refDays(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  const back = new Date(0);
  back.setUTCFullYear(y, mo - 1, d);
  const ms = back.getTime();
  // Date.UTC rolls 2023-02-29 over to March: such a text is not a date.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / 86_400_000;
}

/** Reference: microseconds of an ISO timestamp, by a regular expression and Date.UTC (a number, as columns give them). */
function refMicros(text: string): number | null {
  const us = refBigMicros(text);
  return us === null ? null : Number(us);
}

function refBigMicros(text: string): bigint | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text);
  if (m === null) return null;
  const days = refDays(`${m[1]}-${m[2]}-${m[3]}`);
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (days === null || h > 23 || mi > 59 || s > 59) return null;
  const frac = BigInt((m[7] ?? '').padEnd(6, '0').slice(0, 6) || '0');
  let offset = 0;
  if (m[8] !== undefined && m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  }
  return (BigInt(days) * 86_400n + BigInt(h * 3600 + mi * 60 + s - offset * 60)) * 1_000_000n + frac;
}

async function readAll(path: string, options: Parameters<typeof readCsv>[1] = {}): Promise<DataFrame[]> {
  return Promise.all(CHUNK_SIZES.map((chunkSize) => readCsv(path, { ...options, chunkSize })));
}

function randomTimestamp(rng: SeededRandom): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const y = 1900 + rng.int(200);
  const mo = 1 + rng.int(12);
  const d = 1 + rng.int(28);
  let t = `${y}-${pad(mo)}-${pad(d)}${rng.chance(0.5) ? 'T' : ' '}${pad(rng.int(24))}:${pad(rng.int(60))}`;
  if (rng.chance(0.8)) {
    t += `:${pad(rng.int(60))}`;
    if (rng.chance(0.6)) t += `.${Array.from({ length: 1 + rng.int(9) }, () => rng.int(10)).join('')}`;
  }
  const tz = rng.int(4);
  if (tz === 1) t += 'Z';
  else if (tz === 2) t += `${rng.chance(0.5) ? '+' : '-'}${pad(rng.int(15))}:${pad(rng.pick([0, 30, 45]))}`;
  else if (tz === 3) t += `${rng.chance(0.5) ? '+' : '-'}${pad(rng.int(15))}${rng.chance(0.5) ? pad(rng.pick([0, 30])) : ''}`;
  return t;
}

describe('dates and timestamps from bytes', () => {
  it('infers ISO dates as date (epoch, before 1970, leap days) and agrees with Date.UTC at every chunk size', async () => {
    const rng = new SeededRandom(19);
    const fixed = ['1970-01-01', '1969-12-31', '2000-02-29', '2024-02-29', '1600-03-01', '0001-01-01', '9999-12-31', '1900-02-28'];
    // Any day of years 0001 to 9999.
    const texts = [...fixed, ...Array.from({ length: 500 }, () => new Date((rng.int(3_652_059) - 719_162) * 86_400_000).toISOString().slice(0, 10))];
    const valid = texts.filter((t) => /^\d{4}-/.test(t));
    expect(valid.length).toBe(texts.length);
    const path = tmp.write('dates.csv', `d\n${valid.join('\n')}\n`);
    for (const df of await readAll(path)) {
      expect(df.schema.fields[0].dtype).toBe('date');
      expect(df.column('d').toArray()).toEqual(valid.map(refDays));
    }
  });

  it('a date that is not on the calendar (1900-02-29, 2023-02-30, month 13) keeps the column text', async () => {
    for (const bad of ['1900-02-29', '2023-02-30', '2024-13-01', '2024-00-10', '2024-1-05']) {
      const df = await readCsv(tmp.write(`bad-${bad}.csv`, `d\n2024-01-01\n${bad}\n`));
      expect(df.schema.fields[0].dtype, bad).toBe('categorical');
      expect(df.column('d').toArray(), bad).toEqual(['2024-01-01', bad]);
    }
  });

  it('infers ISO timestamps (T or space, 1-9 fraction digits, Z and offsets) as UTC microseconds', async () => {
    const rng = new SeededRandom(7);
    const texts = [
      '1970-01-01T00:00:00Z',
      '1969-12-31 23:59:59.999999',
      '2024-02-29T12:00+05:30',
      '2024-03-01 00:00:00.123456789-0800',
      ...Array.from({ length: 600 }, () => randomTimestamp(rng)),
    ];
    const path = tmp.write('ts.csv', `t\n${texts.join('\n')}\n`);
    for (const df of await readAll(path)) {
      expect(df.schema.fields[0].dtype).toBe('timestamp');
      expect(df.column('t').toArray()).toEqual(texts.map(refMicros));
    }
  });

  it('rejects 24:00, minute 60 and second 60 (the column stays text)', async () => {
    for (const bad of ['2024-01-01 24:00', '2024-01-01T10:60', '2024-01-01T10:00:60', '2024-01-01T10:00:00.', '2024-01-01T10:00:00.1234567890']) {
      const df = await readCsv(tmp.write('bad-ts.csv', `t\n2024-01-01 10:00\n${bad}\n`));
      expect(df.schema.fields[0].dtype, bad).toBe('categorical');
    }
  });

  it('a date column that meets a timestamp becomes timestamp, one that meets text becomes text, at any chunk size', async () => {
    const mixed = tmp.write('date-ts.csv', 'v\n2024-01-01\n2024-01-02\n2024-01-02T06:00:00Z\n2024-01-03\n');
    for (const df of await Promise.all(CHUNK_SIZES.map((chunkSize) => readCsv(mixed, { chunkSize, inferSchemaRows: 1 })))) {
      expect(df.schema.fields[0].dtype).toBe('timestamp');
      expect(df.column('v').toArray()).toEqual(['2024-01-01T00:00Z', '2024-01-02T00:00Z', '2024-01-02T06:00Z', '2024-01-03T00:00Z'].map(refMicros));
    }
    const texty = tmp.write('date-text.csv', 'v\n2024-01-01\n1999-12-31\nsoon\n2024-01-03\n');
    const frames = await Promise.all(CHUNK_SIZES.map((chunkSize) => readCsv(texty, { chunkSize, inferSchemaRows: 1 })));
    for (const df of frames) expect(df.column('v').toArray()).toEqual(['2024-01-01', '1999-12-31', 'soon', '2024-01-03']);
  });

  it('dateFormat and timestampFormat read other layouts (strftime), and only those', async () => {
    const path = tmp.write('eu.csv', 'd,t,iso\n31/12/1999,12/31/1999 11:05 PM,2024-01-01\n1/2/2024,1/2/2024 9:00 am,2024-01-02\n');
    const df = await readCsv(path, { dateFormat: '%d/%m/%Y', timestampFormat: '%m/%d/%Y %I:%M %p' });
    expect(df.schema.fields.map((f) => f.dtype)).toEqual(['date', 'timestamp', 'categorical']);
    expect(df.column('d').toArray()).toEqual([refDays('1999-12-31'), refDays('2024-02-01')]);
    expect(df.column('t').toArray()).toEqual([refMicros('1999-12-31T23:05:00Z'), refMicros('2024-01-02T09:00:00Z')]);
    // Without the formats, 31/12/1999 is ambiguous text.
    const plain = await readCsv(path);
    expect(plain.schema.fields.map((f) => f.dtype)).toEqual(['categorical', 'categorical', 'date']);
    const withZone = await readCsv(tmp.write('z.csv', 't\n2024-05-06 07:08:09.5 +0200\n'), { timestampFormat: '%Y-%m-%d %H:%M:%S.%f %z' });
    expect(withZone.column('t').toArray()).toEqual([refMicros('2024-05-06T07:08:09.5+02:00')]);
    const named = await readCsv(tmp.write('b.csv', 'd\n06 Jan 2024\n'), { dateFormat: '%d %b %Y' });
    expect(named.column('d').toArray()).toEqual([refDays('2024-01-06')]);
  });

  it('a bad format is a usage error naming the option', async () => {
    const path = tmp.write('f.csv', 'd\n2024-01-01\n');
    await expect(readCsv(path, { dateFormat: '%d/%q/%Y' })).rejects.toThrow(/dateFormat: unknown directive '%q'/);
    await expect(readCsv(path, { dateFormat: '%d/%m/%Y %H' })).rejects.toThrow(/dateFormat .* has time directives/);
    await expect(readCsv(path, { timestampFormat: '%H:%M' })).rejects.toThrow(/timestampFormat .* needs a year/);
  });

  it('a date dtype the user asks for parses from bytes and names the line and column of a bad value', async () => {
    const path = tmp.write('fixed-date.csv', 'id,day\n1,2024-03-01\n2,1970-01-02\n3,2024-02-30\n');
    await expect(readCsv(path, { dtypes: { day: 'date' } })).rejects.toThrow(/fixed-date\.csv:4: cannot parse '2024-02-30' as date \(column 'day'/);
    const ok = await readCsv(path, { dtypes: { day: 'date' }, maxRows: 2 });
    expect(ok.column('day').toArray()).toEqual([refDays('2024-03-01'), 1]);
  });

  it('the CSV writer prints dates and timestamps back in ISO form, and they read back the same', async () => {
    const rng = new SeededRandom(3);
    const ts = Array.from({ length: 200 }, () => `${randomTimestamp(rng).slice(0, 19).replace(' ', 'T')}Z`);
    const days = Array.from({ length: 200 }, (_, i) => new Date(Date.UTC(1950, 0, 1) + i * 97 * 86_400_000).toISOString().slice(0, 10));
    const path = tmp.write('rt.csv', `d,t\n${days.map((d, i) => `${d},${ts[i]}`).join('\n')}\n`);
    const df = await readCsv(path);
    const out = tmp.path('rt-out.csv');
    await writeCsv(df, out);
    const back = await readCsv(out);
    expect(back.schema.toString()).toBe(df.schema.toString());
    expect(back.toRecords()).toEqual(df.toRecords());
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines[1].split(',')[0]).toBe(days[0]);
  });
});

describe('kinds that must not lose information', () => {
  it('digit strings with a leading zero stay text (zip codes); 0 and 0.5 stay numbers', async () => {
    const path = tmp.write('zips.csv', 'zip,n,f,late\n00501,0,0.5,1\n10001,0,1.25,2\n02134,7,0,007\n');
    for (const df of await Promise.all(CHUNK_SIZES.map((chunkSize) => readCsv(path, { chunkSize, inferSchemaRows: 2 })))) {
      expect(df.schema.fields.map((f) => f.dtype)).toEqual(['categorical', 'int8', 'float64', 'utf8']);
      expect(df.column('zip').toArray()).toEqual(['00501', '10001', '02134']);
      // A leading zero after the sample: the column turns text from there (earlier values as numbers print).
      expect(df.column('late').toArray()).toEqual(['1', '2', '007']);
    }
    const asked = await readCsv(path, { dtypes: { zip: 'int32' } });
    expect(asked.column('zip').toArray()).toEqual([501, 10001, 2134]);
  });

  it('numbers with more digits than a float64 keeps stay text', async () => {
    const path = tmp.write('digits.csv', 'a,b\n3.14159265358979323846,1.5\n2.5,0.1\n');
    const df = await readCsv(path);
    expect(df.schema.fields.map((f) => f.dtype)).toEqual(['categorical', 'float64']);
    expect(df.column('a').toArray()).toEqual(['3.14159265358979323846', '2.5']);
  });

  it('true/false in any case is bool; a column of only NA-like texts is text', async () => {
    const path = tmp.write('bools.csv', 'b,country,empty\nTRUE,NA,\nfalse,NA,\nTrue,,\n');
    const df = await readCsv(path);
    expect(df.schema.fields.map((f) => f.dtype)).toEqual(['bool', 'categorical', 'utf8']);
    expect(df.column('b').toArray()).toEqual([true, false, true]);
    expect(df.column('country').toArray()).toEqual(['NA', 'NA', null]);
  });
});

describe('round trip', () => {
  it('CSV -> frame -> CSV keeps every byte of the fields (numbers in shortest form, ISO dates and timestamps, codes, quoted text)', async () => {
    const rng = new SeededRandom(11);
    const words = ['Oslo', 'São Paulo', 'a, b', 'say "hi"', 'NA', 'x'];
    const lines = ['id,price,ok,day,at,code,note'];
    for (let i = 0; i < 2_000; i++) {
      const price = String(rng.int(1_000_000) / 1000);
      const day = new Date(Date.UTC(1960 + rng.int(80), rng.int(12), 1 + rng.int(28))).toISOString().slice(0, 10);
      const at = new Date(Date.UTC(1960 + rng.int(80), rng.int(12), 1 + rng.int(28), rng.int(24), rng.int(60), rng.int(60), rng.int(1000))).toISOString();
      const word = rng.pick(words);
      const note = /[",]/.test(word) || word === 'NA' ? `"${word.replace(/"/g, '""')}"` : word;
      lines.push([String(i - 1000), price, rng.chance(0.5) ? 'true' : 'false', day, at, String(rng.int(999)).padStart(5, '0'), note].join(','));
    }
    const text = `${lines.join('\n')}\n`;
    const path = tmp.write('roundtrip.csv', text);
    for (const chunkSize of CHUNK_SIZES) {
      const df = await readCsv(path, { chunkSize });
      expect(df.schema.fields.map((f) => f.dtype)).toEqual(['int16', 'float64', 'bool', 'date', 'timestamp', 'categorical', 'categorical']);
      const out = tmp.path(`roundtrip-out-${chunkSize}.csv`);
      await writeCsv(df, out);
      expect(readFileSync(out, 'utf8')).toBe(text);
    }
  });
});

describe('what a column that widens keeps', () => {
  it('null texts follow the sample kind, wherever a reader starts: NA after text in a column sampled as int stays null', async () => {
    const path = tmp.write('na-after-text.csv', 'v\n1\n2\nabc\nNA\n5\n');
    for (const chunkSize of CHUNK_SIZES) {
      const df = await readCsv(path, { chunkSize, inferSchemaRows: 2 });
      expect(df.column('v').toArray()).toEqual(['1', '2', 'abc', null, '5']);
    }
  });

  it('timestamps that turn to text keep their microseconds, before 1970 too', async () => {
    const path = tmp.write('ts-text.csv', 't\n1969-12-31T23:59:59.999999Z\n2024-02-29T12:00:00.123456Z\nlater\n');
    for (const chunkSize of CHUNK_SIZES) {
      const df = await readCsv(path, { chunkSize, inferSchemaRows: 1 });
      expect(df.column('t').toArray()).toEqual(['1969-12-31T23:59:59.999999Z', '2024-02-29T12:00:00.123456Z', 'later']);
    }
  });
});
