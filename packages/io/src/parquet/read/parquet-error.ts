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
    // A wasm panic says "unreachable" and nothing else (it stays the cause); ParquetSource explains the ones in data.
    return new FormatError('the Parquet decoder stopped on something in the file it cannot decode', {
      ...at,
      code: 'malformed',
      hint: 'the file is corrupt, or uses a feature parquet-wasm cannot decode; check it with another reader (pyarrow, duckdb)',
    });
  }
  return new FormatError(message, { ...at, code: 'malformed', hint: 'the file may be corrupt, truncated or use a feature parquet-wasm does not support' });
}
