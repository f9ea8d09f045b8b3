import type { Chunk, DataFrame, DType, Value } from '@df-stream/core';
import { formatCell, formatTable } from '@df-stream/core/internal';

export type TextFormat = 'table' | 'csv' | 'json' | 'ndjson';

/** The lines a frame prints as, in a text format other than CSV (`writeCsv` writes that one, to files and stdout alike). */
export function* formatRows(df: DataFrame, format: Exclude<TextFormat, 'csv'>): Generator<string> {
  const names = df.columns;
  if (format === 'table') {
    const dtypes = df.schema.fields.map((f) => f.dtype);
    const rows = df.toRecords().map((r) => names.map((n, j) => formatCell(r[n], dtypes[j])));
    const align = df.schema.fields.map((f) => (f.dtype === 'utf8' || f.dtype === 'categorical' ? 'left' : 'right') as 'left' | 'right');
    yield `${formatTable(names, rows, align)}\n`;
    return;
  }
  if (format === 'json') yield '[';
  let first = true;
  const dtypes = df.schema.fields.map((f) => f.dtype);
  for (const r of df.toRecords()) {
    const line = `{${names.map((n, j) => `${JSON.stringify(n)}:${jsonValue(r[n], dtypes[j])}`).join(',')}}`;
    yield format === 'json' ? `${first ? '\n' : ',\n'}${line}` : `${line}\n`;
    first = false;
  }
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}

/**
 * Streams chunks as JSON or NDJSON lines, one chunk at a time, so a result larger than memory never has to be
 * held (a table needs every row for its widths: use `formatRows` for it).
 */
export async function* formatChunks(chunks: AsyncIterable<Chunk>, format: 'json' | 'ndjson'): AsyncGenerator<string> {
  let first = true;
  let names: string[] = [];
  if (format === 'json') yield '[';
  for await (const chunk of chunks) {
    if (first) names = chunk.schema.names;
    const lines: string[] = [];
    for (let i = 0; i < chunk.numRows; i++) {
      const line = `{${names.map((n, j) => `${JSON.stringify(n)}:${jsonValue(chunk.columns[j].get(i), chunk.columns[j].dtype)}`).join(',')}}`;
      lines.push(format === 'json' ? `${first && lines.length === 0 ? '\n' : ',\n'}${line}` : line);
    }
    if (lines.length > 0) yield format === 'json' ? lines.join('') : `${lines.join('\n')}\n`;
    first = false;
  }
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}

/** JSON for one value: exact digits for big integers, non-finite floats as strings, dates and timestamps as ISO text, null as null. */
export function jsonValue(v: Value, dtype?: DType): string {
  if (v === null) return 'null';
  if (dtype === 'date' || dtype === 'timestamp') return JSON.stringify(formatCell(v, dtype));
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '"NaN"';
    if (!Number.isFinite(v)) return v > 0 ? '"Infinity"' : '"-Infinity"';
    return String(v);
  }
  return JSON.stringify(v);
}
