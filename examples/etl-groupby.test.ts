import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestDir } from '@df-stream/test-utils';
import { expect, it } from 'vitest';
import { main } from './etl-groupby.js';
import { weatherCsv } from './make-weather-csv.js';

const { dir } = makeTestDir('df-stream-etl');

it('runs the ETL example end to end and its figures match a plain computation', async () => {
  const csv = weatherCsv(5000, 11);
  const input = join(dir, 'weather.csv');
  writeFileSync(input, csv);
  const text = await main(input, join(dir, 'out.parquet'));
  const counts = new Map<string, number>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const city = line.slice(0, line.lastIndexOf(','));
    counts.set(city, (counts.get(city) ?? 0) + 1);
  }
  for (const [city, n] of counts) expect(text).toMatch(new RegExp(`${city}\\s+${n}\\s`));
  expect(text).toMatch(/wrote .*out\.parquet in [\d.]+ s, peak RSS \d+ MB/);
});
