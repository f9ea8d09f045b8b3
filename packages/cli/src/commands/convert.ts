import { z } from 'zod';
import { InputArgs, inputHelp, parseCommand, readOptionsOf } from '../cli-args.js';
import { FORMAT_NAMES, formatExtensions, oneOf, optionHelp } from '../format-flags.js';
import { openInput } from '../open-input.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';

/** The help, its formats, extensions and compression values read from the format registry. */
export function convertHelp(): string {
  return `df-stream convert IN... OUT [--to ${FORMAT_NAMES.join('|')}] [--compression C] [--partition-by COLS]

Streams a file from one format to another, chunk by chunk (the format of OUT follows its extension
unless --to says). The output is written to a temp name and renamed at the end. Several inputs (files,
globs, directories) are read as one; --partition-by writes OUT as hive directories (OUT/year=2024/part-0.parquet).
Extensions: ${formatExtensions().join(' ')}

Options:
  --to F             ${oneOf(FORMAT_NAMES)}
  --partition-by C,D OUT is a directory of one subdirectory per value (C=value/), C not in the files
${optionHelp('--compression C', 'write', 'compression', 21)}

Reading options:
${inputHelp()}

Examples:
  df-stream convert big.csv big.parquet
  df-stream convert big.parquet big.feather --compression zstd
  df-stream convert 'logs/*.csv' out --partition-by year --to parquet`;
}

const ConvertArgs = InputArgs.extend({
  to: z.enum(FORMAT_NAMES).optional(),
  compression: z.string().optional(),
  'partition-by': z
    .string()
    .transform((s) => s.split(','))
    .optional(),
});

export async function convertCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, ConvertArgs);
  if (help) {
    process.stdout.write(`${convertHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length < 2) throw new UsageError('convert takes an input and an output file', 'e.g. df-stream convert in.csv out.parquet');
  const outPath = positionals[positionals.length - 1];
  const input = await openInput(positionals.slice(0, -1), readOptionsOf(args));
  await writeOutput(input, { output: outPath, format: args.to, compression: args.compression, partitionBy: args['partition-by'] });
  return 0;
}
