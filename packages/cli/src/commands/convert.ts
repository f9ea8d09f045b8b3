import { z } from 'zod';
import { InputArgs, inputHelp, parseCommand, readOptionsOf } from '../cli-args.js';
import { FORMAT_NAMES, formatExtensions, oneOf, optionHelp } from '../format-flags.js';
import { openInput } from '../open-input.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';

/** The help, its formats, extensions and compression values read from the format registry. */
export function convertHelp(): string {
  return `df-stream convert IN OUT [--to ${FORMAT_NAMES.join('|')}] [--compression C]

Streams a file from one format to another, chunk by chunk (the format of OUT follows its extension
unless --to says). The output is written to a temp name and renamed at the end.
Extensions: ${formatExtensions().join(' ')}

Options:
  --to F             ${oneOf(FORMAT_NAMES)}
${optionHelp('--compression C', 'write', 'compression', 21)}

Reading options:
${inputHelp()}

Examples:
  df-stream convert big.csv big.parquet
  df-stream convert big.parquet big.feather --compression zstd`;
}

const ConvertArgs = InputArgs.extend({
  to: z.enum(FORMAT_NAMES).optional(),
  compression: z.string().optional(),
});

export async function convertCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, ConvertArgs);
  if (help) {
    process.stdout.write(`${convertHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length !== 2) throw new UsageError('convert takes an input and an output file', 'e.g. df-stream convert in.csv out.parquet');
  const [inPath, outPath] = positionals;
  const input = await openInput([inPath], readOptionsOf(args));
  await writeOutput(input, { output: outPath, format: args.to, compression: args.compression });
  return 0;
}
