import fs from 'node:fs';
import { type ColumnarCopy, copyFileName } from '../convert/columnar-copies.js';
import { defaultCityCount, generateCitiesCsv } from '../generate/cities-csv.js';
import { citiesFileName, dataPath, type GroupbyFileOptions, groupbyFileName } from '../generate/data-files.js';
import { logGeneration } from '../generate/generation-log.js';
import { defaultSeed, generateGroupbyCsv } from '../generate/groupby-csv.js';
import { generateJoinCsvs, joinFileName } from '../generate/join-csv.js';
import type { Dataset } from '../queries/query-spec.js';

export interface DatasetOptions extends GroupbyFileOptions {
  cities?: number;
  threads: number;
}

/**
 * The file a query reads, generated (and converted) on first use: the CSV, or `copy` of the group-by CSV (a
 * Parquet or Feather file written by DuckDB or Polars) for the columnar suites. Existing files are reused as they
 * are: a file only exists once fully written, since generators and converters write to a temporary name and rename.
 */
export async function ensureDataset(dataset: Dataset, copy: ColumnarCopy | undefined, options: DatasetOptions): Promise<string> {
  fs.mkdirSync(dataPath(''), { recursive: true });
  if (dataset === 'join') {
    // The left table x; the engines find the right tables beside it (joinRightPath).
    const x = dataPath(joinFileName(options.rows, 'x'));
    if (!fs.existsSync(dataPath(joinFileName(options.rows, 'big')))) {
      for (const stats of generateJoinCsvs(dataPath(''), options.rows, defaultSeed)) logGeneration('join csv (J1)', stats);
    }
    return x;
  }
  if (dataset === 'cities') {
    const cities = options.cities ?? defaultCityCount;
    const file = dataPath(citiesFileName(options.rows, cities));
    if (!fs.existsSync(file)) {
      logGeneration('cities csv', await generateCitiesCsv({ path: file, rows: options.rows, cities }));
    }
    return file;
  }
  const csv = dataPath(groupbyFileName(options));
  if (!fs.existsSync(csv)) {
    logGeneration('groupby csv', await generateGroupbyCsv({ path: csv, ...options }));
  }
  if (!copy) return csv;
  const file = dataPath(copyFileName(options, copy));
  if (!fs.existsSync(file)) logGeneration(copy.name, await copy.write(csv, file, options.threads));
  return file;
}
