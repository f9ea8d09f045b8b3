import { FormatError } from './format-error.js';

/**
 * A file that changed under a reader (truncated, rewritten, or appended to mid-row): a data error, never rows that
 * were not in the file. `detail` says what was seen.
 */
export function fileChangedError(file: string, format: string, detail: string): FormatError {
  return new FormatError(`changed while it was read: ${detail}`, {
    file,
    format,
    code: 'changed',
    hint: 'read a file once its writer is done, or a copy of it',
  });
}
