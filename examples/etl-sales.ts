/**
 * An ETL job with expressions, as a user writes it: a generated sales CSV (date, region, product, qty, price) ->
 * revenue and orders by region and month, with a ratio computed after aggregating and a HAVING filter -> Parquet.
 * Run: node --import tsx examples/etl-sales.ts [rows] [out.parquet]
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { col, count, readParquet, scanCsv, when } from 'df-stream';
import { seededRandom } from './seeded-random.js';

const REGIONS = [' North', 'south ', 'EAST', 'West', 'north'];
const PRODUCTS = ['apple', 'pear', 'plum', 'fig', 'kiwi'];

/** Writes `rows` sales lines: region names carry stray spaces and mixed case, as exported data does; some prices are missing. */
export async function writeSalesCsv(path: string, rows: number, seed = 7): Promise<void> {
  const rnd = seededRandom(seed);
  const out = createWriteStream(path);
  out.write('day,region,product,qty,price\n');
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const day = new Date(start + Math.floor(rnd() * 366) * 86_400_000).toISOString().slice(0, 10);
    const region = REGIONS[Math.floor(rnd() * REGIONS.length)];
    const product = PRODUCTS[Math.floor(rnd() * PRODUCTS.length)];
    const qty = 1 + Math.floor(rnd() * 20);
    const price = rnd() < 0.02 ? '' : (0.5 + rnd() * 9.5).toFixed(2);
    if (!out.write(`${day},"${region}",${product},${qty},${price}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** The job: what an analyst would write in pandas or Polars. */
export async function salesByRegionAndMonth(input: string, output: string): Promise<void> {
  await scanCsv(input)
    .withColumns(col('region').str.strip().str.lower().as('region'), col('qty').mul(col('price')).as('revenue'), when(col('qty').ge(10)).then(1).otherwise(0).as('bulk'))
    .filter(col('price').isNotNull())
    .groupBy('region', col('day').dt.truncate('month').as('month'))
    .agg(
      count().as('orders'),
      col('revenue').sum().as('revenue'),
      col('revenue').sum().div(col('qty').sum()).round(4).as('avg_unit_price'),
      col('bulk').sum().div(count()).as('bulk_share'),
    )
    .filter(col('orders').gt(100))
    .sink(output);
}

export async function main(rows: number, output: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'df-stream-sales-'));
  try {
    const input = join(dir, 'sales.csv');
    await writeSalesCsv(input, rows);
    const started = performance.now();
    await salesByRegionAndMonth(input, output);
    const seconds = (performance.now() - started) / 1000;
    const result = await readParquet(output);
    return `${result.toString({ maxRows: 12 })}\n${result.numRows} groups from ${rows} rows in ${seconds.toFixed(2)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 200_000);
  const output = process.argv[3] ?? join(tmpdir(), 'df-stream-sales-by-region-month.parquet');
  console.log(await main(rows, output));
}
