import { DfError } from '@df-stream/core';

/** What a user can do about the errno codes a write meets. */
const HINTS: Readonly<Record<string, string>> = {
  ENOSPC: 'free some space on that disk, or write somewhere else',
  EDQUOT: 'the disk quota is used up: free some space, or write somewhere else',
  EIO: 'the device reported an error: check the disk and try again',
  EACCES: 'check that this user may write to that directory',
  EPERM: 'check that this user may write to that directory',
  EROFS: 'the file system is read-only: write somewhere else',
  ENOENT: 'check that the directory exists',
};

/**
 * A failed create, write, close or rename of `file` (an output, or a spill file) as one line of kind io that names
 * the file and the errno code, e.g. `cannot write out.csv: no space left on device (ENOSPC)`: Node's own message
 * names a temp file, or no file at all for a write to a descriptor. Errors that are ours already pass through.
 */
export function writeError(error: unknown, file: string, hint?: string): DfError {
  if (error instanceof DfError) return error;
  const sys = error as { code?: unknown; message?: unknown } | null;
  const code = typeof sys?.code === 'string' ? sys.code : undefined;
  const message = typeof sys?.message === 'string' ? sys.message : String(error);
  // Node's text is `CODE: description, syscall 'path'`: the description is what a user reads.
  const description = code === undefined ? message : (new RegExp(`^${code}: ([^,]*)`).exec(message)?.[1] ?? message);
  return new DfError('io', `cannot write ${file}: ${description}${code === undefined ? '' : ` (${code})`}`, {
    code,
    hint: hint ?? (code === undefined ? undefined : HINTS[code]),
    where: { file },
    cause: error,
  });
}
