import fs from 'node:fs';
import path from 'node:path';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { formatSci } from '../src/cli/format-sci.js';
import { parseCount } from '../src/cli/parse-count.js';
import { generateCitiesCsv } from '../src/generate/cities-csv.js';
import { cityList } from '../src/generate/city-list.js';
import { realCityNames } from '../src/generate/city-names.js';
import { citiesFileName, groupbyFileName } from '../src/generate/data-files.js';
import { generateGroupbyCsv, groupbyHeader } from '../src/generate/groupby-csv.js';
import { checkResult } from '../src/run/check-results.js';

const { dir } = makeTestDir('df-stream-bench-test');

let fileCount = 0;
const tmpFile = () => path.join(dir, `f${fileCount++}.csv`);

async function groupby(options: { rows: number; k: number; seed?: number; nullPct?: number; sorted?: boolean; dates?: boolean }) {
  const file = tmpFile();
  const stats = await generateGroupbyCsv({ path: file, ...options });
  const bytes = fs.readFileSync(file);
  const lines = bytes.toString('latin1').trimEnd().split('\n');
  return { stats, bytes, header: lines[0], rows: lines.slice(1).map((l) => l.split(',')) };
}

const distinct = (rows: string[][], column: number) => new Set(rows.map((r) => r[column])).size;

describe('db-benchmark group-by generator', () => {
  it('gives the same bytes for the same seed and different bytes for another seed', async () => {
    const a = await groupby({ rows: 10_000, k: 100, seed: 7 });
    const b = await groupby({ rows: 10_000, k: 100, seed: 7 });
    const c = await groupby({ rows: 10_000, k: 100, seed: 8 });
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.bytes.equals(c.bytes)).toBe(false);
    expect(a.stats.bytes).toBe(a.bytes.length);
  });

  it('writes N rows of the db-benchmark schema with values in range', async () => {
    const { header, rows } = await groupby({ rows: 10_000, k: 100 });
    expect(header).toBe(groupbyHeader);
    expect(rows).toHaveLength(10_000);
    const inRange = (text: string, lo: number, hi: number) => /^\d+$/.test(text) && +text >= lo && +text <= hi;
    for (const [id1, id2, id3, id4, id5, id6, v1, v2, v3] of rows) {
      expect(id1).toMatch(/^id(0\d\d|100)$/);
      expect(id2).toMatch(/^id(0\d\d|100)$/);
      expect(id1).not.toBe('id000');
      expect(id3).toMatch(/^id\d{10}$/);
      expect(inRange(id3.slice(2), 1, 100)).toBe(true);
      expect(inRange(id4, 1, 100) && inRange(id5, 1, 100) && inRange(id6, 1, 100)).toBe(true);
      expect(inRange(v1, 1, 5) && inRange(v2, 1, 15)).toBe(true);
      expect(v3).toMatch(/^\d{1,2}\.\d{6}$/);
    }
  });

  it('--dates adds a day of 2015-2024 and a timestamp on that day, both valid ISO text', async () => {
    const { header, rows } = await groupby({ rows: 5_000, k: 10, dates: true });
    expect(header).toBe(`${groupbyHeader},day,ts`);
    const days = new Set<string>();
    for (const row of rows) {
      const [day, ts] = row.slice(9);
      expect(ts).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
      expect(ts.slice(0, 10)).toBe(day);
      // The text is the calendar's: Date gives the same day back.
      expect(new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10)).toBe(day);
      expect(day >= '2015-01-01' && day <= '2024-12-31').toBe(true);
      days.add(day);
    }
    expect(days.size).toBeGreaterThan(2_000);
    expect(groupbyFileName({ rows: 1e7, k: 100, dates: true })).toBe('G1_1e7_1e2_0_0_dates.csv');
  });

  it('has K distinct id1, id2, id4, id5 and N/K distinct id3, id6', async () => {
    const { rows } = await groupby({ rows: 10_000, k: 100 });
    for (const column of [0, 1, 3, 4]) expect(distinct(rows, column)).toBe(100);
    // 10,000 draws over 100 values: every value appears (each is missed with probability e^-100).
    expect(distinct(rows, 2)).toBe(100);
    expect(distinct(rows, 5)).toBe(100);
    const v = rows.map((r) => Number(r[8]));
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(100);
  });

  it('has N/K possible id3 values when K is small', async () => {
    const { rows } = await groupby({ rows: 10_000, k: 2 });
    expect(distinct(rows, 0)).toBe(2);
    const ids = rows.map((r) => Number(r[2].slice(2)));
    expect(Math.max(...ids)).toBeLessThanOrEqual(5_000);
    // Sampling 10,000 times from 5,000 values hits about 1 - e^-2 = 86% of them.
    expect(distinct(rows, 2)).toBeGreaterThan(4_000);
    expect(distinct(rows, 2)).toBeLessThan(4_700);
  });

  it('leaves about the requested share of fields empty with --nulls', async () => {
    const { rows } = await groupby({ rows: 10_000, k: 100, nullPct: 5 });
    expect(rows).toHaveLength(10_000);
    expect(rows.every((r) => r.length === 9)).toBe(true);
    const empty = rows.flat().filter((f) => f === '').length / (rows.length * 9);
    expect(empty).toBeGreaterThan(0.04);
    expect(empty).toBeLessThan(0.06);
  });

  it('orders rows by id1..id6 with --sorted and keeps the row count exact', async () => {
    const { rows } = await groupby({ rows: 10_000, k: 10, sorted: true });
    expect(rows).toHaveLength(10_000);
    const key = (r: string[]) => [r[0], r[1], r[2], +r[3], +r[4], +r[5]] as const;
    for (let i = 1; i < rows.length; i++) {
      const a = key(rows[i - 1]);
      const b = key(rows[i]);
      const order = a.findIndex((x, j) => x !== b[j]);
      if (order >= 0) expect(a[order] < b[order]).toBe(true);
    }
    expect(distinct(rows, 0)).toBe(10);
  });
});

describe('one-billion-row-challenge style generator', () => {
  it('is deterministic and writes `city;temp` rows with one decimal', async () => {
    const a = tmpFile();
    const b = tmpFile();
    await generateCitiesCsv({ path: a, rows: 10_000, seed: 3 });
    await generateCitiesCsv({ path: b, rows: 10_000, seed: 3 });
    const bytes = fs.readFileSync(a);
    expect(bytes.equals(fs.readFileSync(b))).toBe(true);
    const lines = bytes.toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('city;temp');
    expect(lines).toHaveLength(10_001);
    const names = new Set(realCityNames);
    const seen = new Set<string>();
    for (const line of lines.slice(1)) {
      const [city, temp, extra] = line.split(';');
      expect(extra).toBeUndefined();
      expect(names.has(city)).toBe(true);
      expect(temp).toMatch(/^-?\d{1,2}\.\d$/);
      seen.add(city);
    }
    // 10,000 draws over 509 stations see nearly all of them, including non-ASCII ones.
    expect(seen.size).toBeGreaterThan(480);
    expect(seen.has('São Paulo') || seen.has('東京') || seen.has('İstanbul')).toBe(true);
  });

  it('extends the station list with unique made-up names and honours the delimiter', async () => {
    const list = cityList(10_000);
    expect(new Set(list).size).toBe(10_000);
    expect(list.slice(0, realCityNames.length)).toEqual(realCityNames);
    expect(list.every((name) => !/[;,"\n]/.test(name))).toBe(true);
    const file = tmpFile();
    await generateCitiesCsv({ path: file, rows: 1_000, cities: 2_000, delimiter: ',' });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('city,temp');
    expect(lines.slice(1).every((l) => /^[^,]+,-?\d{1,2}\.\d$/.test(l))).toBe(true);
  });
});

describe('names and checks', () => {
  it('names files the db-benchmark way', () => {
    expect(groupbyFileName({ rows: parseCount('1e7'), k: 100 })).toBe('G1_1e7_1e2_0_0.csv');
    expect(groupbyFileName({ rows: 1e8, k: 2, nullPct: 5, sorted: true }, 'parquet')).toBe('G1_1e8_2e0_5_1.parquet');
    expect(citiesFileName(1e9, 509)).toBe('cities_1e9_509.csv');
    expect(formatSci(12_345)).toBe('12345');
    expect(parseCount('10_000_000')).toBe(1e7);
    expect(() => parseCount('1e-3')).toThrow(/non-negative integer/);
  });

  it('compares results by row count and column sums within 1e-6', () => {
    const reference = { rows: 100, totals: { v1_sum: 3_001_517, v3_mean: 5_000.123456 } };
    expect(checkResult({ rows: 100, totals: { v1_sum: 3_001_517, v3_mean: 5_000.1234561 } }, reference, 'duckdb').status).toBe('ok');
    expect(checkResult({ rows: 100, totals: { v1_sum: 3_001_516, v3_mean: 5_000.123456 } }, reference, 'duckdb').status).toBe('mismatch');
    expect(checkResult({ rows: 99, totals: { v1_sum: 3_001_517, v3_mean: 5_000.123456 } }, reference, 'duckdb').status).toBe('mismatch');
    expect(checkResult({ rows: 100, totals: { v1_sum: 3_001_517 } }, reference, 'duckdb').status).toBe('partial');
  });
});
