import { extname } from 'node:path';
import type { Chunk, DataFrame } from '@df-stream/core';
import { createOutputFile, type FormatName, formatNamed, formatOfExtension, sinkToPath, stdioFormat, writeAtomically } from '@df-stream/io/internal';
import { optionsFor } from './format-flags.js';
import { formatChunks, formatRows, type TextFormat } from './format-rows.js';
import { UsageError } from './usage-error.js';

/** A file format of the registry, or one of the CLI's own text formats (table, json, ndjson). */
export type OutputFormat = TextFormat | FormatName;

export interface OutputOptions {
  readonly output?: string;
  readonly format?: OutputFormat;
  readonly compression?: string;
  readonly delimiter?: string;
  /** Columns whose values name hive directories under `output` (`out/year=2024/part-0.parquet`). */
  readonly partitionBy?: readonly string[];
}

/** The CLI's own text formats by extension; every other extension is the registry's (and CSV if it knows none). */
const TEXT_EXTENSIONS: Readonly<Record<string, OutputFormat>> = { '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson' };

/**
 * Where a result goes: a file (format from `--format` or the extension) or stdout (table on a terminal, CSV
 * otherwise). A file format gets the flags its write schema knows (`--compression`, `--delimiter`).
 */
export async function writeOutput(result: DataFrame | AsyncIterable<Chunk>, options: OutputOptions): Promise<void> {
  const flags = { compression: options.compression, delimiter: options.delimiter };
  const path = options.output;
  if (options.partitionBy !== undefined) return writePartitioned(result, path, options);
  if (path !== undefined && path !== '-') {
    const format = options.format ?? outputFormatOf(path);
    const file = formatNamed(format);
    if (file !== undefined) return file.write(result, path, optionsFor('write', file, flags));
    return writeTextFile(result, path, format as Exclude<TextFormat, 'csv'>);
  }
  const format = options.format ?? (process.stdout.isTTY ? 'table' : stdioFormat().name);
  const file = formatNamed(format);
  if (file !== undefined) {
    if (!file.stdio) throw new UsageError(`--format ${format} needs an output file`, `add -o result${file.extensions[0]}`);
    // The same writer and options as `-o x.csv`, so stdout gets the same bytes as the file would.
    return file.write(result, '-', optionsFor('write', file, flags));
  }
  if (format === 'table') {
    const df = 'chunks' in result ? (result as DataFrame) : await collect(result);
    for (const line of formatRows(df, format)) await writeStdout(line);
    return;
  }
  for await (const text of formatChunks(result, format as 'json' | 'ndjson')) await writeStdout(text);
}

/** `-o DIR --partition-by COLS`: io's partitioned sink, part files in `--format` or the directory's extension (default Parquet). */
async function writePartitioned(result: DataFrame | AsyncIterable<Chunk>, path: string | undefined, options: OutputOptions): Promise<void> {
  if (path === undefined || path === '-') throw new UsageError('--partition-by needs an output directory', 'add -o DIR');
  const name = options.format ?? (formatOfExtension(path)?.name as OutputFormat | undefined) ?? 'parquet';
  const file = formatNamed(name);
  if (file === undefined) throw new UsageError(`--partition-by writes files of a registered format, not ${name}`, 'e.g. --format parquet');
  const flags = { compression: options.compression, delimiter: options.delimiter };
  await sinkToPath(result, path, { ...optionsFor('write', file, flags), partitionBy: options.partitionBy, format: file.name });
}

/**
 * json/ndjson/table files: written to a temp name beside the target and renamed, so no partial file is left; through
 * io's file layer, so a failed write names the file and its errno as the other formats' writers do.
 */
async function writeTextFile(result: DataFrame | AsyncIterable<Chunk>, path: string, format: Exclude<TextFormat, 'csv'>): Promise<void> {
  await writeAtomically(path, async (temp) => {
    const file = await createOutputFile(temp);
    try {
      if (format === 'table') {
        const df = 'chunks' in result ? (result as DataFrame) : await collect(result);
        await file.write(Buffer.from([...formatRows(df, format)].join('')));
      } else for await (const text of formatChunks(result, format)) await file.write(Buffer.from(text));
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
    await file.close();
  });
}

async function collect(chunks: AsyncIterable<Chunk>): Promise<DataFrame> {
  const { DataFrame } = await import('@df-stream/core');
  const all: Chunk[] = [];
  for await (const c of chunks) all.push(c);
  return DataFrame.fromChunks(all);
}

/** The output format a file name implies: the CLI's text formats, else the registry's, else the stdout format (CSV). */
export function outputFormatOf(path: string): OutputFormat {
  return TEXT_EXTENSIONS[extname(path).toLowerCase()] ?? (formatOfExtension(path) ?? stdioFormat()).name;
}

/** Writes with backpressure; a closed pipe (`| head`) ends the program quietly (see main). */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(text, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else process.stdout.once('drain', resolve);
  });
}
