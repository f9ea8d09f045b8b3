import { DfError } from '@df-stream/core';
import { csvFormat } from './csv/csv-format.js';
import { arrowStreamFormat } from './feather/arrow-stream-format.js';
import { featherFormat } from './feather/feather-format.js';
import { registerSignatures } from './file-signature.js';
import { extensionOf, type FormatEntry } from './format-entry.js';
import { parquetFormat } from './parquet/parquet-format.js';

/**
 * Every file format df-stream reads and writes, one entry each (see format-entry.ts). `scan`, `sink`,
 * `detectFormat`, `openSplit`, the CLI's input and output and the cluster's split payloads all read this list; adding
 * a format is its folder plus a line here (docs/architecture.md, "How to add a format").
 */
export const FORMATS = [csvFormat, parquetFormat, featherFormat, arrowStreamFormat] as const;

/** The name of a registered format ('csv', 'parquet', 'feather', 'arrow-stream'). */
export type FormatName = (typeof FORMATS)[number]['name'];

/** Every format name a file's bytes can be told as, including recognised but unsupported ones ('feather-v1'). */
export type RecognisedFormat = (typeof FORMATS)[number] extends infer F ? (F extends FormatEntry<string, infer R> ? R : never) : never;

const fallback: FormatEntry | undefined = FORMATS.find((f: FormatEntry) => f.fallback !== undefined);
registerSignatures({
  signatures: FORMATS.flatMap((f: FormatEntry) => f.signatures),
  fallback:
    fallback?.fallback === undefined
      ? { name: 'unknown', description: 'text or an unknown format' }
      : { name: fallback.name, description: fallback.fallback.description, readWith: fallback.fallback.readWith },
});

/** The format of this name, if one is registered. */
export function formatNamed(name: string): FormatEntry | undefined {
  return FORMATS.find((f) => f.name === name);
}

/** The format a path's extension names, if any. */
export function formatOfExtension(path: string): FormatEntry | undefined {
  const ext = extensionOf(path);
  return ext === '' ? undefined : FORMATS.find((f) => f.extensions.includes(ext));
}

/** The format `-` (stdin, stdout) is read and written in. */
export function stdioFormat(): FormatEntry {
  const format = FORMATS.find((f) => f.stdio);
  if (format === undefined) throw new DfError('internal', 'no registered format reads stdin');
  return format;
}

/** The format a file of this content is read as when no signature matches (CSV). */
export function fallbackFormat(): FormatEntry | undefined {
  return fallback;
}

/** Every registered extension, in registry order. */
export function knownExtensions(): string[] {
  return FORMATS.flatMap((f) => f.extensions);
}
