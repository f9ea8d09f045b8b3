import { expandPaths, formatOfExtension, knownExtensions, parquetRowGroups } from '@df-stream/io/internal';
import { InputArgs, inputHelp, parseCommand, readOptionsOf } from '../cli-args.js';
import { openInput } from '../open-input.js';
import { UsageError } from '../usage-error.js';

/** The help (its reading flags from the format registry). */
export function countHelp(): string {
  return `df-stream count FILE...

The number of rows of one or more files (globs, directories) read as one. Parquet files are counted from their
footers, without reading any data; other formats are read, one column only.

Reading options:
${inputHelp()}

Examples:
  df-stream count big.parquet
  df-stream count 'logs/**/*.csv'`;
}

export async function countCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, InputArgs);
  if (help) {
    process.stdout.write(`${countHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length === 0) throw new UsageError('count needs an input file', "e.g. df-stream count data.csv, or 'logs/*.csv'");
  const options = readOptionsOf(args);
  let rows = 0;
  const others: string[] = [];
  for (const { path } of expandPaths(positionals, knownExtensions())) {
    // A Parquet footer says how many rows each row group has: no page is read.
    if (path !== '-' && formatOfExtension(path)?.name === 'parquet') rows += (await parquetRowGroups(path)).numRows;
    else others.push(path);
  }
  for (const path of others) rows += await countRows(path, options);
  process.stdout.write(`${rows}\n`);
  return 0;
}

/** Rows of one file, read with one column (the narrowest work a reader can do). */
async function countRows(path: string, options: ReturnType<typeof readOptionsOf>): Promise<number> {
  const input = await openInput([path], { ...options, hive: false });
  const first = (await input.schema()).names[0];
  let rows = 0;
  for await (const chunk of first === undefined ? input : input.select(first)) rows += chunk.numRows;
  return rows;
}
