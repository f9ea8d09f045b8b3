/**
 * An ETL job as a user writes it: scan a CSV lazily, filter, group, aggregate, sink to Parquet,
 * then print the result, the time and the peak memory. Run: node --import tsx examples/etl-groupby.ts [in.csv] [out.parquet]
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { col, count, readParquet, scanCsv } from 'df-stream';

export async function main(input: string, output: string): Promise<string> {
  const started = performance.now();
  await scanCsv(input)
    .filter(col('temp').gt(-50))
    .groupBy('city')
    .agg(count().as('readings'), col('temp').min().as('min_temp'), col('temp').mean().as('avg_temp'), col('temp').max().as('max_temp'))
    .sink(output);
  const seconds = (performance.now() - started) / 1000;
  const result = await readParquet(output);
  const peakMB = process.resourceUsage().maxRSS / 1024;
  return `${result.toString({ maxRows: 20 })}\nwrote ${output} in ${seconds.toFixed(2)} s, peak RSS ${peakMB.toFixed(0)} MB`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const input = process.argv[2] ?? fileURLToPath(new URL('./data/weather.csv', import.meta.url));
  const output = process.argv[3] ?? join(tmpdir(), 'df-stream-weather-by-city.parquet');
  console.log(await main(input, output));
}
