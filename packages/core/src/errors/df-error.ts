/**
 * What an error is about, which decides how it is reported: `data` (the input is bad: exit 1), `usage` (the call
 * is wrong: exit 2), `io` (the OS refused a read or write: exit 1), `internal` (a bug in df-stream: exit 1 and a
 * request to report it).
 */
export type ErrorKind = 'data' | 'usage' | 'io' | 'internal';

/** Where the problem is, as far as the thrower knows: a CSV position, a Parquet row group, an IPC batch, an expression. */
export interface ErrorLocation {
  readonly file?: string;
  /** 1-based physical line of a text file. */
  readonly line?: number;
  readonly column?: string;
  readonly byteOffset?: number;
  readonly rowGroup?: number;
  readonly batch?: number;
  readonly expression?: string;
}

export interface DfErrorInit {
  /** What the user can do about it, one short clause. */
  readonly hint?: string;
  readonly where?: ErrorLocation;
  /** A finer, stable reason a caller can branch on (`'field-count'`, `'wrong-format'`, `'split-guess'`). */
  readonly code?: string;
  readonly cause?: unknown;
}

/** The one encoding of an error that crosses a thread, a queue or a process: plain JSON-safe data. */
export interface ErrorWire {
  readonly v: 1;
  readonly name: string;
  readonly kind: ErrorKind;
  readonly message: string;
  readonly code?: string;
  readonly hint?: string;
  readonly where?: ErrorLocation;
  readonly stack?: string;
}

const KINDS: readonly ErrorKind[] = ['data', 'usage', 'io', 'internal'];

/** Node's system error codes that mean a file or a connection (a cluster's Redis) could not be used. */
const IO_CODES = new Set([
  ...['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EMFILE', 'ENFILE', 'ENOSPC', 'EROFS', 'EEXIST', 'EIO', 'EPIPE'],
  ...['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'],
]);

/**
 * The base of every error df-stream throws: one `kind` for the exit code, a `hint`, and a location. Every project
 * error class extends it; it is the only class that extends `Error` directly.
 */
export class DfError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly where: ErrorLocation;
  readonly code: string | undefined;

  constructor(kind: ErrorKind, message: string, init: DfErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'DfError';
    this.kind = kind;
    this.hint = init.hint;
    this.where = init.where ?? {};
    this.code = init.code;
  }

  /** Plain data for `postMessage`, a queue or JSON; `fromWire` gives back an error that prints the same line. */
  toWire(): ErrorWire {
    return {
      v: 1,
      name: this.name,
      kind: this.kind,
      message: this.message,
      ...(this.code === undefined ? {} : { code: this.code }),
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(Object.keys(this.where).length === 0 ? {} : { where: this.where }),
      ...(this.stack === undefined ? {} : { stack: this.stack }),
    };
  }

  /** The error a wire record describes, with the name, kind, hint and location it had where it was thrown. */
  static fromWire(wire: unknown): DfError {
    const w = (typeof wire === 'object' && wire !== null ? wire : {}) as Partial<Record<keyof ErrorWire, unknown>>;
    if (typeof w.message !== 'string' || !KINDS.includes(w.kind as ErrorKind)) {
      return new DfError('internal', `malformed error record: ${truncate(safeJson(wire))}`);
    }
    const err = new DfError(w.kind as ErrorKind, w.message, {
      hint: typeof w.hint === 'string' ? w.hint : undefined,
      code: typeof w.code === 'string' ? w.code : undefined,
      where: typeof w.where === 'object' && w.where !== null ? (w.where as ErrorLocation) : undefined,
    });
    if (typeof w.name === 'string') err.name = w.name;
    if (typeof w.stack === 'string') err.stack = w.stack;
    return err;
  }

  /**
   * Any thrown value as a DfError: ours pass through; a Node system error on a file is `io`; anything else
   * (a TypeError, a failed assertion) is `internal`, a bug to report, never dressed as bad data.
   */
  static from(error: unknown): DfError {
    if (error instanceof DfError) return error;
    if (error instanceof Error) {
      const sys = error as Error & { code?: unknown; path?: unknown };
      const kind: ErrorKind = typeof sys.code === 'string' && IO_CODES.has(sys.code) ? 'io' : 'internal';
      const where = typeof sys.path === 'string' ? { file: sys.path } : undefined;
      const err = new DfError(kind, error.message, { cause: error, where, code: typeof sys.code === 'string' ? sys.code : undefined });
      err.name = error.name;
      if (error.stack !== undefined) err.stack = error.stack;
      return err;
    }
    return new DfError('internal', `non-error thrown: ${truncate(safeJson(error))}`);
  }
}

/** Exit code of a command that failed with this error: 2 for a usage mistake, 1 for everything else. */
export function exitCodeOf(error: DfError): number {
  return error.kind === 'usage' ? 2 : 1;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function truncate(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
