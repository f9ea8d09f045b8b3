import { FORMATS, type FormatEntry, type FormatName } from '@df-stream/io/internal';
import type { ZodType } from 'zod';

/** What `--to` and `--format` take for a file format: the registry's names. */
export const FORMAT_NAMES = FORMATS.map((f) => f.name) as [FormatName, ...FormatName[]];

/** The flag values a CLI flag gives a format's reader or writer: those its option schema knows, unset ones left out. */
export function optionsFor(schema: 'read' | 'write', format: FormatEntry, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const known = format.schemas()[schema].shape;
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== undefined && Object.hasOwn(known, key)));
}

/** "a, b or c" */
export function oneOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Every extension the registry knows, for `-o` help (`.csv, .tsv, ...`). */
export function formatExtensions(): string[] {
  return FORMATS.flatMap((f) => f.extensions);
}

/** The formats in prose ('CSV, Parquet, Feather and Arrow IPC stream'). */
export function formatLabels(): string {
  const labels = FORMATS.map((f) => f.label);
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/**
 * Help lines for a flag that sets one option of the formats that have it (`--compression` sets `compression` of the
 * write schemas): per format, its allowed values and the schema's description; formats that share them share a line.
 */
export function optionHelp(flag: string, schema: 'read' | 'write', option: string, indent: number): string {
  const rows = new Map<string, string[]>();
  for (const format of FORMATS) {
    const field = format.schemas()[schema].shape[option] as ZodType | undefined;
    if (field === undefined) continue;
    const text = describe(field);
    rows.set(text, [...(rows.get(text) ?? []), format.name]);
  }
  const lines = [...rows].map(([text, names]) => `${names.join(', ')}: ${text}`);
  const pad = ' '.repeat(indent);
  return lines.map((line, i) => `${i === 0 ? `  ${flag}`.padEnd(indent) : pad}${line}`).join('\n');
}

/** A field's allowed values (an enum's) and description, e.g. `snappy|zstd|none; codec for every column ...`. */
function describe(field: ZodType): string {
  const inner = unwrapped(field);
  const values = 'options' in inner && Array.isArray(inner.options) ? (inner.options as string[]).join('|') : '';
  const description = field.description ?? inner.description ?? '';
  return values === '' ? description : `${values}${description === '' ? '' : `; ${description}`}`;
}

function unwrapped(field: ZodType): ZodType {
  let inner = field;
  while ('unwrap' in inner && typeof inner.unwrap === 'function') inner = inner.unwrap() as ZodType;
  return inner;
}
