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
 * never has to be held (a table needs every row for its widths: use `formatRows` for it). CSV chunks come
 * as UTF-8 bytes, JSON as strings.
 */
export async function* formatChunks(chunks: AsyncIterable<Chunk>, format: Exclude<TextFormat, 'table'>): AsyncGenerator<string | Uint8Array> {
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

/**
 * CSV fields of a dictionary's entries as UTF-8 bytes + offsets, extended as the dictionary grows:
 * an entry is quoted once per dictionary, not once per row.
 */
interface DictionaryFields {
  covered: number;
  offsets: Int32Array;
  bytes: Uint8Array;
}

const dictionaryFields = new WeakMap<Dictionary, DictionaryFields>();
const encoder = new TextEncoder();

function fieldsOf(dictionary: Dictionary): DictionaryFields {
  let f = dictionaryFields.get(dictionary);
  if (f === undefined) dictionaryFields.set(dictionary, (f = { covered: 0, offsets: new Int32Array(1), bytes: new Uint8Array(0) }));
  const size = dictionary.size;
  if (f.covered === size) return f;
  const offsets = new Int32Array(size + 1);
  offsets.set(f.offsets.subarray(0, f.covered + 1));
  const parts: Uint8Array[] = [];
  let total = offsets[f.covered];
  for (let code = f.covered; code < size; code++) {
    let raw = dictionary.bytesOf(code);
    let plain = raw.length > 0;
    for (let i = 0; i < raw.length && plain; i++) {
      const b = raw[i];
      if (b === 34 || b === 44 || b === 10 || b === 13) plain = false;
    }
    if (!plain) raw = encoder.encode(csvField(dictionary.get(code)));
    parts.push(raw);
    total += raw.length;
    offsets[code + 1] = total;
  }
  const bytes = new Uint8Array(total);
  bytes.set(f.bytes.subarray(0, offsets[f.covered]));
  let p = offsets[f.covered];
  for (const part of parts) {
    bytes.set(part, p);
    p += part.length;
  }
  f.covered = size;
  f.offsets = offsets;
  f.bytes = bytes;
  return f;
}

/** A growing byte buffer. */
class ByteSink {
  buf = new Uint8Array(1 << 16);
  pos = 0;

  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  /** An ASCII string (number text). */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    const buf = this.buf;
    const p = this.pos;
    for (let i = 0; i < n; i++) buf[p + i] = s.charCodeAt(i);
    this.pos = p + n;
  }

  text(s: string): void {
    this.reserve(s.length * 3);
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** An integer of at most 32 bits (any int dtype but int64), digit by digit. */
  int(v: number): void {
    this.reserve(12);
    const buf = this.buf;
    if (v < 0) {
      buf[this.pos++] = 45;
      v = -v;
    }
    const digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
    let p = this.pos + digits;
    this.pos = p;
    do {
      const q = Math.floor(v / 10);
      buf[--p] = 48 + v - q * 10;
      v = q;
    } while (v > 0);
  }
}

/** The CSV fields of rows [0, rows) of one column: UTF-8 bytes and `rows + 1` offsets. */
interface ColumnFields {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
}

/** One column's CSV fields, a column at a time (each loop sees one dtype); same text as csvField(csvValue(get(i))). */
function columnFields(c: Column, rows: number): ColumnFields {
  const bits = c.validity;
  const offsets = new Int32Array(rows + 1);
  if (c instanceof CategoricalColumn) {
    const { offsets: from, bytes: src } = fieldsOf(c.dictionary);
    const codes = c.codes;
    let size = 0;
    for (let i = 0; i < rows; i++) {
      if (bits === null || ((bits[i >>> 3] >>> (i & 7)) & 1) !== 0) size += from[codes[i] + 1] - from[codes[i]];
      offsets[i + 1] = size;
    }
    const bytes = new Uint8Array(size);
    for (let i = 0; i < rows; i++) {
      let p = offsets[i];
      if (p === offsets[i + 1]) continue;
      for (let b = from[codes[i]], e = from[codes[i] + 1]; b < e; b++) bytes[p++] = src[b];
    }
    return { bytes, offsets };
  }
  const sink = new ByteSink();
  if (c instanceof NumberColumn && !isFloatDType(c.dtype)) {
    const values = c.values;
    for (let i = 0; i < rows; i++) {
      if (bits === null || ((bits[i >>> 3] >>> (i & 7)) & 1) !== 0) sink.int(values[i]);
      offsets[i + 1] = sink.pos;
    }
  } else if (c instanceof NumberColumn) {
    const values = c.values;
    for (let i = 0; i < rows; i++) {
      if (bits === null || ((bits[i >>> 3] >>> (i & 7)) & 1) !== 0) {
        const v = values[i];
        // A number's text never needs quoting.
        sink.ascii(v - v === 0 ? `${v}` : csvValue(v));
      }
      offsets[i + 1] = sink.pos;
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const v = c.get(i);
      if (v !== null) sink.text(csvField(csvValue(v)));
      offsets[i + 1] = sink.pos;
    }
  }
  return { bytes: sink.buf, offsets };
}

/** One chunk as CSV lines, in UTF-8: each column's fields first, then the rows put together. */
function csvChunk(columns: readonly Column[], rows: number): Uint8Array {
  const fields = columns.map((c) => columnFields(c, rows));
  const w = fields.length;
  let total = rows * w;
  for (const f of fields) total += f.offsets[rows];
  const out = new Uint8Array(total);
  let p = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < w; j++) {
      const { bytes, offsets } = fields[j];
      for (let b = offsets[i], e = offsets[i + 1]; b < e; b++) out[p++] = bytes[b];
      out[p++] = j === w - 1 ? 10 : 44;
    }
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
