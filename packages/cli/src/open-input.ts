import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type Chunk, type DType, LazyFrame, type ScanOptions, type ScanSource, type Schema } from '@df-stream/core';
import { scan } from '@df-stream/io';
import { FORMATS, formatOfExtension, stdioFormat } from '@df-stream/io/internal';
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
}

/** One lazy input over one or more files (or globs, or `-` for CSV on stdin) that share one schema. */
export async function openInput(patterns: readonly string[], options: InputOptions = {}): Promise<LazyFrame> {
  const files = patterns.flatMap(expandGlob);
  if (files.length === 0) throw new UsageError('no input file given', "pass a file, a glob like 'data/*.csv', or - for stdin");
  const frames = await Promise.all(files.map((f) => openOne(f, options)));
  return frames.length === 1 ? frames[0] : LazyFrame.fromSource(new ConcatSource(frames, files));
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

/**
 * `data/*.csv` -> the matching files, sorted (the shell usually expands globs; quoted ones land here). As in a shell,
 * `*` and `?` do not match a leading dot: a hidden file is named by a pattern that starts with one. That keeps out
 * the temp files of an output being written (`.out.csv.tmp-...`), which a killed job may leave half-written.
 */
function expandGlob(pattern: string): string[] {
  if (!/[*?]/.test(pattern)) return [pattern];
  const dir = dirname(pattern);
  const base = basename(pattern);
  const re = new RegExp(
    `^${base
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    // A missing directory is a mistake in the pattern; an unreadable one is the OS's refusal (kind io, said as such).
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`no such directory: ${dir}`);
    throw error;
  }
  const matches = names
    .filter((n) => re.test(n) && (base.startsWith('.') || !n.startsWith('.')))
    .sort()
    .map((n) => join(dir, n));
  if (matches.length === 0) throw new UsageError(`no file matches ${pattern}`);
  return matches;
}

/** Several files read one after another as one input; they must have the same column names. */
class ConcatSource implements ScanSource {
  constructor(
    private readonly parts: readonly LazyFrame[],
    private readonly files: readonly string[],
  ) {}

  get description(): string {
    return this.files.join(', ');
  }

  progress(): { bytesRead: number; totalBytes?: number } {
    let bytesRead = 0;
    let totalBytes = 0;
    for (const p of this.parts) {
      const pr = p.progress();
      bytesRead += pr.bytesRead;
      totalBytes += pr.totalBytes ?? 0;
    }
    return { bytesRead, totalBytes: totalBytes || undefined };
  }

  async schema(): Promise<Schema> {
    return this.parts[0].schema();
  }

  async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
    const first = (await this.parts[0].schema()).names.join(',');
    for (let i = 0; i < this.parts.length; i++) {
      const names = (await this.parts[i].schema()).names.join(',');
      if (names !== first) {
        throw new UsageError(`${this.files[i]} has columns [${names}], but ${this.files[0]} has [${first}]`, 'all input files must have the same columns');
      }
      yield* this.parts[i].scan(options);
    }
  }
}
