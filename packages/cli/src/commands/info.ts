import { type Chunk, DataFrame } from '@df-stream/core';
import { InputArgs, inputHelp, parseCommand, readOptionsOf } from '../cli-args.js';
import { openInput } from '../open-input.js';
import { UsageError } from '../usage-error.js';

/** The help (its reading flags from the format registry). */
export function infoHelp(): string {
  return `df-stream info FILE

Reads the whole file into compact columns and prints what pandas' df.info(memory_usage='deep') does:
rows, columns, dtypes, non-null counts, memory (shallow and deep), and what the same data would cost
as plain JS arrays; then the per-column memory table.

Reading options:
${inputHelp()}

Example:
  df-stream info weather.csv`;
}

export async function infoCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, InputArgs);
  if (help) {
    process.stdout.write(`${infoHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length === 0) throw new UsageError('info needs an input file', 'e.g. df-stream info data.csv');
  const input = await openInput(positionals, readOptionsOf(args));
  const chunks: Chunk[] = [];
  for await (const c of input) chunks.push(c);
  const df = chunks.length === 0 ? DataFrame.empty(await input.schema()) : DataFrame.fromChunks(chunks);
  process.stdout.write(`${df.info().toString()}\n\n${df.memoryUsage({ deep: true }).toString()}\n`);
  return 0;
}
