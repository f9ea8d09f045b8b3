import { existsSync } from 'node:fs';
import { readParquet } from '@df-stream/io';
import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const test = makeTestDir('df-stream-cli-sql');
const rnd = new SeededRandom(5);
const cities = ['Oslo', 'Rome', 'Lima'];
const sales = Array.from({ length: 200 }, (_, i) => ({ id: i, city: cities[rnd.int(3)], qty: rnd.int(10), price: rnd.int(100) }));
const salesCsv = test.write('sales.csv', `id,city,qty,price\n${sales.map((s) => `${s.id},${s.city},${s.qty},${s.price}`).join('\n')}\n`);
const countriesCsv = test.write('countries.csv', 'city,country\nOslo,Norway\nRome,Italy\nParis,France\n');

/** CSV text as rows of strings (no quoting in these files). */
const parse = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .map((l) => l.split(','));

describe('df-stream sql', () => {
  it('a grouped query over a file, ordered, as CSV on stdout', () => {
    const r = runCli(['sql', `SELECT city, sum(qty * price) AS revenue, count(*) AS n FROM '${salesCsv}' WHERE qty > 2 GROUP BY city ORDER BY revenue DESC`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const want = new Map<string, [number, number]>();
    for (const s of sales) {
      if (s.qty <= 2) continue;
      const [rev, n] = want.get(s.city) ?? [0, 0];
      want.set(s.city, [rev + s.qty * s.price, n + 1]);
    }
    const expected = [...want].sort((a, b) => b[1][0] - a[1][0]).map(([city, [rev, n]]) => [city, String(rev), String(n)]);
    expect(parse(r.stdout)).toEqual([['city', 'revenue', 'n'], ...expected]);
  });

  it('a left join of two files, written to Parquet', async () => {
    const out = test.path('joined.parquet');
    const r = runCli(['sql', `SELECT s.id, s.city, c.country FROM '${salesCsv}' s LEFT JOIN '${countriesCsv}' c ON s.city = c.city ORDER BY s.id`, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const country: Record<string, string | null> = { Oslo: 'Norway', Rome: 'Italy', Lima: null };
    const rows = (await readParquet(out)).toRecords();
    expect(rows).toEqual(sales.map((s) => ({ id: s.id, city: s.city, country: country[s.city] })));
  });

  it('a syntax error: one line, the query with a caret, a hint, exit 2, no output file', () => {
    const out = test.path('never.csv');
    const r = runCli(['sql', `SELECT city FROM '${salesCsv}' WHERE qty > > 2`, '-o', out]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^df-stream: error: sql: syntax error at column \d+: unexpected '>'$/);
    expect(lines[2]).toMatch(/^ +\^$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown column names the closest, exit 2', () => {
    const r = runCli(['sql', `SELECT citty FROM '${salesCsv}'`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/column 'citty' not found/);
    expect(r.stderr).toMatch(/hint: did you mean 'city'\?/);
  });
});

describe('df-stream select and filter', () => {
  it('select: columns and NAME=EXPR, with --filter', () => {
    const r = runCli(['select', salesCsv, 'id', 'revenue = qty * price', '--filter', "city = 'Rome'"]);
    expect(r.stderr).toBe('');
    const want = sales.filter((s) => s.city === 'Rome').map((s) => [String(s.id), String(s.qty * s.price)]);
    expect(parse(r.stdout)).toEqual([['id', 'revenue'], ...want]);
  });

  it('filter: every column of the rows where the expression is true', () => {
    const r = runCli(['filter', salesCsv, 'qty >= 8 and price < 50', '--limit', '5']);
    expect(r.stderr).toBe('');
    const want = sales
      .filter((s) => s.qty >= 8 && s.price < 50)
      .slice(0, 5)
      .map((s) => [String(s.id), s.city, String(s.qty), String(s.price)]);
    expect(parse(r.stdout)).toEqual([['id', 'city', 'qty', 'price'], ...want]);
  });

  it('select: an unknown column names the closest, exit 2, no output file', () => {
    const out = test.path('never-select.csv');
    const r = runCli(['select', salesCsv, 'id', 'qtty', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/qtty/);
    expect(r.stderr).toMatch(/qty/);
    expect(existsSync(out)).toBe(false);
  });

  it('a bad expression is a usage error', () => {
    const r = runCli(['filter', salesCsv, 'qty >']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^df-stream: error: filter: syntax error/);
  });
});
