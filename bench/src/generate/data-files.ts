import path from 'node:path';
import { formatSci } from '../cli/format-sci.js';
import { dataDir } from '../paths.js';

export interface GroupbyFileOptions {
  rows: number;
  k: number;
  nullPct?: number;
  sorted?: boolean;
  /** With the `day` and `ts` columns (`_dates` in the name). */
  dates?: boolean;
}

/** db-benchmark's naming: G1_<N>_<K>_<nulls %>_<sorted>, e.g. G1_1e7_1e2_0_0.csv (`_dates` with the date columns). */
export function groupbyFileName({ rows, k, nullPct = 0, sorted = false, dates = false }: GroupbyFileOptions, ext = 'csv'): string {
  return `G1_${formatSci(rows)}_${formatSci(k)}_${nullPct}_${sorted ? 1 : 0}${dates ? '_dates' : ''}.${ext}`;
}

export function citiesFileName(rows: number, cities: number, delimiter: ';' | ',' = ';'): string {
  return `cities_${formatSci(rows)}_${cities}${delimiter === ',' ? '_comma' : ''}.csv`;
}

export function dataPath(name: string, dir = dataDir): string {
  return path.join(dir, name);
}
