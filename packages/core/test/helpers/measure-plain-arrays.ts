/**
 * Run as `node --expose-gc --import tsx measure-plain-arrays.ts ROWS`: builds each sample column as a
 * plain JS array and prints, as JSON, how much the V8 heap grew (after full GCs) while it is alive.
 */
import { SAMPLE_COLUMN_NAMES, sampleColumn } from './sample-columns.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const rows = Number(process.argv[2] ?? '200000');
const kept: unknown[] = [];
const bytes: Record<string, number> = {};
for (const name of SAMPLE_COLUMN_NAMES) {
  const before = heapAfterGc();
  const column = sampleColumn(name, rows);
  kept.push(column);
  bytes[name] = heapAfterGc() - before;
}
process.stdout.write(`${JSON.stringify({ rows, bytes, kept: kept.length })}\n`);
