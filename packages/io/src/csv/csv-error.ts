export type CsvErrorKind =
  | 'unterminated-quote'
  | 'bad-quote'
  | 'field-count'
  | 'invalid-utf8'
  | 'line-too-long'
  | 'bad-value'
  | 'bad-header'
  | 'usage';

export interface CsvErrorDetails {
  kind: CsvErrorKind;
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
export class CsvError extends Error {
  readonly kind: CsvErrorKind;
  readonly file: string;
  readonly line: number;
  readonly column: string | undefined;
  readonly byteOffset: number;
  readonly hint: string | undefined;
  /** The message's "what" part alone. */
  readonly reason: string;

  constructor(what: string, details: CsvErrorDetails) {
    const where = [details.column === undefined ? undefined : `column '${details.column}'`, `byte ${details.byteOffset}`]
      .filter((s) => s !== undefined)
      .join(', ');
    const hint = details.hint === undefined ? '' : `; hint: ${details.hint}`;
    super(`${details.file}:${details.line}: ${what} (${where})${hint}`);
    this.name = 'CsvError';
    this.kind = details.kind;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.byteOffset = details.byteOffset;
    this.hint = details.hint;
    this.reason = what;
  }
}
