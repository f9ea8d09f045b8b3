import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Chunk, DataFrame } from '@df-stream/core';
import { type CsvWriteOptions, writeCsv, writeFeather, writeParquet } from '@df-stream/io';
import { formatChunks, formatRows, type TextFormat } from './format-rows.js';
import { UsageError } from './usage-error.js';

export type OutputFormat = TextFormat | 'parquet' | 'feather';

export interface OutputOptions {
  readonly output?: string;
  readonly format?: OutputFormat;
  readonly compression?: string;
  readonly delimiter?: string;
}

/** Where a result goes: a file (format from `--format` or the extension) or stdout (table on a terminal, CSV otherwise). */
export async function writeOutput(result: DataFrame | AsyncIterable<Chunk>, options: OutputOptions): Promise<void> {
  const path = options.output;
  if (path !== undefined && path !== '-') {
    const format = options.format ?? formatFromExtension(path);
    const writerOptions = options.compression === undefined ? {} : { compression: options.compression };
    if (format === 'parquet') return writeParquet(result, path, writerOptions as Parameters<typeof writeParquet>[2]);
    if (format === 'feather') return writeFeather(result, path, writerOptions as Parameters<typeof writeFeather>[2]);
    if (format === 'csv') return writeCsv(result, path, csvOptions(options));
    return writeTextFile(result, path, format);
  }
  const format = options.format ?? (process.stdout.isTTY ? 'table' : 'csv');
  if (format === 'parquet' || format === 'feather') {
    throw new UsageError(`--format ${format} needs an output file`, `add -o result.${format}`);
  }
  // The same writer and options as `-o x.csv`, so stdout gets the same bytes as the file would.
  if (format === 'csv') return writeCsv(result, process.stdout, csvOptions(options));
  if (format === 'table') {
    const df = 'chunks' in result ? (result as DataFrame) : await collect(result);
    for (const line of formatRows(df, format)) await writeStdout(line);
    return;
  }
  for await (const text of formatChunks(asChunks(result), format)) await writeStdout(text);
}

function csvOptions(options: OutputOptions): CsvWriteOptions {
  return options.delimiter === undefined ? {} : { delimiter: options.delimiter };
}

function asChunks(result: DataFrame | AsyncIterable<Chunk>): AsyncIterable<Chunk> {
  return result;
}

/** json/ndjson/table files: written to a temp name beside the target and renamed, so no partial file is left. */
async function writeTextFile(result: DataFrame | AsyncIterable<Chunk>, path: string, format: Exclude<TextFormat, 'csv'>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    if (format === 'table') {
      const df = 'chunks' in result ? (result as DataFrame) : await collect(result);
      await writeFile(temp, [...formatRows(df, format)].join(''));
    } else await writeFile(temp, formatChunks(asChunks(result), format));
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

async function collect(chunks: AsyncIterable<Chunk>): Promise<DataFrame> {
  const { DataFrame } = await import('@df-stream/core');
  const all: Chunk[] = [];
  for await (const c of chunks) all.push(c);
  return DataFrame.fromChunks(all);
}

export function formatFromExtension(path: string): OutputFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.feather' || ext === '.arrow' || ext === '.ipc') return 'feather';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return 'csv';
}

/** Writes with backpressure; a closed pipe (`| head`) ends the program quietly (see main). */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(text, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else process.stdout.once('drain', resolve);
  });
}
