import { ColumnNotFoundError, InvalidArrowDataError, UnsupportedArrowTypeError } from '@df-stream/core';
import { FormatError, messageOf } from '../format-error.js';
import { ParquetWorkerError } from './parquet-worker.js';

/** Any failure while reading a Parquet file as a one-line FormatError naming the file and where. */
export function parquetError(error: unknown, file: string, rowGroup?: number): Error {
  if (error instanceof FormatError || error instanceof ColumnNotFoundError || error instanceof RangeError) return error;
  const at = { file, format: 'parquet', rowGroup, cause: error };
  if (error instanceof UnsupportedArrowTypeError) {
    return new FormatError(error.message.replace(/^column '[^']*': /, ''), {
      ...at,
      kind: 'unsupported',
      column: error.column,
      hint: 'leave this column out with { columns: [...] }',
    });
  }
  if (error instanceof InvalidArrowDataError) {
    return new FormatError(error.message.replace(/^column '[^']*': /, ''), { ...at, kind: 'malformed', column: error.column });
  }
  const message = messageOf(error);
  if (/encrypt/i.test(message)) {
    return new FormatError('encrypted Parquet files are not supported', {
      ...at,
      kind: 'unsupported',
      hint: 'decrypt it with the tool that wrote it (e.g. pyarrow with its key)',
    });
  }
  if (error instanceof ParquetWorkerError && error.crashed) {
    return new FormatError(`the Parquet decoder failed (${message}); the file is probably malformed or truncated`, {
      ...at,
      kind: 'malformed',
      hint: 'check the file with another Parquet reader (pyarrow, duckdb)',
    });
  }
  return new FormatError(message, { ...at, kind: 'malformed', hint: 'the file may be corrupt, truncated or use a feature parquet-wasm does not support' });
}
