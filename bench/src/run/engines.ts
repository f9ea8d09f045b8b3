import path from 'node:path';
import type { FileFormat } from '../engines/engine-protocol.js';
import { benchRoot, repoRoot } from '../paths.js';
import { budgetFlag } from '../queries/budget-sizes.js';
import type { Query } from '../queries/query-spec.js';
import type { Command } from './timed-run.js';

export interface CommandContext {
  file: string;
  format: FileFormat;
  query: Query;
  threads: number;
  out?: string;
  /** Where an engine that prints its result table (`output: 'csv'`) writes it: the runner reads its totals there. */
  resultFile?: string;
}

export interface EngineSpec {
  name: string;
  description: string;
  /** true, or why this engine does not run this query on this format (shown as "—" in tables). */
  supports(query: Query, format: FileFormat): true | string;
  command(context: CommandContext): Command;
  /** `json`: the engine prints a RESULT line (our engine scripts); `csv`: it prints its result table (the CLI). */
  output: 'json' | 'csv';
}

/** Compiled engine scripts (see compile-bench.ts): plain `node file.js`, no tsx in the timed process. */
function script(name: string, context: CommandContext, env?: Record<string, string>): Command {
  const argv = ['node', path.join(benchRoot, 'dist', 'engines', `${name}.js`), '--file', context.file];
  argv.push('--format', context.format, '--query', context.query.id, '--threads', String(context.threads));
  if (context.out) argv.push('--out', context.out);
  return { argv, env };
}

const csvOnly = (format: FileFormat): true | string => (format === 'csv' ? true : 'reads CSV only');
const singleKeyQueries = new Set(['read-all', 'read-two', 'q1', 'city']);

export const engines: EngineSpec[] = [
  {
    name: 'duckdb',
    description: 'DuckDB via @duckdb/node-api, SQL over read_csv (auto-detect) / read_parquet, SET threads=N',
    supports: (_query, format) => (format === 'feather' ? 'DuckDB reads Arrow IPC only through the community arrow extension' : true),
    command: (context) => script('duckdb', context),
    output: 'json',
  },
  {
    name: 'polars',
    description: 'nodejs-polars lazy scanCSV / scanParquet / scanIPC, collectSync({ engine: "streaming" }), POLARS_MAX_THREADS=N',
    supports: () => true,
    command: (context) => script('polars', context, { POLARS_MAX_THREADS: String(context.threads) }),
    output: 'json',
  },
  {
    name: 'df-stream',
    description: "df-stream library: scanCsv(path, { usecols }).groupBy(...).agg(...).collect(), from @df-stream/io's build",
    supports: () => true,
    command: (context) => script('df-stream', context),
    output: 'json',
  },
  {
    name: 'df-stream-cli',
    description:
      'df-stream command: node packages/cli/bin/df-stream.js agg FILE --by KEY --agg COL:FN --format csv (with a budget: --memory SIZE --progress json), stdout to a file',
    // The command reads Parquet and Feather by their content, so it runs on every copy a columnar suite reads.
    supports: (query) => (query.id === 'q1' || (query.kind === 'groupby' && query.memoryLimit !== undefined && !query.derived) ? true : 'q1 and budgeted group-bys only'),
    command: ({ file, query, resultFile }) => {
      if (query.kind !== 'groupby') throw new Error('df-stream-cli runs group-by queries only');
      const argv = ['node', path.join(repoRoot, 'packages', 'cli', 'bin', 'df-stream.js'), 'agg', file];
      argv.push('--by', query.keys.join(','));
      // The spec's count is SQL's count(*) (query-spec.ts); the CLI's `COL:count` counts non-null values.
      for (const m of query.measures) argv.push('--agg', m.fn === 'count' ? `${m.name} = count(*)` : `${m.column}:${m.fn}`);
      argv.push('--format', 'csv');
      // The last NDJSON progress event on stderr carries the budget, the floor, the peak RSS and the bytes spilled.
      if (query.memoryLimit !== undefined) argv.push('--memory', budgetFlag(query.memoryLimit), '--progress', 'json');
      return { argv, stdoutFile: resultFile };
    },
    output: 'csv',
  },
  {
    name: 'csv-parse',
    description: 'csv-parse streaming records ({ columns: true }) into a Map of running aggregates, one thread',
    supports: (query, format) => (format !== 'csv' ? 'reads CSV only' : singleKeyQueries.has(query.id) ? true : 'q1, city and reads only (slow)'),
    command: (context) => script('csv-parse', context),
    output: 'json',
  },
  {
    name: 'plain-loop',
    description: 'plain JS: fs.readSync into a reused buffer, parse only the needed fields from bytes, one thread',
    supports: (query, format) => (format !== 'csv' ? csvOnly(format) : singleKeyQueries.has(query.id) ? true : 'one key, one value column only'),
    command: (context) => script('plain-loop', context),
    output: 'json',
  },
];

export function findEngine(name: string): EngineSpec {
  const engine = engines.find((e) => e.name === name);
  if (!engine) throw new Error(`unknown engine "${name}"; known: ${engines.map((e) => e.name).join(', ')}`);
  return engine;
}

/** A command as a person would type it from the repo root, for the report. */
export function displayCommand(command: Command): string {
  const env = Object.entries(command.env ?? {})
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  const shown = (a: string) => (path.isAbsolute(a) ? path.relative(repoRoot, a) : a);
  const quoted = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);
  const redirect = command.stdoutFile === undefined ? '' : ` > ${quoted(shown(command.stdoutFile))}`;
  return env + command.argv.map((a) => quoted(shown(a))).join(' ') + redirect;
}
