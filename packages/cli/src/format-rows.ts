import { CategoricalColumn, type Chunk, type Column, type DataFrame, type Dictionary, formatTable, formatValue, isFloatDType, NumberColumn, type Value } from '@df-stream/core';

export type TextFormat = 'table' | 'csv' | 'json' | 'ndjson';

/** The lines a frame prints as, in a text format (the result of `agg` and `head` is small). */
export function* formatRows(df: DataFrame, format: TextFormat): Generator<string> {
  const names = df.columns;
  if (format === 'table') {
    const floats = df.schema.fields.map((f) => isFloatDType(f.dtype));
    const rows = df.toRecords().map((r) => names.map((n, j) => formatValue(r[n], floats[j])));
    const align = df.schema.fields.map((f) => (f.dtype === 'utf8' || f.dtype === 'categorical' ? 'left' : 'right') as 'left' | 'right');
    yield `${formatTable(names, rows, align)}\n`;
    return;
  }
  if (format === 'csv') {
    yield `${names.map(csvField).join(',')}\n`;
    for (const r of df.toRecords()) yield `${names.map((n) => (r[n] === null ? '' : csvField(csvValue(r[n])))).join(',')}\n`;
    return;
  }
  if (format === 'json') yield '[';
  let first = true;
  for (const r of df.toRecords()) {
    const line = `{${names.map((n) => `${JSON.stringify(n)}:${jsonValue(r[n])}`).join(',')}}`;
    yield format === 'json' ? `${first ? '\n' : ',\n'}${line}` : `${line}\n`;
    first = false;
  }
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}

/**
 * Streams chunks as CSV, JSON or NDJSON lines, one chunk at a time, so a result larger than memory
 * never has to be held (a table needs every row for its widths: use `formatRows` for it).
 */
export async function* formatChunks(chunks: AsyncIterable<Chunk>, format: Exclude<TextFormat, 'table'>): AsyncGenerator<string> {
  let first = true;
  let names: string[] = [];
  if (format === 'json') yield '[';
  for await (const chunk of chunks) {
    if (first) {
      names = chunk.schema.names;
      if (format === 'csv') yield `${names.map(csvField).join(',')}\n`;
    }
    if (format === 'csv') {
      if (chunk.numRows > 0) yield chunk.columns.length === 0 ? '\n'.repeat(chunk.numRows) : csvChunk(chunk.columns, chunk.numRows);
      first = false;
      continue;
    }
    const lines: string[] = [];
    for (let i = 0; i < chunk.numRows; i++) {
      const line = `{${names.map((n, j) => `${JSON.stringify(n)}:${jsonValue(chunk.columns[j].get(i))}`).join(',')}}`;
      lines.push(format === 'json' ? `${first && lines.length === 0 ? '\n' : ',\n'}${line}` : line);
    }
    if (lines.length > 0) yield format === 'json' ? lines.join('') : `${lines.join('\n')}\n`;
    first = false;
  }
  if (format === 'csv' && first) return;
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}

/** CSV fields of each dictionary entry, made once per dictionary instead of once per row. */
const dictionaryFields = new WeakMap<Dictionary, string[]>();

/** A column's CSV field at row i, with a per-dtype fast path (same text as csvField(csvValue(get(i)))). */
function csvFieldsOf(c: Column): (i: number) => string {
  const bits = c.validity;
  if (c instanceof CategoricalColumn) {
    let fields = dictionaryFields.get(c.dictionary);
    if (fields === undefined) dictionaryFields.set(c.dictionary, (fields = []));
    const cache = fields;
    const { codes, dictionary } = c;
    return (i) => {
      if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) return '';
      const code = codes[i];
      let f = cache[code];
      if (f === undefined) f = cache[code] = csvField(dictionary.get(code));
      return f;
    };
  }
  if (c instanceof NumberColumn) {
    const values = c.values;
    return (i) => {
      if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) return '';
      const v = values[i];
      // A number's text never needs quoting.
      return v - v === 0 ? `${v}` : csvValue(v);
    };
  }
  return (i) => {
    const v = c.get(i);
    return v === null ? '' : csvField(csvValue(v));
  };
}

/** One chunk as CSV lines. */
function csvChunk(columns: readonly Column[], rows: number): string {
  const fields = columns.map(csvFieldsOf);
  const w = fields.length;
  let out = '';
  for (let i = 0; i < rows; i++) {
    let line = fields[0](i);
    for (let j = 1; j < w; j++) line += `,${fields[j](i)}`;
    out += `${line}\n`;
  }
  return out;
}

/** JSON for one value: exact digits for big integers, non-finite floats as strings, null as null. */
export function jsonValue(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '"NaN"';
    if (!Number.isFinite(v)) return v > 0 ? '"Infinity"' : '"-Infinity"';
    return String(v);
  }
  return JSON.stringify(v);
}

function csvValue(v: Value): string {
  return typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'NaN' : v > 0 ? 'inf' : '-inf') : String(v);
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}
