import { z } from 'zod';
import { formatArg, InputArgs, inputHelp, OUTPUT_FORMATS, parseCommand, readOptionsOf } from '../cli-args.js';
import { formatLabels } from '../format-flags.js';
import { openInput } from '../open-input.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';

/** The help (its reading flags from the format registry). */
export function headHelp(): string {
  return `df-stream head FILE [-n N] [--format ${OUTPUT_FORMATS.join('|')}]

The first N rows (default 10) of a ${formatLabels().replace(/ and /, ' or ')} file; reads no further than it needs.

Reading options:
${inputHelp()}

Examples:
  df-stream head weather.csv -n 5
  df-stream head data.parquet --format ndjson`;
}

const HeadArgs = InputArgs.extend({
  n: z.string().regex(/^\d+$/, '-n takes a whole number').transform(Number).optional(),
  format: formatArg,
  output: z.string().optional(),
});

export async function headCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, HeadArgs);
  if (help) {
    process.stdout.write(`${headHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length === 0) throw new UsageError('head needs an input file', 'e.g. df-stream head data.csv -n 5');
  const input = await openInput(positionals, readOptionsOf(args));
  const df = await input.limit(args.n ?? 10).collect();
  await writeOutput(df, { format: args.format, output: args.output });
  return 0;
}
