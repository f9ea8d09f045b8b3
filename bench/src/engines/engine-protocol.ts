import { parseArgs } from 'node:util';
import { findQuery } from '../queries/queries.js';
import type { Query } from '../queries/query-spec.js';

export type FileFormat = 'csv' | 'parquet' | 'feather';

export interface EngineArgs {
  file: string;
  format: FileFormat;
  query: Query;
  threads: number;
  /** When set, the engine also writes its full result here as CSV sorted by the keys (outside the timed part). */
  out?: string;
}

/**
 * What an engine reports: the result's row count and, per measure column, the sum over all result rows.
 * This is db-benchmark's "chk": cheap to compute inside each engine, and enough to catch a wrong answer without
 * shipping ten million result rows back to the runner.
 */
export interface EngineResult {
  rows: number;
  totals: Record<string, number>;
  /** Milliseconds inside the process from the start of the query to its result (not counting start-up). */
  queryMs: number;
  note?: string;
}

/** Exit code meaning "this engine cannot run here" (e.g. df-stream not built yet), as opposed to a crash. */
export const unavailableExitCode = 3;
export const resultPrefix = 'RESULT ';
export const unavailablePrefix = 'UNAVAILABLE ';

export function parseEngineArgs(argv: string[]): EngineArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      query: { type: 'string' },
      threads: { type: 'string', default: '2' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (!values.file || !values.query) throw new Error('usage: --file FILE --query ID [--format csv] [--threads 2]');
  const format = values.format as FileFormat;
  if (!['csv', 'parquet', 'feather'].includes(format)) throw new Error(`unknown --format ${format}`);
  return { file: values.file, format, query: findQuery(values.query), threads: Number(values.threads), out: values.out };
}

/** Runs an engine's query and prints its result as one `RESULT {json}` line, the only thing the runner reads. */
export async function runEngine(run: (args: EngineArgs) => Promise<Omit<EngineResult, 'queryMs'>>): Promise<void> {
  const args = parseEngineArgs(process.argv.slice(2));
  const started = performance.now();
  const result = await run(args);
  const full: EngineResult = { ...result, queryMs: performance.now() - started };
  process.stdout.write(`${resultPrefix}${JSON.stringify(full)}\n`);
}

export function unavailable(reason: string): never {
  process.stdout.write(`${unavailablePrefix}${JSON.stringify({ reason })}\n`);
  process.exit(unavailableExitCode);
}

/** Converts what engines hand back for a number (bigint for DuckDB's HUGEINT sums, null for empty) to a double. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'bigint') return Number(value);
  return Number(value);
}
