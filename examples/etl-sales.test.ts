import { readFileSync } from 'node:fs';
import { makeTestDir } from '@df-stream/test-utils';
import { readParquet } from 'df-stream';
import { describe, expect, it } from 'vitest';
import { salesByRegionAndMonth, writeSalesCsv } from './etl-sales.js';

/** The same job in plain JS over the same lines: parse, clean, group in a Map. */
function reference(csv: string): Map<string, { orders: number; revenue: number; qty: number; bulk: number }> {
  const groups = new Map<string, { orders: number; revenue: number; qty: number; bulk: number }>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [day, quotedRegion, , qtyText, priceText] = line.split(',');
    if (priceText === '') continue;
    const region = quotedRegion.slice(1, -1).trim().toLowerCase();
    const key = `${region}|${day.slice(0, 7)}-01`;
    const g = groups.get(key) ?? { orders: 0, revenue: 0, qty: 0, bulk: 0 };
    const qty = Number(qtyText);
    g.orders++;
    g.revenue += qty * Number(priceText);
    g.qty += qty;
    g.bulk += qty >= 10 ? 1 : 0;
    groups.set(key, g);
  }
  return groups;
}

describe('examples/etl-sales', () => {
  const dir = makeTestDir('etl-sales-test');

  it('gives revenue, orders, a post-aggregate ratio and a HAVING filter by region and month, as a plain JS reference does', async () => {
    const input = dir.path('sales.csv');
    const output = dir.path('by-region-month.parquet');
    await writeSalesCsv(input, 60_000);
    await salesByRegionAndMonth(input, output);
    const got = await readParquet(output);
    expect(got.columns).toEqual(['region', 'month', 'orders', 'revenue', 'avg_unit_price', 'bulk_share']);
    expect(got.schema.field('month').dtype).toBe('date');
    const want = [...reference(readFileSync(input, 'utf8'))].filter(([, g]) => g.orders > 100);
    expect(got.numRows).toBe(want.length);
    // A date reads back as days since the epoch.
    const iso = (days: unknown): string => new Date(Number(days) * 86_400_000).toISOString().slice(0, 10);
    const byKey = new Map(got.toRecords().map((r) => [`${r.region}|${iso(r.month)}`, r]));
    for (const [key, g] of want) {
      const r = byKey.get(key);
      expect(r, key).toBeDefined();
      expect(r?.orders).toBe(g.orders);
      expect(r?.revenue as number).toBeCloseTo(g.revenue, 6);
      expect(r?.avg_unit_price as number).toBeCloseTo(Math.round((g.revenue / g.qty) * 1e4) / 1e4, 9);
      expect(r?.bulk_share as number).toBeCloseTo(g.bulk / g.orders, 12);
    }
    // Five spellings of four regions become four after strip + lower.
    expect(new Set(got.toColumns().region)).toEqual(new Set(['north', 'south', 'east', 'west']));
  });
});
