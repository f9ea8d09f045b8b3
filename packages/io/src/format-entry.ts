import { extname } from 'node:path';
import type { Chunk, LazyFrame, ScanSource } from '@df-stream/core';
import type { ZodObject } from 'zod';
import type { FileSignature } from './file-signature.js';

/** Options as they arrive from a caller that picks the format at run time (`sink`, `scan`, the CLI, a split). */
export type FormatOptions = Readonly<Record<string, unknown>>;

/** A format's options, each declared once as a zod schema. */
export interface FormatSchemas {
  /** What the format's reader takes. */
  readonly read: ZodObject;
  /** What its writer takes (the writer validates with it). */
  readonly write: ZodObject;
  /** What one split's options may be when it travels to another machine: plain data only (see `SplitReader`). */
  readonly split?: ZodObject;
}

/** How a split of this format (`SourceSplit.reader` = the format's name) is read again, on a thread or a machine. */
export interface SplitReader {
  /** The source a split's plain arguments describe; its module is loaded on first use. */
  open(args: readonly unknown[]): Promise<ScanSource>;
  /** Whether a cluster may ship such splits to other machines, as `[absolute path, options]` checked by `schemas().split`. */
  readonly shipped: boolean;
  /** The options as they travel (the CSV reader names the file as the user wrote it, not by the worker's path). */
  wireOptions?(options: FormatOptions, displayName: string): FormatOptions;
}

/**
 * One file format in the registry (format-registry.ts): everything the by-path and by-content machinery
 * (`scan`, `sink`, `detectFormat`, `openSplit`, the CLI, the cluster) needs to know about it. The reader and writer
 * modules are loaded on first use: a registry lookup loads no reader.
 */
export interface FormatEntry<Name extends string = string, Recognised extends string = Name> {
  /** The name `detectFormat` returns, `--to` takes and a split carries as its reader. */
  readonly name: Name;
  /** The format in messages and help ('CSV'). */
  readonly label: string;
  /** Lower-case file extensions that mean this format, the usual one first. */
  readonly extensions: readonly string[];
  /** Options some extensions imply, under what the caller sets (`.tsv`: tab-delimited); `scan` and `write` apply them. */
  readonly extensionDefaults?: Readonly<Record<string, FormatOptions>>;
  /** Magic bytes that identify the format's files, and files of it df-stream cannot read (Feather v1). */
  readonly signatures: readonly FileSignature<Recognised>[];
  /** For the one format that reads what no signature claims (CSV): what such a file is called, and its reader. */
  readonly fallback?: { readonly description: string; readonly readWith: string };
  /** Whether `-` means stdin (reading) and stdout (writing). */
  readonly stdio: boolean;
  /** The option schemas, built on first use (building them loads zod). */
  readonly schemas: () => FormatSchemas;
  /** A lazy frame over a file of this format; `options` go to its reader as they are. */
  scan(path: string, options: FormatOptions): Promise<LazyFrame>;
  /** Writes chunks to a file of this format; its writer validates `options` with `schemas().write`. */
  write(chunks: AsyncIterable<Chunk>, path: string, options: FormatOptions): Promise<void>;
  readonly split?: SplitReader;
}

/** `options` over the defaults the path's extension implies for this format (an option set to undefined is unset). */
export function withExtensionDefaults(format: Pick<FormatEntry, 'extensionDefaults'>, path: string, options: FormatOptions): FormatOptions {
  const defaults = format.extensionDefaults?.[extensionOf(path)];
  if (defaults === undefined) return options;
  const set = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...defaults, ...set };
}

/** The lower-case extension of a path, with its dot ('' without one). */
export function extensionOf(path: string): string {
  return extname(path).toLowerCase();
}
