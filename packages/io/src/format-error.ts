import { ColumnNotFoundError, InvalidArrowDataError, UnsupportedArrowTypeError } from '@df-stream/core';

/** What kind of file problem a `FormatError` reports. */
export type FormatErrorKind =
  /** The file is not in the format its name or the caller asked for. */
  | 'wrong-format'
  /** A valid file using something df-stream cannot read (a type, an encryption, a codec). */
  | 'unsupported'
  /** The file breaks its format's rules (truncated, corrupt, hostile). */
  | 'malformed'
  /** Reading or writing the file failed at the OS level. */
  | 'io';

export interface FormatErrorInit {
  file: string;
  kind: FormatErrorKind;
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
export class FormatError extends Error {
  readonly file: string;
  readonly kind: FormatErrorKind;
  readonly format: string | undefined;
  readonly rowGroup: number | undefined;
  readonly column: string | undefined;
  readonly batch: number | undefined;
  readonly hint: string | undefined;

  constructor(detail: string, init: FormatErrorInit) {
    const where = [
      init.rowGroup === undefined ? '' : `row group ${init.rowGroup}`,
      init.batch === undefined ? '' : `batch ${init.batch}`,
      init.column === undefined ? '' : `column '${init.column}'`,
    ].filter((s) => s !== '');
    const hint = init.hint === undefined ? '' : ` (hint: ${init.hint})`;
    super(`${init.file}${where.length > 0 ? `, ${where.join(', ')}` : ''}: ${oneLine(detail)}${hint}`, { cause: init.cause });
    this.name = 'FormatError';
    this.file = init.file;
    this.kind = init.kind;
    this.format = init.format;
    this.rowGroup = init.rowGroup;
    this.column = init.column;
    this.batch = init.batch;
    this.hint = init.hint;
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
 * The part of a reader's error mapping that Parquet and Feather share: errors that are already ours pass
 * through, Arrow type problems name their column. Undefined for anything format-specific.
 */
export function commonReadError(error: unknown, at: Omit<FormatErrorInit, 'kind'>): Error | undefined {
  if (error instanceof FormatError || error instanceof ColumnNotFoundError) return error;
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
  return undefined;
}
