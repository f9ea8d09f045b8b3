import { commonReadError, FormatError, messageOf } from '../../format-error.js';

/** Any failure while reading an Arrow IPC file as a one-line FormatError naming the file and where. */
export function featherError(error: unknown, file: string, batch?: number): Error {
  const at = { file, format: 'feather', batch, cause: error };
  const common = commonReadError(error, at);
  if (common !== undefined) return common;
  const message = messageOf(error);
  if (/compressed but codec not found/i.test(message)) {
    return new FormatError('LZ4/ZSTD-compressed Arrow IPC buffers are not supported (apache-arrow has no codec for them here)', {
      ...at,
      code: 'unsupported',
      hint: "re-save uncompressed, e.g. pyarrow: feather.write_feather(df, path, compression='uncompressed')",
    });
  }
  return new FormatError(`cannot read Arrow IPC data: ${message}`, { ...at, code: 'malformed', hint: 'the file may be corrupt or truncated' });
}
