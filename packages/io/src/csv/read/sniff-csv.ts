import type { DType, Schema } from '@df-stream/core';
import type { CsvReadOptions } from '../csv-options.js';
import type { CsvLayout } from './csv-layout.js';
import { type CsvInput, CsvSource } from './csv-source.js';

/** What the reader makes of a CSV file before reading it: the dialect, the schema, and every decision it took. */
export interface CsvSniff {
  readonly delimiter: string;
  readonly quote: string;
  /** What escapes a quote inside quotes: the quote itself (doubled) or another character. */
  readonly escape: string;
  readonly comment: string | null;
  readonly header: boolean;
  readonly lineEnding: '\n' | '\r\n' | '\r' | null;
  readonly encoding: 'utf8' | 'latin1';
  /** Lines skipped before the header: `skipRows` and a preamble sniffing found. */
  readonly skippedLines: number;
  readonly trailingDelimiter: boolean;
  /** Spaces after each delimiter are trimmed. */
  readonly trimSpaces: boolean;
  readonly schema: Schema;
  readonly columns: readonly { readonly name: string; readonly dtype: DType; readonly note?: string }[];
  /** One line per decision (dialect first, then columns), e.g. `header: none (...)`, `zip: text, leading zero ...`. */
  readonly decisions: readonly string[];
}

/**
 * Sniffs a CSV file as the reader will (its first 8 MiB: the dialect, the header, each column's dtype) without
 * reading further, like DuckDB's `sniff_csv`; `df-stream schema` prints it.
 */
export async function sniffCsv(input: CsvInput, options: CsvReadOptions = {}): Promise<CsvSniff> {
  const layout = await new CsvSource(input, options).layout();
  return describeLayout(layout, options);
}

function describeLayout(layout: CsvLayout, options: CsvReadOptions): CsvSniff {
  const { dialect } = layout;
  const char = (b: number) => String.fromCharCode(b);
  const columns = layout.plans
    .filter((p) => p.hidden !== true)
    .map((p) => ({ name: p.name, dtype: p.fixed ?? p.dtype, ...(p.note === undefined ? {} : { note: p.note }) }));
  return {
    delimiter: char(dialect.delimiter),
    quote: char(dialect.quote),
    escape: char(dialect.escape),
    comment: dialect.comment < 0 ? null : char(dialect.comment),
    header: dialect.header,
    lineEnding: dialect.lineEnding,
    encoding: options.encoding ?? 'utf8',
    skippedLines: (options.skipRows ?? 0) + dialect.preambleLines,
    trailingDelimiter: dialect.trailingDelimiter,
    trimSpaces: dialect.trimSpaces,
    schema: layout.schema,
    columns,
    decisions: [...dialect.notes, ...columns.filter((c) => c.note !== undefined).map((c) => `${c.name}: ${c.note}`)],
  };
}
