import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const { dir } = makeTestDir('df-stream-cli-expr');

/** A small sales file: day, region (mixed case and spaces), qty, price (some missing). */
const rnd = new SeededRandom(16);
const lines = ['day,region,qty,price'];
const rows: { day: string; region: string; qty: number; price: number | null }[] = [];
for (let i = 0; i < 2000; i++) {
  const day = `2024-${String(1 + rnd.int(12)).padStart(2, '0')}-${String(1 + rnd.int(28)).padStart(2, '0')}`;
  const region = rnd.pick(['North', ' north', 'SOUTH', 'south ', 'East']);
  const qty = 1 + rnd.int(9);
  const price = rnd.chance(0.05) ? null : rnd.int(1000) / 100;
  rows.push({ day, region, qty, price });
  lines.push(`${day},"${region}",${qty},${price ?? ''}`);
}
const sales = join(dir, 'sales.csv');
writeFileSync(sales, `${lines.join('\n')}\n`);

function csvRows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

describe('agg with SQL expressions', () => {
  it('--with, --filter, an expression --by and --agg over aggregates match a plain JS reference', () => {
    const r = runCli([
      'agg',
      sales,
      '--with',
      'revenue = qty * price',
      '--filter',
      'price is not null and qty >= 2',
      '--by',
      "region = lower(trim(region)), month = date_trunc('month', day)",
      '--agg',
      'orders = count(*)',
      '--agg',
      'avg_price = round(sum(revenue) / sum(qty), 4)',
      '--agg',
      'qty:max',
      '--sort',
      'orders:desc',
      '--format',
      'csv',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const want = new Map<string, { n: number; rev: number; qty: number; max: number }>();
    for (const x of rows) {
      if (x.price === null || x.qty < 2) continue;
      const key = `${x.region.trim().toLowerCase()}|${x.day.slice(0, 7)}-01`;
      const g = want.get(key) ?? { n: 0, rev: 0, qty: 0, max: 0 };
      g.n++;
      g.rev += x.qty * x.price;
      g.qty += x.qty;
      g.max = Math.max(g.max, x.qty);
      want.set(key, g);
    }
    const [header, ...body] = csvRows(r.stdout);
    expect(header).toEqual(['region', 'month', 'orders', 'avg_price', 'qty_max']);
    expect(body.length).toBe(want.size);
    for (const [region, month, orders, avg, max] of body) {
      const g = want.get(`${region}|${month}`);
      expect(g, `${region} ${month}`).toBeDefined();
      expect(Number(orders)).toBe(g?.n);
      expect(Number(avg)).toBeCloseTo(Math.round(((g?.rev ?? 0) / (g?.qty ?? 1)) * 1e4) / 1e4, 9);
      expect(Number(max)).toBe(g?.max);
    }
  });

  it('COL:count counts non-null values, as count(COL) does; count and count(*) count rows', () => {
    const r = runCli(['agg', sales, '--by', 'region', '--agg', 'price:count', '--agg', 'n = count(price)', '--agg', 'count', '--format', 'csv']);
    expect(r.code).toBe(0);
    for (const [region, priceCount, n, count] of csvRows(r.stdout).slice(1)) {
      const members = rows.filter((x) => x.region.trim() === region.trim() || x.region === region);
      expect(Number(count)).toBe(members.length);
      expect(Number(priceCount)).toBe(members.filter((x) => x.price !== null).length);
      expect(n).toBe(priceCount);
    }
  });

  it('a syntax error shows the expression with a caret and exits 2', () => {
    const r = runCli(['agg', sales, '--by', 'region', '--with', 'x = qty * * price']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--with: syntax error at column 13: .*\n {2}x = qty \* \* price\n {14}\^/);
  });

  it('min and max of a timestamp column are timestamps, from agg and from SQL (as a JS reference finds them)', () => {
    const events = ['user,seen'];
    const seen = new Map<string, string[]>();
    for (let i = 0; i < 300; i++) {
      const user = `u${rnd.int(7)}`;
      const at = new Date(Date.UTC(2020 + rnd.int(5), rnd.int(12), 1 + rnd.int(28), rnd.int(24), rnd.int(60), rnd.int(60))).toISOString();
      events.push(`${user},${at.slice(0, 19)}`);
      seen.set(user, [...(seen.get(user) ?? []), at]);
    }
    const file = join(dir, 'events.csv');
    writeFileSync(file, `${events.join('\n')}\n`);
    // ISO strings of one format sort as their instants do.
    const want = [...seen.keys()].sort().map((user) => {
      const ats = (seen.get(user) ?? []).sort();
      return [user, ats[0], ats[ats.length - 1]];
    });
    const agg = runCli(['agg', file, '--by', 'user', '--agg', 'seen:min,max', '--sort', 'user']);
    expect(agg.stderr).toBe('');
    expect(csvRows(agg.stdout)).toEqual([['user', 'seen_min', 'seen_max'], ...want]);
    const sql = runCli(['sql', `select user, min(seen) as lo, max(seen) as hi from '${file}' group by user order by user`]);
    expect(sql.stderr).toBe('');
    expect(csvRows(sql.stdout)).toEqual([['user', 'lo', 'hi'], ...want]);
  });

  it('type errors and unknown columns are found before reading, name the expression and exit 2', () => {
    const type = runCli(['agg', sales, '--by', 'region', '--filter', "qty > 'a'"]);
    expect(type.code).toBe(2);
    expect(type.stderr).toMatch(/cannot compare int\d+ with utf8 in gt\(\): qty > 'a'/);
    const year = runCli(['agg', sales, '--by', 'k = year(qty)']);
    expect(year.code).toBe(2);
    expect(year.stderr).toMatch(/year\(\) needs a date or timestamp, got int\d+: year\(qty\)/);
    const missing = runCli(['agg', sales, '--by', 'region', '--agg', 'r = sum(qtty)']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/column 'qtty' not found \(did you mean 'qty'\?\)/);
    const loose = runCli(['agg', sales, '--by', 'region', '--agg', 'r = max(qty) - price']);
    expect(loose.code).toBe(2);
    expect(loose.stderr).toMatch(/price in .* is neither a group key nor inside an aggregate/);
  });
});
