import { z } from 'zod';
import { formatArg, InputArgs, OUTPUT_FORMATS, parseCommand } from '../cli-args.js';
import { formatLabels } from '../format-flags.js';
import { openInput } from '../open-input.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';

export const HEAD_HELP = `df-stream head FILE [-n N] [--format ${OUTPUT_FORMATS.join('|')}]

The first N rows (default 10) of a ${formatLabels().replace(/ and /, ' or ')} file; reads no further than it needs.

Examples:
  df-stream head weather.csv -n 5
  df-stream head data.parquet --format ndjson`;

const HeadArgs = InputArgs.extend({
  n: z.string().regex(/^\d+$/, '-n takes a whole number').transform(Number).optional(),
  format: formatArg,
  output: z.string().optional(),
});

export async function headCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, HeadArgs);
  if (help) {
    process.stdout.write(`${HEAD_HELP}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length !== 1) throw new UsageError('head takes one input file', 'e.g. df-stream head data.csv -n 5');
  const input = await openInput(positionals, { delimiter: args.delimiter, header: args['no-header'] === true ? false : undefined, chunkSize: args['chunk-size'] });
  const df = await input.limit(args.n ?? 10).collect();
  await writeOutput(df, { format: args.format, output: args.output });
  return 0;
}
