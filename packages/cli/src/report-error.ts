import { UsageError } from './usage-error.js';

/** Errors that describe the input data (or a column the user named), not a bug. */
const DATA_ERRORS = new Set(['CsvError', 'FormatError', 'UnsupportedArrowTypeError', 'RangeError', 'TypeError']);

/**
 * Prints one line (plus a hint) for an error and returns the exit code: 2 for usage mistakes,
 * 1 for bad data; a stack trace only with DF_STREAM_DEBUG=1.
 */
export function reportError(e: unknown): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const color = process.stderr.isTTY && process.env.NO_COLOR === undefined;
  const label = color ? '\u001b[31merror\u001b[0m' : 'error';
  const usage = err instanceof UsageError || err.name === 'ColumnNotFoundError' || err.name === 'ZodError';
  const known = usage || DATA_ERRORS.has(err.name) || (err as NodeJS.ErrnoException).code !== undefined;
  let message = err.message.split('\n')[0];
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    const path = (err as NodeJS.ErrnoException).path;
    message = `${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'is a directory'}: ${path ?? message}`;
  }
  process.stderr.write(`df-stream: ${label}: ${known ? '' : 'internal error: '}${message}\n`);
  const hint = err instanceof UsageError ? err.hint : (err as { hint?: string }).hint;
  if (hint !== undefined && !message.includes(hint)) process.stderr.write(`  hint: ${hint}\n`);
  if (process.env.DF_STREAM_DEBUG === '1' && err.stack !== undefined) process.stderr.write(`${err.stack}\n`);
  else if (!known) process.stderr.write('  (run with DF_STREAM_DEBUG=1 for the stack trace; this is likely a bug in df-stream)\n');
  return usage || code === 'ENOENT' ? (code === 'ENOENT' ? 1 : 2) : 1;
}
