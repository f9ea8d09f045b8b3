/** Errors that describe the input (bad data, a missing column): retrying elsewhere gives the same error. */
const DATA_ERRORS = new Set(['CsvError', 'FormatError', 'UnsupportedArrowTypeError', 'ColumnNotFoundError', 'RangeError', 'TypeError']);

export function isDataError(name: string): boolean {
  return DATA_ERRORS.has(name);
}

export interface EncodedError {
  readonly name: string;
  readonly message: string;
  readonly hint?: string;
}

/** BullMQ keeps only a failed job's message: the name and hint travel inside it as JSON. */
export function encodeError(e: EncodedError): string {
  return JSON.stringify({ name: e.name, message: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }) });
}

/** The error a task failed with, rebuilt on the coordinator with its original name and hint. */
export function decodeError(failedReason: string | undefined, where: string): Error {
  let parsed: Partial<EncodedError> | undefined;
  try {
    const value: unknown = JSON.parse(failedReason ?? '');
    if (typeof value === 'object' && value !== null) parsed = value as Partial<EncodedError>;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || typeof parsed.message !== 'string') {
    return new Error(`${where} failed: ${failedReason ?? 'unknown reason'}`);
  }
  const err = new Error(parsed.message) as Error & { hint?: string };
  err.name = typeof parsed.name === 'string' ? parsed.name : 'Error';
  if (typeof parsed.hint === 'string') err.hint = parsed.hint;
  return err;
}
