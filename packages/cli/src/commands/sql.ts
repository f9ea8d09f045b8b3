import { sql } from '@df-stream/sql';
import { z } from 'zod';
import { formatArg, InputArgs, inputHelp, memoryArg, OUTPUT_FORMATS, parseCommand, readOptionsOf, threadsArg } from '../cli-args.js';
import { openInput } from '../open-input.js';
import { ProgressReporter } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';

export function sqlHelp(): string {
  return `df-stream sql QUERY [-o FILE] [--format ${OUTPUT_FORMATS.join('|')}] [--memory SIZE] [--threads N]

Runs one query in DuckDB's SQL over files: FROM 'file.csv' (any format, read by content; a glob or a directory
reads every file), JOIN ... ON / USING, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, DISTINCT, UNION [ALL], WITH.
The result streams to stdout as CSV (a table on a terminal), or to -o FILE in the format of its extension.

Options:
  -o, --output FILE        write the result to FILE (.csv, .parquet, .feather, .arrows, .json, .ndjson)
  --format FORMAT          output format (default: from -o's extension, else table on a terminal, else csv)
  --memory SIZE            the query's one memory budget (e.g. 512MB), shared by its aggregations, joins,
                           sorts and DISTINCTs; past their share of it they spill
  --threads N              worker threads for aggregations (default: one per core for big inputs)
  --progress bar|json|none progress of aggregations on stderr

Reading options (for every file the query names):
${inputHelp()}

Examples:
  df-stream sql "SELECT city, count(*) AS n, avg(temp) AS mean FROM 'weather.csv' GROUP BY city ORDER BY n DESC"
  df-stream sql "SELECT o.*, c.name FROM 'orders/*.parquet' o JOIN 'customers.csv' c USING (customer_id)" -o out.parquet
  df-stream sql "WITH t AS (SELECT id1, sum(v1) AS v FROM 'G1.csv' GROUP BY id1) SELECT * FROM t WHERE v > 100"`;
}

const SqlArgs = InputArgs.extend({
  output: z.string().optional(),
  format: formatArg,
  memory: memoryArg,
  threads: threadsArg,
  progress: z.enum(['bar', 'json', 'none']).optional(),
});

export async function sqlCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, SqlArgs);
  if (help) {
    process.stdout.write(`${sqlHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'sql needs a query' : `sql takes one query (in quotes), got ${positionals.length} arguments`,
      `e.g. df-stream sql "SELECT * FROM 'data.csv' LIMIT 5"`,
    );
  }
  const mode = args.quiet === true ? 'none' : (args.progress ?? (process.stderr.isTTY ? 'bar' : 'none'));
  const progress = new ProgressReporter(mode);
  const read = readOptionsOf(args);
  try {
    const plan = sql(positionals[0], {
      memoryLimit: args.memory,
      threads: args.threads,
      onProgress: progress.onProgress,
      readFile: (path) => openInput([path], read),
    });
    // Names are checked before the output file is opened.
    await plan.schema();
    await writeOutput(plan, { output: args.output, format: args.format, delimiter: args.delimiter });
  } finally {
    progress.done();
  }
  return 0;
}
