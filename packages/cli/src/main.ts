// First: io must use this package's zod before any option schema is built.
import './shared-zod.js';
import { existsSync, readFileSync } from 'node:fs';
import { DfError } from '@df-stream/core';
import { installNodeRuntime } from '@df-stream/engine';
import { aggCommand, aggHelp } from './commands/agg.js';
import { convertCommand, convertHelp } from './commands/convert.js';
import { countCommand, countHelp } from './commands/count.js';
import { dedupCommand, dedupHelp } from './commands/dedup.js';
import { headCommand, headHelp } from './commands/head.js';
import { infoCommand, infoHelp } from './commands/info.js';
import { joinCommand, joinHelp } from './commands/join.js';
import { schemaCommand, schemaHelp } from './commands/schema.js';
import { filterCommand, filterHelp, selectCommand, selectHelp } from './commands/select.js';
import { sortCommand, sortHelp } from './commands/sort.js';
import { sqlCommand, sqlHelp } from './commands/sql.js';
import { WORKER_HELP, workerCommand } from './commands/worker.js';
import { formatLabels } from './format-flags.js';
import { reportError } from './report-error.js';
import { UsageError } from './usage-error.js';

const COMMANDS: Record<string, { run: (argv: readonly string[]) => Promise<number>; help: () => string }> = {
  agg: { run: aggCommand, help: aggHelp },
  schema: { run: schemaCommand, help: schemaHelp },
  sql: { run: sqlCommand, help: sqlHelp },
  select: { run: selectCommand, help: selectHelp },
  filter: { run: filterCommand, help: filterHelp },
  sort: { run: sortCommand, help: sortHelp },
  dedup: { run: dedupCommand, help: dedupHelp },
  head: { run: headCommand, help: headHelp },
  convert: { run: convertCommand, help: convertHelp },
  info: { run: infoCommand, help: infoHelp },
  join: { run: joinCommand, help: joinHelp },
  count: { run: countCommand, help: countHelp },
  worker: { run: workerCommand, help: () => WORKER_HELP },
};

export const MAIN_HELP = `df-stream: streaming group-by and format conversion for ${formatLabels()} files

Usage: df-stream <command> [options]

Commands:
  agg FILE... --by KEY      group and aggregate (count, sum, mean, min, max, ...)
  join LEFT RIGHT --on KEY  rows of LEFT with the matching rows of RIGHT (inner, left, right, full, semi, anti)
  sql QUERY                 a query in DuckDB's SQL over files (FROM 'data.csv', JOIN, GROUP BY, ...)
  select FILE COL|N=EXPR... only these columns, or columns computed per row
  filter FILE EXPR          the rows where EXPR is true
  sort FILE... --by COL[:desc] rows in order (external merge sort past --memory)
  dedup FILE... [--on COLS] rows with distinct keys (--keep first|last|any|none)
  schema FILE               inferred dtypes and storage decisions
  head FILE [-n N]          first rows
  convert IN OUT            between ${formatLabels().replace(/ and /, ', ')}, streaming
  info FILE                 dtypes, nulls and memory of the file read compactly
  count FILE...             number of rows (Parquet from its footer)
  worker --cluster URL      run 'agg --cluster' tasks taken from Redis (one per machine)

Run 'df-stream <command> --help' for a command's options and examples.
Exit codes: 0 ok, 1 bad data or a failed read or write, 2 bad usage, 130 interrupted (Ctrl-C), 143 terminated
(SIGTERM). DF_STREAM_DEBUG=1 shows stack traces.`;

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  installSignalHandlers();
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      process.stdout.write(`${topic !== undefined && COMMANDS[topic] ? COMMANDS[topic].help() : MAIN_HELP}\n`);
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V' || name === 'version') {
      process.stdout.write(`df-stream ${version()}\n`);
      return 0;
    }
    const command = COMMANDS[name];
    if (command === undefined) throw new UsageError(`unknown command '${name}'`, `commands: ${Object.keys(COMMANDS).join(', ')}`);
    return await command.run(rest);
  } catch (e) {
    return reportError(e);
  }
}

/** This package's version: its package.json is one folder up from src/ and dist/, two from dist/bundle/. */
function version(): string {
  for (const up of ['../package.json', '../../package.json']) {
    const file = new URL(up, import.meta.url);
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
    if (pkg.name === '@df-stream/cli') return pkg.version;
  }
  throw new DfError('internal', "@df-stream/cli's package.json is not one or two folders up from its code");
}

let installed = false;

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  // Worker threads and spill files for every command; the runtime removes its temp files at exit.
  installNodeRuntime();
  // SIGTERM is handled like Ctrl-C (temp files removed at exit), with the exit code a shell gives a process
  // ended by that signal: 128 + its number (130 for SIGINT, 143 for SIGTERM), so callers can tell them apart.
  const interrupt = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\ndf-stream: ${signal === 'SIGTERM' ? 'terminated' : 'interrupted'}\n`);
    process.exit(signal === 'SIGTERM' ? 143 : 130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  // `df-stream ... | head` closes our stdout early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
}
