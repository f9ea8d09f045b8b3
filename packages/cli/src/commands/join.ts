import type { JoinHow, JoinOptions } from '@df-stream/core';
import { z } from 'zod';
import { formatArg, InputArgs, inputHelp, memoryArg, OUTPUT_FORMATS, parseCommand, readOptionsOf, threadsArg } from '../cli-args.js';
import { formatExtensions } from '../format-flags.js';
import { openInput } from '../open-input.js';
import { ProgressReporter } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';

const HOWS = ['inner', 'left', 'right', 'full', 'semi', 'anti'] as const;

export function joinHelp(): string {
  return `df-stream join LEFT RIGHT --on KEY[,KEY...] [options]

Rows of LEFT joined with the rows of RIGHT whose keys are equal (a hash join on the smaller input; past
--memory both inputs are partitioned to temp files and joined part by part). Null keys never match.
LEFT and RIGHT are files or quoted globs ('logs/*.csv').

Options:
  --on KEY[,KEY...]        key columns of the same name on both sides (SQL's USING: each once in the output)
  --left-on KEY[,KEY...]   key columns of LEFT, with --right-on (SQL's ON: right keys are kept only for
  --right-on KEY[,KEY...]  right and full joins)
  --how H                  ${HOWS.join(', ')} (default inner)
  --suffix S               appended to a RIGHT column whose name LEFT has (default _right)
  -o, --output PATH        write to a file (${[...formatExtensions(), '.json', '.ndjson'].join(', ')})
  --format F               ${OUTPUT_FORMATS.join('|')} (default: table on a terminal, else csv)
  --memory SIZE            the job's memory budget (e.g. 256MB, 2GB); past half of it the build side
                           and the probe side are partitioned to temp files
  --threads N              accepted for symmetry with agg; the join runs on the calling thread
${inputHelp()}
  --progress bar|json|none progress on stderr (default: bar on a terminal)
  -q, --quiet              no progress

Output columns: LEFT's columns in order, then RIGHT's other columns (suffixed on a name clash).
Semi and anti joins give LEFT's columns only: the rows that have (semi) or have no (anti) match.

Examples:
  df-stream join orders.csv customers.csv --on customer_id --how left -o enriched.parquet
  df-stream join x.csv 'dims/*.parquet' --left-on id1,id2 --right-on a,b --memory 256MB`;
}

const JoinArgs = InputArgs.extend({
  on: z.string().min(1).optional(),
  'left-on': z.string().min(1).optional(),
  'right-on': z.string().min(1).optional(),
  how: z.enum(HOWS, { error: `--how takes ${HOWS.join(', ')}` }).optional(),
  suffix: z.string().optional(),
  output: z.string().optional(),
  format: formatArg,
  memory: memoryArg,
  threads: threadsArg,
  progress: z.enum(['bar', 'json', 'none']).optional(),
});

export async function joinCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, JoinArgs);
  if (help) {
    process.stdout.write(`${joinHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length !== 2) {
    throw new UsageError(`join takes two inputs, LEFT and RIGHT, got ${positionals.length}`, 'e.g. df-stream join orders.csv customers.csv --on customer_id');
  }
  const keys = (s: string | undefined) => s?.split(',').map((k) => k.trim());
  const on = keys(args.on);
  const leftOn = keys(args['left-on']);
  const rightOn = keys(args['right-on']);
  if (on === undefined && (leftOn === undefined || rightOn === undefined)) {
    throw new UsageError('join needs --on, or --left-on with --right-on', 'e.g. df-stream join a.csv b.csv --on id');
  }
  if (on !== undefined && (leftOn !== undefined || rightOn !== undefined)) throw new UsageError('join takes --on or --left-on/--right-on, not both');
  const mode = args.quiet === true ? 'none' : (args.progress ?? (process.stderr.isTTY ? 'bar' : 'none'));
  const progress = new ProgressReporter(mode);
  const read = readOptionsOf(args);
  const [left, right] = await Promise.all([openInput([positionals[0]], read), openInput([positionals[1]], read)]);
  const options: JoinOptions = {
    ...(on === undefined ? { leftOn, rightOn } : { on }),
    how: args.how as JoinHow | undefined,
    suffix: args.suffix,
    memoryLimit: args.memory,
    chunkSize: args['chunk-size'],
    onProgress: progress.onProgress,
  };
  const plan = left.join(right, options);
  // Unknown keys and keys that cannot match are usage errors before anything is read.
  await plan.schema();
  try {
    await writeOutput(plan, { output: args.output, format: args.format, delimiter: args.delimiter });
    return 0;
  } finally {
    progress.done();
  }
}
