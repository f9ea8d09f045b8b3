import { type Chunk, DfError } from '@df-stream/core';
import type { SinkWriter } from '@df-stream/core/internal';
import type { FormatEntry } from './format-entry.js';
import { extensionOf } from './format-entry.js';
import { FormatError } from './format-error.js';
import { FORMATS, formatOfExtension, knownExtensions, stdioFormat } from './format-registry.js';

/**
 * `LazyFrame.sink(path)` (registered with core by io's index): the format the path's extension names in the registry,
 * `-` for stdout; the format's writer checks `options` against its write schema.
 */
export const sinkToPath: SinkWriter = async (chunks, path, options) => {
  if (options.partitionBy !== undefined) {
    // Hive directories (`dir/year=2024/part-0.parquet`); the module loads only for a partitioned sink.
    const { sinkPartitioned } = await import('./multi-file/partitioned-sink.js');
    await sinkPartitioned(chunks, path, { ...options, partitionBy: partitionColumns(options.partitionBy) });
    return;
  }
  const format = path === '-' ? stdioFormat() : formatOfExtension(path);
  if (format === undefined) {
    throw new FormatError(`no writer for '${extensionOf(path) || '(no extension)'}' files`, {
      file: path,
      code: 'unsupported',
      hint: `use one of ${knownExtensions().join(', ')}`,
    });
  }
  await format.write(chunks, path, options);
};

const columnarFormats = (): FormatEntry[] => FORMATS.filter((f) => !f.stdio);

/** Extensions `columnarSinkWriter` writes: those of the binary formats. */
export const COLUMNAR_EXTENSIONS: readonly string[] = columnarFormats().flatMap((f) => f.extensions);

/** `sinkToPath` for the binary (columnar) formats only: Parquet, Feather, Arrow IPC stream. */
export async function columnarSinkWriter(chunks: AsyncIterable<Chunk>, path: string, options: Record<string, unknown>): Promise<void> {
  const format = formatOfExtension(path);
  if (format === undefined || format.stdio) {
    throw new FormatError(`no columnar writer for '${extensionOf(path) || '(no extension)'}' files`, {
      file: path,
      code: 'unsupported',
      hint: `use one of ${COLUMNAR_EXTENSIONS.join(', ')}`,
    });
  }
  await format.write(chunks, path, options);
}

function partitionColumns(value: unknown): readonly string[] {
  const names = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
    throw new DfError('usage', 'partitionBy takes column names', { hint: "e.g. partitionBy: ['year']" });
  }
  return names as string[];
}
