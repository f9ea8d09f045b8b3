import { DfError } from '@df-stream/core';
import { quoteName } from '@df-stream/core/internal';

/** The finer reason of a `CsvError`, its `code` (`'usage'`: the options do not fit the file; an error of kind usage). */
export type CsvErrorCode =
  | 'unterminated-quote'
  | 'bad-quote'
  | 'field-count'
  | 'trailing-value'
  | 'invalid-utf8'
  | 'line-too-long'
  | 'too-many-columns'
  | 'bad-value'
  | 'bad-header'
  | 'usage';

export interface CsvErrorDetails {
  code: CsvErrorCode;
  file: string;
  /** 1-based physical line (line breaks inside quoted fields count). */
  line: number;
  column?: string;
  byteOffset: number;
  hint?: string;
}

/**
 * A data error in a CSV input, as one line a user can act on:
 * `<file>:<line>: <what> (column '<name>', byte <offset>); hint: <hint>`.
 */
export class CsvError extends DfError {
  declare readonly code: CsvErrorCode;
  readonly file: string;
  readonly line: number;
  readonly column: string | undefined;
  readonly byteOffset: number;
  /** The message's "what" part alone. */
  readonly reason: string;

  constructor(what: string, details: CsvErrorDetails) {
    const where = [details.column === undefined ? undefined : `column ${quoteName(details.column)}`, `byte ${details.byteOffset}`]
      .filter((s) => s !== undefined)
      .join(', ');
    const hint = details.hint === undefined ? '' : `; hint: ${details.hint}`;
    super(details.code === 'usage' ? 'usage' : 'data', `${details.file}:${details.line}: ${what} (${where})${hint}`, {
      code: details.code,
      hint: details.hint,
      where: { file: details.file, line: details.line, column: details.column, byteOffset: details.byteOffset },
    });
    this.name = 'CsvError';
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.byteOffset = details.byteOffset;
    this.reason = what;
  }
}
