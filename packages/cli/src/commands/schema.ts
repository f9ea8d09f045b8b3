import { type Chunk, DataFrame, formatBytes } from '@df-stream/core';
import { formatTable, storageDecision } from '@df-stream/core/internal';
import { type CsvSniff, detectFormat, sniffCsv } from '@df-stream/io';
import { FORMATS, isMultiFileInput, unionNotes } from '@df-stream/io/internal';
import { z } from 'zod';
import { InputArgs, inputHelp, parseCommand, readOptionsOf } from '../cli-args.js';
import { optionsFor } from '../format-flags.js';
import { openInput } from '../open-input.js';
import { UsageError } from '../usage-error.js';

/** The help (its reading flags from the format registry). */
export function schemaHelp(): string {
  return `df-stream schema FILE... [--full] [--union-by-name]

The inferred schema: each column's dtype, the nulls seen, and the storage decision (integer downcast,
categorical or utf8) with what it saves against plain JS arrays. Looks at the first chunk unless --full.
Several files (globs, directories) are read as one: every file's columns are checked, and columns missing in
some files, widened dtypes and hive partition columns (key=value directories) are listed.

Reading options:
${inputHelp()}

Example:
  df-stream schema weather.csv --full
  df-stream schema 'logs/**/*.csv' --union-by-name`;
}

const SchemaArgs = InputArgs.extend({ full: z.boolean().optional() });

export async function schemaCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, SchemaArgs);
  if (help) {
    process.stdout.write(`${schemaHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length === 0) throw new UsageError('schema takes an input file', "e.g. df-stream schema data.csv, or several: 'logs/**/*.csv'");
  const readOptions = readOptionsOf(args);
  const [path] = positionals;
  // One CSV file (not a glob of several): what the sniffer decided, first (the dialect, then why a column is what it is).
  if (positionals.length === 1 && path !== '-' && !isMultiFileInput(path) && (await detectFormat(path)) === 'csv')
    process.stdout.write(dialectLines(await sniffCsv(path, optionsFor('read', csvEntry(), { ...readOptions }))));
  const input = await openInput(positionals, readOptions);
  // Several files read as one: which columns were missing in some, widened, or came from the paths (every file's
  // columns checked first, so files that differ are an error here and not only at the chunk that meets them).
  const notes = await unionNotes(input);
  const chunks: Chunk[] = [];
  // A sample is the first chunk: read on this thread (a parallel scan would start a worker to read ahead for nothing).
  for await (const c of args.full === true ? input : input.scan()) {
    chunks.push(c);
    if (args.full !== true) break;
  }
  const df = chunks.length === 0 ? DataFrame.empty(await input.schema()) : DataFrame.fromChunks(chunks);
  const info = df.info();
  const rows = info.columns.map((c) => [c.name, c.dtype, String(c.nullCount), storageDecision(c.dtype, df.column(c.name).chunks), saving(c.deepBytes, c.plainJsBytes)]);
  const scope = args.full === true ? `all ${df.numRows} rows` : `a sample of ${df.numRows} rows (use --full for the whole file)`;
  process.stdout.write(`${formatTable(['column', 'dtype', 'nulls', 'storage', 'vs JS arrays'], rows)}\nfrom ${scope}\n`);
  if (notes.length > 0) process.stdout.write(`\nacross ${input.description}:\n${notes.map((n) => `  ${n}\n`).join('')}`);
  return 0;
}

function dialectLines(sniff: CsvSniff): string {
  const shown = (c: string) => (c === '\t' ? '\\t' : c);
  const lineEnding = sniff.lineEnding === null ? 'none' : sniff.lineEnding.replace('\r', '\\r').replace('\n', '\\n');
  const parts = [
    `delimiter '${shown(sniff.delimiter)}'${sniff.trimSpaces ? ' (spaces after it trimmed)' : ''}`,
    `quote ${sniff.quote}`,
    `escape ${sniff.escape === sniff.quote ? `${sniff.quote}${sniff.quote}` : `${sniff.escape}${sniff.quote}`}`,
    `header ${sniff.header ? 'yes' : 'none'}`,
    `line ending ${lineEnding}`,
    `encoding ${sniff.encoding}`,
    ...(sniff.comment === null ? [] : [`comment ${sniff.comment}`]),
    ...(sniff.skippedLines > 0 ? [`${sniff.skippedLines} line(s) skipped`] : []),
  ];
  const decisions = sniff.decisions.map((d) => `  ${d}\n`).join('');
  return `dialect: ${parts.join(', ')}\n${decisions === '' ? '' : `decisions:\n${decisions}`}\n`;
}

function saving(ours: number, plain: number): string {
  if (plain <= 0) return '';
  const ratio = plain / Math.max(1, ours);
  return `${formatBytes(ours)} vs ${formatBytes(plain)}${ratio >= 1.05 ? ` (${ratio.toFixed(1)}x less)` : ''}`;
}

function csvEntry(): (typeof FORMATS)[number] {
  return FORMATS.find((f) => f.name === 'csv') as (typeof FORMATS)[number];
}
