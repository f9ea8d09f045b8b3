import { open } from 'node:fs/promises';
import { DfError } from '@df-stream/core';
import { FormatError, isSystemError } from './format-error.js';

/** The first 8 and last 4 bytes of a file (zero-filled past its end) and its size: what magic-byte tests look at. */
export interface FileEnds {
  readonly head: Uint8Array;
  readonly tail: Uint8Array;
  readonly size: number;
}

/** How a format's files can be told by their bytes. */
export interface FileSignature<Name extends string = string> {
  /** The format this signature identifies (`detectFormat`'s answer). */
  readonly name: Name;
  /** What such a file is called in "it looks like ..." messages. */
  readonly description: string;
  /** Where the magic bytes are: head signatures are tried before tail ones. */
  readonly at: 'head' | 'tail';
  readonly matches: (ends: FileEnds) => boolean;
  /** A file df-stream recognises but cannot read (Feather v1): the error to give instead of reading it. */
  readonly unsupported?: { readonly message: string; readonly hint: string };
}

/** The signatures and the fallback of every registered format (set by format-registry.ts). */
interface KnownFormats {
  readonly signatures: readonly FileSignature[];
  /** What a file no signature matches is taken for (CSV: any text), and the function that reads it ('scanCsv'). */
  readonly fallback: { readonly name: string; readonly description: string; readonly readWith?: string };
}

let known: KnownFormats = { signatures: [], fallback: { name: 'unknown', description: 'text or an unknown format' } };

/**
 * Called once by format-registry.ts with every format's signatures. The readers check their files here but cannot
 * import the registry (it loads them: a cycle), so the registry hands its signatures down. A reader loaded without
 * the registry still checks its own signature; it only describes other formats less precisely.
 */
export function registerSignatures(formats: KnownFormats): void {
  known = formats;
}

/** The format of the file's bytes among the registered ones (head signatures first), else the fallback. */
export async function sniffFormat(path: string): Promise<{ name: string; description: string; signature?: FileSignature }> {
  return classify(await readEnds(path), known.signatures);
}

function classify(ends: FileEnds, signatures: readonly FileSignature[]): { name: string; description: string; signature?: FileSignature } {
  for (const at of ['head', 'tail'] as const) {
    const signature = signatures.find((s) => s.at === at && s.matches(ends));
    if (signature !== undefined) return { name: signature.name, description: signature.description, signature };
  }
  return known.fallback;
}

/** The error for a file whose signature says df-stream cannot read it (Feather v1). */
export function unsupportedFileError(path: string, signature: FileSignature): FormatError {
  return new FormatError(signature.unsupported?.message ?? `${signature.description} files are not supported`, {
    file: path,
    code: 'unsupported',
    format: signature.name,
    hint: signature.unsupported?.hint,
  });
}

/** What a reader accepts: its signatures, and how to say that a file is not one of them. */
export interface ExpectedFormat {
  /** The format named in errors ('parquet'). */
  readonly format: string;
  readonly accepts: readonly FileSignature[];
  /** "not a <title> (no <missing>; ..." */
  readonly title: string;
  readonly missing: string;
}

/**
 * Checks that a file has one of a reader's signatures and returns the one it has; otherwise says what the file
 * looks like instead (a file df-stream cannot read at all, Feather v1, gets that error first).
 */
export async function expectFormat(path: string, expected: ExpectedFormat): Promise<FileSignature> {
  let ends: FileEnds;
  try {
    ends = await readEnds(path);
  } catch (error) {
    // The OS's refusal (no such file, permission denied) as itself: an io error naming the path and its errno.
    if (isSystemError(error)) throw DfError.from(error);
    throw new FormatError((error as Error).message, { file: path, code: 'io', format: expected.format, cause: error });
  }
  const found = classify(ends, known.signatures.length > 0 ? known.signatures : expected.accepts);
  if (found.signature?.unsupported !== undefined) throw unsupportedFileError(path, found.signature);
  if (found.signature !== undefined && expected.accepts.includes(found.signature)) return found.signature;
  const readWith = found.signature === undefined ? known.fallback.readWith : undefined;
  throw new FormatError(`not a ${expected.title} (no ${expected.missing}; it looks like ${found.description})`, {
    file: path,
    code: 'wrong-format',
    format: expected.format,
    hint: `use ${readWith === undefined ? '' : `${readWith}, or `}scan(path) to pick the reader by content`,
  });
}

export async function readEnds(path: string): Promise<FileEnds> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(8);
    const tail = new Uint8Array(4);
    await handle.read(head, 0, Math.min(8, size), 0);
    if (size >= 4) await handle.read(tail, 0, 4, size - 4);
    return { head, tail, size };
  } finally {
    await handle.close();
  }
}

/** The bytes [start, end) as Latin-1 text, for comparing with magic strings. */
export function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(Math.max(0, start), end));
}
