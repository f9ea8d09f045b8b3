import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Chunk, type Column, DfError, Schema, type Value } from '@df-stream/core';
import { formatCell, takeColumn } from '@df-stream/core/internal';
import { removeQuietly, tempPathFor } from '../atomic-write.js';
import { fileOps } from '../file-ops.js';
import { extensionOf, type FormatEntry } from '../format-entry.js';
import { FormatError } from '../format-error.js';
import { FORMATS, formatNamed, formatOfExtension } from '../format-registry.js';
import { writeError } from '../write-error.js';
import { ChunkChannel } from './chunk-channel.js';
import { HIVE_NULL } from './hive-partitions.js';

/** Options of `sink(dir, { partitionBy })`; the others go to each part file's writer. */
export interface PartitionedSinkOptions {
  /** Columns whose values name the directories (`year=2024/`); they are not repeated inside the files. */
  readonly partitionBy: readonly string[];
  /** The part files' format (`'parquet'`, `'csv'`, ...); default: the directory's extension if it names one, else Parquet. */
  readonly format?: string;
  /** Part files open at once (default 16): past it the least recently written is closed, and a new part opened later. */
  readonly maxOpenFiles?: number;
  /**
   * Rows held back across all partitions (default 2^17, and never past 64 MB): rows are gathered per partition and
   * written when this many wait, so interleaved partitions do not close and reopen files for every chunk.
   */
  readonly maxBufferedRows?: number;
}

const DEFAULT_MAX_OPEN = 16;
const DEFAULT_BUFFERED_ROWS = 1 << 17;
const MAX_BUFFERED_BYTES = 64 * 2 ** 20;

interface Part {
  readonly channel: ChunkChannel;
  readonly done: Promise<void>;
}

/**
 * Writes chunks as hive directories under `dir` (`dir/year=2024/part-0.parquet`, as Polars and DuckDB write them):
 * rows go to the part file of their partition values, at most `maxOpenFiles` part files open at a time. All or
 * nothing, as every output: everything is written into a hidden directory beside `dir` that is renamed to `dir` at
 * the end, or removed with all it holds when anything fails (and by the runtime on exit, Ctrl-C and SIGTERM).
 */
export async function sinkPartitioned(chunks: AsyncIterable<Chunk>, dir: string, options: PartitionedSinkOptions & Record<string, unknown>): Promise<void> {
  const { partitionBy, format: formatName, maxOpenFiles, maxBufferedRows, ...writeOptions } = options;
  const format = partFormat(dir, formatName);
  const maxOpen = maxOpenFiles ?? DEFAULT_MAX_OPEN;
  if (!Number.isInteger(maxOpen) || maxOpen < 1) throw new DfError('usage', `maxOpenFiles must be a positive integer, got ${maxOpen}`);
  if (partitionBy.length === 0) throw new DfError('usage', 'partitionBy names no column', { hint: "e.g. partitionBy: ['year']" });
  const schema = 'schema' in chunks && typeof chunks.schema === 'function' ? await (chunks.schema as () => Promise<Schema>)() : undefined;
  if (schema !== undefined) checkColumns(schema, partitionBy);
  await expectFreeDirectory(dir);
  const temp = tempPathFor(dir);
  await mkdir(temp).catch((error: unknown) => {
    throw writeError(error, dir);
  });
  const bufferLimit = maxBufferedRows ?? DEFAULT_BUFFERED_ROWS;
  const open = new Map<string, Part>();
  const buffered = new Map<string, Chunk[]>();
  let bufferedRows = 0;
  let bufferedBytes = 0;
  const partCount = new Map<string, number>();
  const settled: Promise<void>[] = [];
  const closePart = async (key: string): Promise<void> => {
    const part = open.get(key);
    if (part === undefined) return;
    open.delete(key);
    part.channel.close();
    await part.done;
  };
  const write = async (key: string, parts: readonly Chunk[]): Promise<void> => {
    let part = open.get(key);
    if (part === undefined) {
      // Least recently written first (a Map iterates in insertion order; a write re-inserts its part).
      while (open.size >= maxOpen) await closePart(open.keys().next().value as string);
      const n = partCount.get(key) ?? 0;
      partCount.set(key, n + 1);
      const path = join(temp, key, `part-${n}${format.extensions[0]}`);
      await mkdir(dirname(path), { recursive: true });
      const channel = new ChunkChannel();
      const done = format.write(channel, path, writeOptions);
      // Observed at once, so a writer that fails early is not an unhandled rejection; its error is thrown below.
      settled.push(done.catch(() => undefined));
      part = { channel, done };
    } else {
      open.delete(key);
    }
    open.set(key, part);
    for (const c of parts) await part.channel.push(c, part.done);
  };
  // Partitions with an open file first (no file to close for them), then the others in order.
  const flush = async (): Promise<void> => {
    const keys = [...buffered.keys()].sort((a, b) => Number(open.has(b)) - Number(open.has(a)) || (a < b ? -1 : a > b ? 1 : 0));
    for (const key of keys) await write(key, buffered.get(key) ?? []);
    buffered.clear();
    bufferedRows = 0;
    bufferedBytes = 0;
  };
  try {
    for await (const chunk of chunks) {
      if (chunk.numRows === 0) continue;
      for (const [key, rows] of partitionRows(chunk, partitionBy)) {
        const list = buffered.get(key) ?? [];
        const part = rowsOf(chunk, rows, partitionBy);
        list.push(part);
        buffered.set(key, list);
        bufferedRows += part.numRows;
        bufferedBytes += part.byteLength;
      }
      if (bufferedRows >= bufferLimit || bufferedBytes >= MAX_BUFFERED_BYTES) await flush();
    }
    await flush();
    for (const key of [...open.keys()]) await closePart(key);
    await fileOps()
      .rename(temp, dir)
      .catch((error: unknown) => {
        throw writeError(error, dir);
      });
    await removeQuietly(temp);
  } catch (error) {
    for (const part of open.values()) part.channel.close();
    await Promise.all(settled);
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    await removeQuietly(temp);
    throw error;
  }
}

function partFormat(dir: string, name: string | undefined): FormatEntry {
  if (name !== undefined) {
    const format = formatNamed(name);
    if (format === undefined) throw new DfError('usage', `unknown format '${name}'`, { hint: `use one of ${FORMATS.map((f) => f.name).join(', ')}` });
    return format;
  }
  const byExtension = extensionOf(dir) === '' ? undefined : formatOfExtension(dir);
  const parquet = formatNamed('parquet');
  if (byExtension !== undefined) return byExtension;
  if (parquet === undefined) throw new FormatError('no Parquet writer is registered', { file: dir, code: 'unsupported' });
  return parquet;
}

function checkColumns(schema: Schema, partitionBy: readonly string[]): void {
  for (const name of partitionBy) schema.field(name);
  if (schema.names.every((n) => partitionBy.includes(n))) {
    throw new DfError('usage', 'partitionBy takes every column: the part files would have none', { hint: 'leave at least one column out of partitionBy' });
  }
}

/** A directory that does not exist yet or is empty: a partitioned output replaces nothing. */
async function expectFreeDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return [];
    if (code === 'ENOTDIR') throw new DfError('usage', `${dir} is a file, not a directory`, { hint: 'a partitioned output is a directory', where: { file: dir } });
    throw writeError(error, dir);
  });
  if (entries.length > 0) {
    throw new DfError('usage', `output directory ${dir} is not empty`, { hint: 'remove it or give a new directory', where: { file: dir } });
  }
}

/** Row indices of each partition of a chunk, by the partition's relative directory (`year=2024/month=1`). */
function partitionRows(chunk: Chunk, partitionBy: readonly string[]): Map<string, number[]> {
  const columns = partitionBy.map((n) => chunk.column(n));
  const out = new Map<string, number[]>();
  // Per chunk, one directory name per distinct combination; rows look theirs up by the values' joined key.
  const names = new Map<string, string>();
  for (let r = 0; r < chunk.numRows; r++) {
    let id = '';
    for (const c of columns) id += `${valueKey(c.get(r))}\u0000`;
    let key = names.get(id);
    if (key === undefined) {
      key = columns.map((c, j) => `${encodePart(partitionBy[j])}=${partText(c, r)}`).join('/');
      names.set(id, key);
    }
    let rows = out.get(key);
    if (rows === undefined) {
      rows = [];
      out.set(key, rows);
    }
    rows.push(r);
  }
  return out;
}

function valueKey(v: Value): string {
  return v === null ? '\u0001' : typeof v === 'string' ? `s${v}` : String(v);
}

function partText(column: Column, row: number): string {
  const v = column.get(row);
  if (v === null) return HIVE_NULL;
  const text = column.dtype === 'date' || column.dtype === 'timestamp' ? formatCell(v, column.dtype) : String(v);
  return encodePart(text);
}

/** A value as a path segment: `/`, `=`, `%` and other characters unsafe in a file name percent-encoded (decoded on read). */
function encodePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._\- ]/gu, (c) => encodeURIComponent(c));
}

function rowsOf(chunk: Chunk, rows: readonly number[], partitionBy: readonly string[]): Chunk {
  const keep = chunk.schema.fields.filter((f) => !partitionBy.includes(f.name));
  const all = rows.length === chunk.numRows;
  const indices = all ? undefined : Int32Array.from(rows);
  const columns = keep.map((f) => {
    const c = chunk.column(f.name);
    return indices === undefined ? c : takeColumn(c, indices);
  });
  return new Chunk(new Schema(keep), columns);
}
