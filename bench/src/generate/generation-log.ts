import fs from 'node:fs';
import path from 'node:path';
import { repoRelative, resultsDir } from '../paths.js';
import type { GenerationStats } from './groupby-csv.js';

export interface GenerationRecord {
  file: string;
  kind: string;
  rows: number;
  bytes: number;
  seconds: number;
  mbPerS: number;
  rowsPerS: number;
  createdAt: string;
}

export const generationLogFile = path.join(resultsDir, 'generation.json');

/** Keeps the latest generation (or conversion) speed per file name, for the benchmarks page. */
export function logGeneration(kind: string, stats: GenerationStats): GenerationRecord {
  const record: GenerationRecord = {
    file: path.basename(stats.path),
    kind,
    rows: stats.rows,
    bytes: stats.bytes,
    seconds: round(stats.seconds, 3),
    mbPerS: round(stats.bytes / 1e6 / stats.seconds, 1),
    rowsPerS: Math.round(stats.rows / stats.seconds),
    createdAt: new Date().toISOString(),
  };
  const log = readGenerationLog().filter((r) => r.file !== record.file);
  log.push(record);
  log.sort((a, b) => a.file.localeCompare(b.file));
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(generationLogFile, `${JSON.stringify(log, null, 2)}\n`);
  console.log(
    `${kind}: ${repoRelative(stats.path)}: ${stats.rows.toLocaleString('en-US')} rows, ` +
      `${(stats.bytes / 1e6).toFixed(1)} MB in ${stats.seconds.toFixed(2)} s ` +
      `(${record.mbPerS} MB/s, ${(record.rowsPerS / 1e6).toFixed(2)} M rows/s)`,
  );
  return record;
}

export function readGenerationLog(): GenerationRecord[] {
  if (!fs.existsSync(generationLogFile)) return [];
  return JSON.parse(fs.readFileSync(generationLogFile, 'utf8')) as GenerationRecord[];
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
