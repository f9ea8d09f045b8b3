import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataFrame, type Value } from '@df-stream/core';
import { SeededRandom } from '@df-stream/test-utils';
import { writeCsv, writeFeather, writeParquet } from '../../src/index.js';

export type FixtureFormat = 'csv' | 'parquet' | 'feather';

export const EXT: Record<FixtureFormat, string> = { csv: '.csv', parquet: '.parquet', feather: '.feather' };

/** One generated file of a hive directory: its path, its partition values and its own rows. */
export interface FixtureFile {
  readonly path: string;
  readonly year: number;
  readonly month: number;
  readonly frame: DataFrame;
}

/**
 * `root/year=Y/month=M/part-K.ext` for years 2023..2025 and months 1..3 (month as `01`..`03`, which reads back as
 * the integer), seeded rows of `id` (int), `city` (text), `v` (float, some nulls), files in sorted path order.
 */
export async function writeHiveDir(root: string, format: FixtureFormat, seed: number, rowsPerFile = 40, maxParts = 2): Promise<FixtureFile[]> {
  const rnd = new SeededRandom(seed);
  const files: FixtureFile[] = [];
  let id = 0;
  for (const year of [2023, 2024, 2025]) {
    for (const month of [1, 2, 3]) {
      const dir = join(root, `year=${year}`, `month=${String(month).padStart(2, '0')}`);
      mkdirSync(dir, { recursive: true });
      const parts = 1 + rnd.int(maxParts);
      for (let k = 0; k < parts; k++) {
        const n = 1 + rnd.int(rowsPerFile);
        const frame = DataFrame.fromColumns(
          {
            id: Array.from({ length: n }, () => id++),
            city: Array.from({ length: n }, () => `city-${rnd.int(7)}`),
            v: Array.from({ length: n }, () => (rnd.chance(0.1) ? null : Math.round(rnd.next() * 1000) / 8)),
          },
          { chunkSize: 16 },
        );
        const path = join(dir, `part-${k}${EXT[format]}`);
        if (format === 'csv') await writeCsv(frame, path);
        else if (format === 'parquet') await writeParquet(frame, path, { rowGroupSize: 16 });
        else await writeFeather(frame, path);
        files.push({ path, year, month, frame });
      }
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Rows as objects, for comparisons by value. */
export function rowsOf(df: DataFrame): Record<string, Value>[] {
  const cols = df.toColumns();
  const names = Object.keys(cols);
  return Array.from({ length: df.numRows }, (_, i) => Object.fromEntries(names.map((n) => [n, cols[n][i]])));
}
