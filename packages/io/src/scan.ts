import type { LazyFrame } from '@df-stream/core';
import { sniffFormat, unsupportedFileError } from './file-signature.js';
import { FormatError } from './format-error.js';
import { type FormatName, formatNamed } from './format-registry.js';

/** Options of `scan`: for every format, and for one format only under its name (`csv: { delimiter: ';' }`). */
export type ScanFileOptions = {
  columns?: readonly string[];
  chunkSize?: number;
} & { [F in FormatName]?: Record<string, unknown> };

/**
 * A lazy frame over any supported file, the reader picked by content (magic bytes), not by name:
 * Parquet, Feather v2 / Arrow IPC file or stream, else CSV.
 */
export async function scan(path: string, options: ScanFileOptions = {}): Promise<LazyFrame> {
  const found = await sniffFormat(path).catch((error: unknown) => {
    throw new FormatError((error as Error).message, { file: path, code: 'io', cause: error });
  });
  if (found.signature?.unsupported !== undefined) throw unsupportedFileError(path, found.signature);
  const format = formatNamed(found.name);
  if (format === undefined) throw new FormatError(`cannot read ${found.description}`, { file: path, code: 'unsupported' });
  // Options for every format as they are, then this format's own; other formats' own are dropped.
  const common = Object.fromEntries(Object.entries(options).filter(([key]) => formatNamed(key) === undefined));
  const specific = (options as Record<string, unknown>)[format.name] as Record<string, unknown> | undefined;
  return format.scan(path, { ...common, ...specific });
}
