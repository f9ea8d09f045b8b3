import { DfError, InvalidArrowDataError, UnsupportedArrowTypeError } from '@df-stream/core';
import { quoteName } from '@df-stream/core/internal';

/** What file problem a `FormatError` reports, its `code` (`'io'` is an error of kind io, the rest of kind data). */
export type FormatErrorCode =
  /** The file is not in the format its name or the caller asked for. */
  | 'wrong-format'
  /** A valid file using something df-stream cannot read (a type, an encryption, a codec). */
  | 'unsupported'
  /** The file breaks its format's rules (truncated, corrupt, hostile). */
  | 'malformed'
  /** The file changed while it was read (it shrank; or it grew with its last row cut where it had ended). */
  | 'changed'
  /** Reading or writing the file failed at the OS level. */
  | 'io';

export interface FormatErrorInit {
  file: string;
  code: FormatErrorCode;
  /** 'parquet', 'feather', 'arrow-stream', 'csv'. */
  format?: string;
  rowGroup?: number;
  column?: string;
  /** Batch index for Arrow IPC files. */
  batch?: number;
  hint?: string;
  cause?: unknown;
}

const MAX_DETAIL = 240;

/**
 * A file that cannot be read or written, as one line: the file, where (row group and column for
 * Parquet, batch and column for Arrow), what went wrong, and a hint.
 */
export class FormatError extends DfError {
  declare readonly code: FormatErrorCode;
  readonly file: string;
  readonly format: string | undefined;
  readonly rowGroup: number | undefined;
  readonly column: string | undefined;
  readonly batch: number | undefined;

  constructor(detail: string, init: FormatErrorInit) {
    const where = [
      init.rowGroup === undefined ? '' : `row group ${init.rowGroup}`,
      init.batch === undefined ? '' : `batch ${init.batch}`,
      init.column === undefined ? '' : `column ${quoteName(init.column)}`,
    ].filter((s) => s !== '');
    const hint = init.hint === undefined ? '' : ` (hint: ${init.hint})`;
    super(init.code === 'io' ? 'io' : 'data', `${init.file}${where.length > 0 ? `, ${where.join(', ')}` : ''}: ${oneLine(detail)}${hint}`, {
      code: init.code,
      hint: init.hint,
      cause: init.cause,
      where: { file: init.file, rowGroup: init.rowGroup, column: init.column, batch: init.batch },
    });
    this.name = 'FormatError';
    this.file = init.file;
    this.format = init.format;
    this.rowGroup = init.rowGroup;
    this.column = init.column;
    this.batch = init.batch;
  }
}

/** A library's message squeezed to one bounded line (wasm and flatbuffer errors can be long). */
export function oneLine(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The part of a reader's error mapping that Parquet and Feather share: Arrow type problems name their column,
 * other errors that are already ours pass through. Undefined for anything format-specific.
 */
export function commonReadError(error: unknown, at: Omit<FormatErrorInit, 'code'>): Error | undefined {
  if (error instanceof UnsupportedArrowTypeError) {
    return new FormatError(error.message.replace(/^column '[^']*': /, ''), {
      ...at,
      code: 'unsupported',
      column: error.column,
      hint: 'leave this column out with { columns: [...] }',
    });
  }
  if (error instanceof InvalidArrowDataError) {
    return new FormatError(error.message.replace(/^column '[^']*': /, ''), { ...at, code: 'malformed', column: error.column });
  }
  if (error instanceof DfError) return error;
  return undefined;
}

/** A Node system error (`ENOENT`, `EACCES`, `EIO`, ... from a file call): an OS refusal, not a format problem. */
export function isSystemError(error: unknown): error is Error & { code: string; syscall: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { syscall?: unknown }).syscall === 'string';
}
