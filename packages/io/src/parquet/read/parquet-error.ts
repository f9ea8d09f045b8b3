import { commonReadError, FormatError, messageOf } from '../../format-error.js';
import { ParquetWorkerError } from './parquet-worker.js';

/** Any failure while reading a Parquet file as a one-line FormatError naming the file and where. */
export function parquetError(error: unknown, file: string, rowGroup?: number): Error {
  if (error instanceof RangeError) return error;
  const at = { file, format: 'parquet', rowGroup, cause: error };
  const common = error instanceof ParquetWorkerError ? undefined : commonReadError(error, at);
  if (common !== undefined) return common;
  const message = messageOf(error);
  if (/encrypt/i.test(message)) {
    return new FormatError('encrypted Parquet files are not supported', {
      ...at,
      code: 'unsupported',
      hint: 'decrypt it with the tool that wrote it (e.g. pyarrow with its key)',
    });
  }
  if (error instanceof ParquetWorkerError && error.crashed) {
    return new FormatError(`the Parquet decoder failed (${message}); the file is probably malformed or truncated`, {
      ...at,
      code: 'malformed',
      hint: 'check the file with another Parquet reader (pyarrow, duckdb)',
    });
  }
  return new FormatError(message, { ...at, code: 'malformed', hint: 'the file may be corrupt, truncated or use a feature parquet-wasm does not support' });
}
