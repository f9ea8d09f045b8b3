import type { LazyFrame } from '@df-stream/core';
import { sniffFormat, unsupportedFileError } from './file-signature.js';
import type { FormatEntry, FormatOptions } from './format-entry.js';
import { FormatError } from './format-error.js';
import { type FormatName, formatNamed, knownExtensions } from './format-registry.js';
import { isMultiFileInput } from './multi-file/expand-paths.js';
import type { MultiFileOptions, OpenedFile } from './multi-file/multi-file-source.js';
import { fileOptions, scanFiles } from './multi-file/scan-files.js';

/** Options of `scan`: for every format, and for one format only under its name (`csv: { delimiter: ';' }`). */
export type ScanFileOptions = {
  columns?: readonly string[];
  chunkSize?: number;
} & { [F in FormatName]?: Record<string, unknown> } & MultiFileOptions;

/**
 * A lazy frame over any supported file, the reader picked by content (magic bytes), not by name:
 * Parquet, Feather v2 / Arrow IPC file or stream, else CSV. Several files (a list, a glob, a directory: every file
 * with a registered extension) are read as one, each by its own content, `key=value` directories as columns.
 */
export async function scan(input: string | readonly string[], options: ScanFileOptions = {}): Promise<LazyFrame> {
  const own = fileOptions(options);
  if (isMultiFileInput(input) || options.hive === true) {
    const frame = scanFiles(
      input,
      knownExtensions(),
      async (path) => {
        const format = await formatOfContent(path);
        return openFile(format, path, optionsFor(format, own));
      },
      options,
    );
    // The first file's schema now, as a single file's scan would find a bad file now.
    await frame.schema();
    return frame;
  }
  const path = input as string;
  const format = await formatOfContent(path);
  return format.scan(path, optionsFor(format, own));
}

/** The registered format a file's bytes say it is. */
export async function formatOfContent(path: string): Promise<FormatEntry> {
  const found = await sniffFormat(path).catch((error: unknown) => {
    throw new FormatError((error as Error).message, { file: path, code: 'io', cause: error });
  });
  if (found.signature?.unsupported !== undefined) throw unsupportedFileError(path, found.signature);
  const format = formatNamed(found.name);
  if (format === undefined) throw new FormatError(`cannot read ${found.description}`, { file: path, code: 'unsupported' });
  return format;
}

/** Options for every format as they are, then this format's own; other formats' own are dropped. */
function optionsFor(format: FormatEntry, options: Record<string, unknown>): FormatOptions {
  const common = Object.fromEntries(Object.entries(options).filter(([key]) => formatNamed(key) === undefined));
  const specific = options[format.name] as Record<string, unknown> | undefined;
  return { ...common, ...specific };
}

/** One file of a multi-file input opened by `format`, with the split that reads it whole on a worker thread. */
export async function openFile(format: FormatEntry, path: string, options: FormatOptions): Promise<OpenedFile> {
  const frame = await format.scan(path, options);
  return { source: frame.source, split: format.split === undefined ? undefined : { reader: format.name, args: [path, options] } };
}
