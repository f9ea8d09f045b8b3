import type { DType, LazyFrame } from '@df-stream/core';
import { scan } from '@df-stream/io';
import { FORMATS, formatOfContent, formatOfExtension, isMultiFileInput, knownExtensions, openFile, scanFiles, stdioFormat } from '@df-stream/io/internal';
import { optionsFor } from './format-flags.js';
import { UsageError } from './usage-error.js';

/** Reading flags, by the option names of the formats' read schemas; a format gets those its schema has. */
export interface InputOptions {
  readonly delimiter?: string;
  readonly quote?: string;
  readonly escape?: string;
  readonly comment?: string;
  readonly header?: boolean;
  readonly skipRows?: number;
  readonly nullValues?: readonly string[];
  readonly dateFormat?: string;
  readonly timestampFormat?: string;
  readonly encoding?: 'utf8' | 'latin1';
  readonly onBadRow?: 'error' | 'skip' | 'null-pad';
  readonly dtypes?: Readonly<Record<string, DType>>;
  readonly chunkSize?: number;
  /** Several files with different columns: the union, missing ones null (`--union-by-name`). */
  readonly unionByName?: boolean;
  /** `key=value` directories as columns; default when the paths have them (`--no-hive` sets false). */
  readonly hive?: boolean;
}

/**
 * One lazy input over one or more files, globs (`'logs/**\/*.csv'`, `{a,b}`), directories (hive partitions
 * `year=2024/` become columns) or `-` for CSV on stdin: io's multi-file source, so every command reads several
 * files the way the library does.
 */
export async function openInput(patterns: readonly string[], options: InputOptions = {}): Promise<LazyFrame> {
  if (patterns.length === 0) throw new UsageError('no input file given', "pass a file, a glob like 'data/*.csv', or - for stdin");
  const { unionByName, hive, ...flags } = options;
  if (patterns.length === 1 && !isMultiFileInput(patterns[0]) && hive !== true) return openOne(patterns[0], flags);
  if (patterns.includes('-')) throw new UsageError('stdin (-) cannot be read with other inputs', 'pass - alone');
  const frame = scanFiles(
    patterns.length === 1 ? patterns[0] : patterns,
    knownExtensions(),
    async (path) => {
      const format = formatOfExtension(path) ?? (await formatOfContent(path));
      return openFile(format, path, optionsFor('read', format, { ...flags }));
    },
    { unionByName, hive },
  );
  // Checked now, as a single file is: a bad first file, a column in a file and in its partitions.
  await frame.schema();
  return frame;
}

/**
 * A name with a registered extension picks that format's reader (a binary format's reader checks the magic bytes
 * and says so when they disagree); any other name is read by content (Parquet, Arrow IPC, Feather v1 refused, else
 * CSV), each format with the flags it knows.
 */
async function openOne(path: string, options: InputOptions): Promise<LazyFrame> {
  const flags = { ...options };
  const format = path === '-' ? stdioFormat() : formatOfExtension(path);
  if (format !== undefined) return format.scan(path, optionsFor('read', format, flags));
  return scan(path, Object.fromEntries(FORMATS.map((f) => [f.name, optionsFor('read', f, flags)])) as Parameters<typeof scan>[1]);
}
