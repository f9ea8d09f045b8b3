import { extname } from 'node:path';
import type { Chunk } from '@df-stream/core';
import type { FeatherCompression } from '../feather/feather-options.js';
import { writeFeather } from '../feather/write-feather.js';
import { FormatError } from '../format-error.js';
import type { ParquetCompression } from '../parquet/parquet-options.js';
import { writeParquet } from '../parquet/write-parquet.js';

/** Extensions `columnarSinkWriter` writes. */
export const COLUMNAR_EXTENSIONS: readonly string[] = ['.parquet', '.pq', '.feather', '.arrow', '.ipc', '.arrows'];

/**
 * A core `SinkWriter` for columnar files, chosen by extension: `.parquet`/`.pq` -> Parquet,
 * `.feather`/`.arrow`/`.ipc` -> Feather v2, `.arrows` -> Arrow IPC stream. Options: `compression`,
 * and `rowGroupSize` for Parquet. Other extensions are refused (the CSV writer handles `.csv`).
 */
export async function columnarSinkWriter(chunks: AsyncIterable<Chunk>, path: string, options: Record<string, unknown>): Promise<void> {
  const ext = extname(path).toLowerCase();
  const compression = typeof options.compression === 'string' ? options.compression : undefined;
  if (ext === '.parquet' || ext === '.pq') {
    const rowGroupSize = typeof options.rowGroupSize === 'number' ? options.rowGroupSize : undefined;
    return writeParquet(chunks, path, { compression: compression as ParquetCompression | undefined, rowGroupSize });
  }
  if (ext === '.feather' || ext === '.arrow' || ext === '.ipc' || ext === '.arrows') {
    return writeFeather(chunks, path, { compression: compression as FeatherCompression | undefined, stream: ext === '.arrows' });
  }
  throw new FormatError(`no columnar writer for '${ext || '(no extension)'}' files`, {
    file: path,
    code: 'unsupported',
    hint: `use one of ${COLUMNAR_EXTENSIONS.join(', ')}`,
  });
}
