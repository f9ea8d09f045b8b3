import { DfError, exitCodeOf } from '@df-stream/core';
import { ZodError } from 'zod';

/** Node's system errors a user causes by naming a file, as the line that says so. */
const FILE_PROBLEMS: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a directory' };

/**
 * Hints in the CLI's words for errors whose library hint names a reader option: the fix is a flag here. Keyed by
 * the error's code (CsvError's); the column, where the error names one, goes into the flag.
 */
const FLAG_HINTS: Record<string, (column: string | undefined) => string> = {
  'field-count': () => 'use --on-bad-row skip or --on-bad-row null-pad to read past such rows',
  'invalid-utf8': () => 'pass --encoding latin1 if the file is not UTF-8',
  'bad-value': (column) => `use --dtype ${column ?? 'COLUMN'}=utf8 to read the column as text`,
};

/**
 * Prints one line (plus a hint; for a usage error, the lines of its message under the first, such as an
 * expression with a caret) for an error and returns the exit code its kind gives: 2 for usage mistakes,
 * 1 for bad data, a failed read or write, or an internal error (a bug: the line says so and asks for a report);
 * a stack trace only with DF_STREAM_DEBUG=1.
 */
export function reportError(e: unknown): number {
  const err = e instanceof ZodError ? new DfError('usage', e.message, { cause: e }) : DfError.from(e);
  const color = process.stderr.isTTY && process.env.NO_COLOR === undefined;
  const label = color ? '\u001b[31merror\u001b[0m' : 'error';
  const internal = err.kind === 'internal';
  const [headline, ...excerpt] = err.message.split('\n');
  let message = headline;
  let hint = err.hint;
  const flagHint = err.code === undefined ? undefined : FLAG_HINTS[err.code];
  if (flagHint !== undefined && hint !== undefined) {
    // A CSV error's message ends with its hint, in the library's words: the CLI says it with flags.
    message = message.replace(`; hint: ${hint}`, '');
    hint = flagHint(err.where.column);
  }
  // Node's own text (`EACCES: permission denied, open '/x'`) is said in plain words; ours already says what it was doing.
  const raw = err.kind === 'io' && err.code !== undefined && err.message.startsWith(`${err.code}:`);
  const fileProblem = raw ? FILE_PROBLEMS[err.code as string] : undefined;
  if (fileProblem !== undefined) message = `${fileProblem}: ${err.where.file ?? message}`;
  process.stderr.write(`df-stream: ${label}: ${internal ? 'internal error: ' : ''}${message}\n`);
  // A usage error may quote what it is about under its headline (an expression with a caret under the spot).
  if (err.kind === 'usage' && !(e instanceof ZodError)) for (const line of excerpt) process.stderr.write(`${line}\n`);
  if (hint !== undefined && !message.includes(hint)) process.stderr.write(`  hint: ${hint}\n`);
  const debug = process.env.DF_STREAM_DEBUG === '1';
  const stack = e instanceof Error ? e.stack : err.stack;
  if (debug && stack !== undefined) process.stderr.write(`${stack}\n`);
  if (internal) {
    const trace = debug ? 'with the stack trace above' : 'with the stack trace that DF_STREAM_DEBUG=1 prints';
    process.stderr.write(`  (this is likely a bug in df-stream: please report it at the df-stream issue tracker, ${trace})\n`);
  }
  return exitCodeOf(err);
}
