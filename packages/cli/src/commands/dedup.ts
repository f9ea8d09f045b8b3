import type { UniqueKeep } from '@df-stream/core';
import { z } from 'zod';
import { formatArg, InputArgs, inputHelp, memoryArg, OUTPUT_FORMATS, parseCommand, readOptionsOf, threadsArg } from '../cli-args.js';
import { formatExtensions } from '../format-flags.js';
import { openInput } from '../open-input.js';
import { ProgressReporter } from '../progress-bar.js';
import { progressModeOf, withProgress } from '../progress-source.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';

export function dedupHelp(): string {
  return `df-stream dedup FILE... [--on COL[,COL...]] [--keep first|last|any|none] [options]

Drop rows whose key (the --on columns, default every column) was seen before; null equals null.
first and any stream rows out in input order; last and none read the whole input first, and past
--memory spill rows by key hash and give them partition by partition (not in input order).

Options:
  --on COL[,COL...]        key columns (default: all; repeatable)
  --keep K                 first (default), last, any, or none (only keys seen once)
  -o, --output PATH        write to a file (${[...formatExtensions(), '.json', '.ndjson'].join(', ')})
  --format F               ${OUTPUT_FORMATS.join('|')} (default: table on a terminal, else csv)
  --memory SIZE            memory budget (e.g. 256MB); past a third of it rows spill by key hash
  --threads N              accepted for symmetry with agg; dedup reads on one thread for now
${inputHelp()}
  --progress bar|json|none progress on stderr (default: bar on a terminal)
  -q, --quiet              no progress

Examples:
  df-stream dedup events.csv --on user_id --keep last -o latest.parquet
  df-stream dedup 'logs/*.csv' --memory 512MB`;
}

const DedupArgs = InputArgs.extend({
  on: z.array(z.string().min(1, '--on needs at least one column')).optional(),
  keep: z.enum(['first', 'last', 'any', 'none'], { error: '--keep takes first, last, any or none' }).optional(),
  output: z.string().optional(),
  format: formatArg,
  memory: memoryArg,
  threads: threadsArg,
  progress: z.enum(['bar', 'json', 'none']).optional(),
});

export async function dedupCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, DedupArgs);
  if (help) {
    process.stdout.write(`${dedupHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length === 0) throw new UsageError('dedup needs an input file', 'e.g. df-stream dedup data.csv --on id (or - for stdin)');
  const input = await openInput(positionals, readOptionsOf(args));
  const schema = await input.schema();
  const on = args.on?.flatMap((s) => s.split(',')).map((s) => s.trim());
  if (on?.some((c) => c === '')) throw new UsageError(`--on '${args.on?.join(',')}': an empty column name`);
  for (const c of on ?? []) schema.field(c);
  const keep: UniqueKeep = args.keep ?? 'first';
  const progress = new ProgressReporter(progressModeOf(args));
  try {
    const unique = withProgress(input, progress.onProgress).unique(on, { keep, memoryLimit: args.memory, chunkSize: args['chunk-size'] });
    await writeOutput(unique, { output: args.output, format: args.format, delimiter: args.delimiter });
    return 0;
  } finally {
    progress.done();
  }
}
