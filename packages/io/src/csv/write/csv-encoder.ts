import { type Chunk, type Column, DfError, isFloatDType, type Schema } from '@df-stream/core';
import { BigIntColumn, BoolColumn, CategoricalColumn, civilFromDays, type Dictionary, NumberColumn, type Utf8Column, utf8Encoder } from '@df-stream/core/internal';
import { parseOptions } from '../../option-schemas.js';
import { type CsvWriteOptions, csvSchemas, DEFAULT_NULL_VALUES } from '../csv-options.js';
import { ByteBuffer } from './byte-buffer.js';

const CR = 13;
const LF = 10;
const EMPTY = new Uint8Array(0);
/** 10^k, exact for k <= 22 (parsed, not computed: `10 ** k` may be off by an ulp). */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Mantissas below this are exact, and Math.round finds the one decimal of a given length that reads back (see `fixedDecimals`). */
const FAST_MANTISSA = 2 ** 50;
const DAY_US = 86_400_000_000;
const DAY_US_BIG = 86_400_000_000n;
/** Days since the epoch of 0000-01-01 and 9999-12-31: years with four digits. */
const FIRST_PLAIN_DAY = -719_528;
const LAST_PLAIN_DAY = 2_932_896;
/** Which Int32 half of an int64 holds the high bits. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Encodes chunks as CSV bytes (RFC 4180 quoting, UTF-8) a column at a time: each column's loop sees one
 * dtype, numbers become digits without strings, dictionary entries are quoted once per dictionary. First every
 * field's width is measured, so each line's place in the output is known, then each column writes its fields
 * in place: every byte is written once, into a buffer of exactly the right size (or the writer's reused buffer).
 *
 * Text: strings are quoted when they contain the delimiter, quote, CR or LF, or equal the null text or a
 * default null (`''`, `NA`, `null`, `NULL`), so they read back as strings (with `quoteAll`, always); nulls
 * are the null text, unquoted; floats are their shortest round-trip text (`String(v)`), non-finite ones
 * `NaN`, `inf`, `-inf` as DuckDB and Polars write them; dates `YYYY-MM-DD`; timestamps ISO 8601 in UTC with
 * milliseconds, and microseconds when there are any.
 */
export class CsvEncoder {
  /** Whether the writer should start with `header(schema)` (the `header` option). */
  readonly writesHeader: boolean;
  private readonly text: TextRules;
  private readonly lineEnd: Uint8Array;
  /** Encoded entries per dictionary, kept as it grows across chunks. */
  private readonly dictionaries = new WeakMap<Dictionary, DictionaryFields>();

  /** `options` are checked against the CSV write schema (`csvSchemas().write`): a usage error names the bad one. */
  constructor(options: CsvWriteOptions = {}) {
    const checked = parseOptions(csvSchemas().write, options, 'CSV write');
    const delimiter = checked.delimiter ?? ',';
    const quote = checked.quote ?? '"';
    this.writesHeader = checked.header ?? true;
    this.lineEnd = utf8Encoder.encode(checked.lineTerminator ?? '\n');
    this.text = new TextRules(delimiter.charCodeAt(0), quote.charCodeAt(0), checked.nullValue ?? '', checked.quoteAll ?? false);
  }

  /** The header line: the column names as string fields. */
  header(schema: Schema): Uint8Array {
    const names = schema.names.map((n) => utf8Encoder.encode(n));
    let total = this.lineEnd.length + Math.max(0, names.length - 1);
    for (const n of names) total += this.text.width(n, 0, n.length);
    const out = new Uint8Array(total);
    let p = 0;
    names.forEach((n, j) => {
      if (j > 0) out[p++] = this.text.delimiter;
      p = this.text.write(out, p, n, 0, n.length);
    });
    out.set(this.lineEnd, p);
    return out;
  }

  /** Rows [start, end) of a chunk as CSV lines. A chunk without columns has no rows, hence no lines. */
  encode(chunk: Chunk, start = 0, end = chunk.numRows): Uint8Array {
    const out = new ByteBuffer();
    this.encodeInto(out, chunk, start, end);
    return out.length === 0 ? EMPTY : out.view();
  }

  /** As `encode`, appended to `out` (a writer's buffer, reused from block to block). */
  encodeInto(out: ByteBuffer, chunk: Chunk, start = 0, end = chunk.numRows): void {
    const rows = end - start;
    if (rows <= 0 || chunk.columns.length === 0) return;
    if (start < 0 || end > chunk.numRows) throw new DfError('usage', `rows [${start}, ${end}) are outside the chunk's ${chunk.numRows}`);
    this.encodeFields(
      chunk.columns.map((c) => this.fieldsOf(c, start, end)),
      rows,
      out,
    );
  }

  /** Measures every field, places the lines, then lets each column write its fields where they go. */
  private encodeFields(fields: readonly Fields<Column>[], rows: number, sink: ByteBuffer): void {
    const at = new Int32Array(rows);
    for (const f of fields) f.measure(at);
    const lineEnd = this.lineEnd;
    const separators = fields.length - 1 + lineEnd.length;
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const width = at[i];
      at[i] = total;
      total += width + separators;
    }
    // Positions are int32: far beyond any chunk's output, but a wrong file is worse than an error.
    if (total + sink.length > 0x7fffffff) throw new DfError('usage', `a CSV block of ${rows} rows would take ${total} bytes; encode fewer rows at a time`);
    const out = sink.reserve(total);
    if (sink.length > 0) for (let i = 0; i < rows; i++) at[i] += sink.length;
    sink.length += total;
    const delimiter = this.text.delimiter;
    const last = fields.length - 1;
    for (let j = 0; j < last; j++) fields[j].write(out, at, delimiter);
    fields[last].write(out, at, lineEnd[0]);
    if (lineEnd.length === 2) for (let i = 0; i < rows; i++) out[at[i]] = LF;
  }

  private fieldsOf(c: Column, start: number, end: number): Fields<Column> {
    const nul = this.text.nullBytes;
    if (c instanceof NumberColumn) return isFloatDType(c.dtype) ? new FloatFields(c, nul, start, end) : new IntFields(c, nul, start, end);
    if (c instanceof BigIntColumn) return c.dtype === 'timestamp' ? new TimestampFields(c, nul, start, end) : new Int64Fields(c, nul, start, end);
    if (c instanceof BoolColumn) return new BoolFields(c, nul, start, end);
    if (c instanceof CategoricalColumn) return new CategoricalFields(this.dictionaryFields(c.dictionary), c, nul, start, end);
    return new Utf8Fields(this.text, c, start, end);
  }

  /** A dictionary's entries as encoded fields, extended when the dictionary has grown since the last chunk. */
  private dictionaryFields(dictionary: Dictionary): DictionaryFields {
    let f = this.dictionaries.get(dictionary);
    if (f === undefined) this.dictionaries.set(dictionary, (f = { covered: 0, offsets: new Int32Array(1), bytes: EMPTY, words: new Int32Array(0), width: -1 }));
    const size = dictionary.size;
    if (f.covered === size) return f;
    if (size + 1 > f.offsets.length) {
      const grown = new Int32Array(Math.max(size + 1, f.offsets.length * 2));
      grown.set(f.offsets.subarray(0, f.covered + 1));
      f.offsets = grown;
    }
    const { offsets, covered } = f;
    let total = offsets[covered];
    for (let code = covered; code < size; code++) {
      const raw = dictionary.bytesOf(code);
      total += this.text.width(raw, 0, raw.length);
      offsets[code + 1] = total;
    }
    if (total > f.bytes.length) {
      const grown = new Uint8Array(Math.max(total, f.bytes.length * 2));
      grown.set(f.bytes.subarray(0, offsets[covered]));
      f.bytes = grown;
    }
    for (let code = covered; code < size; code++) {
      const raw = dictionary.bytesOf(code);
      this.text.write(f.bytes, offsets[code], raw, 0, raw.length);
    }
    if (4 * size > f.words.length) {
      const grown = new Int32Array(Math.max(4 * size, 2 * f.words.length));
      grown.set(f.words.subarray(0, 4 * covered));
      f.words = grown;
    }
    for (let code = covered; code < size; code++) {
      const s = offsets[code];
      const width = offsets[code + 1] - s;
      f.width = code === 0 || f.width === width ? width : -1;
      if (width > 16) continue;
      for (let b = 0; b < width; b++) f.words[4 * code + (b >> 2)] |= f.bytes[s + b] << ((b & 3) * 8);
    }
    f.covered = size;
    return f;
  }
}

/**
 * Encoded dictionary entries [0, covered): field `code` is bytes [offsets[code], offsets[code + 1]), and, when
 * it is at most 16 bytes, also `words[4 * code, 4 * code + 4)`, zero-padded little-endian: written a word at a time.
 */
interface DictionaryFields {
  covered: number;
  offsets: Int32Array;
  bytes: Uint8Array;
  words: Int32Array;
  /** Every entry's width when they all have the same (ids, codes), else -1: no entry need be read to measure. */
  width: number;
}

/** How string fields are quoted. */
class TextRules {
  readonly nullBytes: Uint8Array;
  /** Strings that would read back as null unless quoted. */
  private readonly lookalikes: readonly Uint8Array[];
  private readonly longestLookalike: number;

  constructor(
    readonly delimiter: number,
    readonly quote: number,
    nullValue: string,
    private readonly quoteAll: boolean,
  ) {
    this.nullBytes = utf8Encoder.encode(nullValue);
    this.lookalikes = [...new Set([...DEFAULT_NULL_VALUES, nullValue])].map((s) => utf8Encoder.encode(s));
    this.longestLookalike = Math.max(...this.lookalikes.map((b) => b.length));
  }

  /** Bytes of the field for string bytes [s, e): their length, plus quotes and doubled quotes when quoted. */
  width(src: Uint8Array, s: number, e: number): number {
    const quotes = this.quotesIn(src, s, e);
    return quotes < 0 ? e - s : e - s + 2 + quotes;
  }

  /** Writes the field for string bytes [s, e) at `p`; returns the position after it. */
  write(out: Uint8Array, p: number, src: Uint8Array, s: number, e: number): number {
    if (this.quotesIn(src, s, e) >= 0) return this.putQuoted(out, p, src, s, e);
    for (let b = s; b < e; b++) out[p++] = src[b];
    return p;
  }

  /** Writes string bytes [s, e) quoted, quotes doubled; returns the position after them. */
  putQuoted(out: Uint8Array, p: number, src: Uint8Array, s: number, e: number): number {
    const quote = this.quote;
    out[p++] = quote;
    for (let b = s; b < e; b++) {
      const c = src[b];
      if (c === quote) out[p++] = quote;
      out[p++] = c;
    }
    out[p++] = quote;
    return p;
  }

  /** -1 when the string is written as is, else the number of quote characters it holds (each is doubled). */
  private quotesIn(src: Uint8Array, s: number, e: number): number {
    const { delimiter, quote } = this;
    let quotes = 0;
    let special = this.quoteAll || (e - s <= this.longestLookalike && this.isLookalike(src, s, e));
    for (let b = s; b < e; b++) {
      const c = src[b];
      if (c === quote) quotes++;
      else if (c === delimiter || c === LF || c === CR) special = true;
    }
    return special || quotes > 0 ? quotes : -1;
  }

  private isLookalike(src: Uint8Array, s: number, e: number): boolean {
    next: for (const l of this.lookalikes) {
      if (l.length !== e - s) continue;
      for (let i = 0; i < l.length; i++) if (l[i] !== src[s + i]) continue next;
      return true;
    }
    return false;
  }
}

/**
 * The fields of rows [start, end) of one column. `measure` adds each row's field width to `widths[i - start]`;
 * `write` puts each field at `at[i - start]`, then `sep`, and moves `at` past them.
 */
abstract class Fields<C extends Column> {
  constructor(
    protected readonly column: C,
    protected readonly nul: Uint8Array,
    protected readonly start: number,
    protected readonly end: number,
  ) {}

  abstract measure(widths: Int32Array): void;
  abstract write(out: Uint8Array, at: Int32Array, sep: number): void;

  protected isNull(i: number): boolean {
    const bits = this.column.validity;
    return bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0;
  }

  protected putNull(out: Uint8Array, p: number): number {
    const nul = this.nul;
    for (let b = 0; b < nul.length; b++) out[p++] = nul[b];
    return p;
  }
}

/** utf8 values, scanned once for what needs quoting. */
class Utf8Fields extends Fields<Utf8Column> {
  /** Per row: whether `measure` found the field needs quotes. */
  private readonly quoted = new Uint8Array(this.end - this.start);

  constructor(
    private readonly rules: TextRules,
    column: Utf8Column,
    start: number,
    end: number,
  ) {
    super(column, rules.nullBytes, start, end);
  }

  measure(widths: Int32Array): void {
    const { start, end, rules, quoted } = this;
    const { offsets, data } = this.column;
    for (let i = start; i < end; i++) {
      if (this.isNull(i)) widths[i - start] += this.nul.length;
      else {
        const s = offsets[i];
        const e = offsets[i + 1];
        const width = rules.width(data, s, e);
        // Quoting always adds two bytes, so a wider field is a quoted one.
        if (width !== e - s) quoted[i - start] = 1;
        widths[i - start] += width;
      }
    }
  }

  write(out: Uint8Array, at: Int32Array, sep: number): void {
    const { start, end, rules, quoted } = this;
    const { offsets, data } = this.column;
    for (let i = start; i < end; i++) {
      let p = at[i - start];
      if (this.isNull(i)) p = this.putNull(out, p);
      else if (quoted[i - start] === 1) p = rules.putQuoted(out, p, data, offsets[i], offsets[i + 1]);
      else for (let b = offsets[i], e = offsets[i + 1]; b < e; b++) out[p++] = data[b];
      out[p++] = sep;
      at[i - start] = p;
    }
  }
}

/** Dictionary codes, copied from the entries encoded once per dictionary. */
class CategoricalFields extends Fields<CategoricalColumn> {
  constructor(
    private readonly entries: DictionaryFields,
    column: CategoricalColumn,
    nul: Uint8Array,
    start: number,
    end: number,
  ) {
    super(column, nul, start, end);
  }

  measure(widths: Int32Array): void {
    const { start, end } = this;
    const { codes } = this.column;
    const { offsets, width } = this.entries;
    if (width >= 0) for (let i = start; i < end; i++) widths[i - start] += this.isNull(i) ? this.nul.length : width;
    else for (let i = start; i < end; i++) widths[i - start] += this.isNull(i) ? this.nul.length : offsets[codes[i] + 1] - offsets[codes[i]];
  }

  write(out: Uint8Array, at: Int32Array, sep: number): void {
    const { start, end } = this;
    const { codes } = this.column;
    const { offsets, bytes, words } = this.entries;
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    for (let i = start; i < end; i++) {
      let p = at[i - start];
      if (this.isNull(i)) p = this.putNull(out, p);
      else {
        const code = codes[i];
        const b = offsets[code];
        const e = offsets[code + 1];
        if (e - b <= 16) {
          // A short entry's whole words at once, then its last 0-3 bytes from the last word: no byte past it is
          // written (the next line is already there).
          let w = 4 * code;
          for (const full = p + ((e - b) & ~3); p < full; p += 4) view.setInt32(p, words[w++], true);
          const tail = (e - b) & 3;
          if (tail > 0) for (let rest = words[w], k = 0; k < tail; k++, rest >>>= 8) out[p++] = rest;
        } else for (let k = b; k < e; k++) out[p++] = bytes[k];
      }
      out[p++] = sep;
      at[i - start] = p;
    }
  }
}

/** Integers of up to 32 bits digit by digit, or (`dtype` date) days since the epoch as dates. */
class IntFields extends Fields<NumberColumn> {
  private readonly dates = this.column.dtype === 'date';

  measure(widths: Int32Array): void {
    const { start, end, dates } = this;
    const { values } = this.column;
    for (let i = start; i < end; i++) widths[i - start] += this.isNull(i) ? this.nul.length : dates ? dateWidth(values[i]) : intWidth(values[i]);
  }

  write(out: Uint8Array, at: Int32Array, sep: number): void {
    const { start, end, dates } = this;
    const { values } = this.column;
    for (let i = start; i < end; i++) {
      let p = at[i - start];
      p = this.isNull(i) ? this.putNull(out, p) : dates ? putDate(out, p, values[i]) : putInt(out, p, values[i]);
      out[p++] = sep;
      at[i - start] = p;
    }
  }
}

/**
 * Floats as `String(v)` would write them, without the string when the shortest text is fixed-point with a
 * mantissa below 2^50 (most data); other values (exponents, long mantissas) fall back to `String(v)`.
 */
class FloatFields extends Fields<NumberColumn> {
  /** Per row: decimals of the fixed-point text, or -1 when `texts` holds the text. */
  private readonly decimals = new Int8Array(this.end - this.start);
  private readonly texts: (string | undefined)[] = [];

  measure(widths: Int32Array): void {
    const { start, end, decimals } = this;
    const { values } = this.column;
    let guess = 0;
    for (let i = start; i < end; i++) {
      if (this.isNull(i)) {
        widths[i - start] += this.nul.length;
        continue;
      }
      const v = values[i];
      const x = v < 0 ? -v : v;
      const k = fixedDecimals(x, guess);
      decimals[i - start] = k;
      if (k >= 0) {
        guess = k;
        widths[i - start] += (v < 0 ? 1 : 0) + fixedWidth(Math.round(x * POW10[k]), k);
      } else widths[i - start] += (this.texts[i - start] = floatText(v)).length;
    }
  }

  write(out: Uint8Array, at: Int32Array, sep: number): void {
    const { start, end, decimals } = this;
    const { values } = this.column;
    for (let i = start; i < end; i++) {
      let p = at[i - start];
      if (this.isNull(i)) p = this.putNull(out, p);
      else {
        const v = values[i];
        const k = decimals[i - start];
        if (k < 0) p = putAscii(out, p, this.texts[i - start] as string);
        else {
          if (v < 0) out[p++] = 45;
          const m = Math.round((v < 0 ? -v : v) * POW10[k]);
          p = putFixed(out, p, m, k, fixedWidth(m, k));
        }
      }
      out[p++] = sep;
      at[i - start] = p;
    }
  }
}

/** int64 digit by digit when it is within ±2^52 (read as two int32 halves, not as a BigInt), else via BigInt text. */
class Int64Fields extends Fields<BigIntColumn> {
  private readonly halves = int32Halves(this.column.values);
  private readonly texts: (string | undefined)[] = [];

  measure(widths: Int32Array): void {
    const { halves, start, end } = this;
    for (let i = start; i < end; i++) {
      if (this.isNull(i)) widths[i - start] += this.nul.length;
      else {
        const v = smallInt64(halves, i);
        widths[i - start] += v === v ? intWidth(v) : (this.texts[i - start] = String(this.column.values[i])).length;
      }
    }
  }

  write(out: Uint8Array, at: Int32Array, sep: number): void {
    const { halves, start, end } = this;
    for (let i = start; i < end; i++) {
      let p = at[i - start];
      if (this.isNull(i)) p = this.putNull(out, p);
      else {
        const text = this.texts[i - start];
        p = text === undefined ? putInt(out, p, smallInt64(halves, i)) : putAscii(out, p, text);
      }
      out[p++] = sep;
      at[i - start] = p;
    }
  }
}

class BoolFields extends Fields<BoolColumn> {
  private value(i: number): boolean {
    return ((this.column.values[i >>> 3] >>> (i & 7)) & 1) !== 0;
  }

  measure(widths: Int32Array): void {
    for (let i = this.start; i < this.end; i++) widths[i - this.start] += this.isNull(i) ? this.nul.length : this.value(i) ? 4 : 5;
  }

  write(out: Uint8Array, at: Int32Array, sep: number): void {
    for (let i = this.start; i < this.end; i++) {
      let p = at[i - this.start];
      p = this.isNull(i) ? this.putNull(out, p) : putAscii(out, p, this.value(i) ? 'true' : 'false');
      out[p++] = sep;
      at[i - this.start] = p;
    }
  }
}

/** Microseconds since the epoch as YYYY-MM-DDTHH:MM:SS.mmm[uuu]Z. */
class TimestampFields extends Fields<BigIntColumn> {
  /** Per row: days since the epoch, and microseconds into that day. */
  private readonly days = new Float64Array(this.end - this.start);
  private readonly micros = new Float64Array(this.end - this.start);

  measure(widths: Int32Array): void {
    const { start, end, days, micros } = this;
    const { values } = this.column;
    const halves = int32Halves(values);
    for (let i = start; i < end; i++) {
      if (this.isNull(i)) {
        widths[i - start] += this.nul.length;
        continue;
      }
      const v = smallInt64(halves, i);
      let day: number;
      let us: number;
      if (v === v) {
        // Within ±2^52, day * DAY_US is exact too.
        day = Math.floor(v / DAY_US);
        us = v - day * DAY_US;
      } else {
        const big = values[i];
        let d = big / DAY_US_BIG;
        if (d * DAY_US_BIG > big) d--;
        day = Number(d);
        us = Number(big - d * DAY_US_BIG);
      }
      days[i - start] = day;
      micros[i - start] = us;
      widths[i - start] += dateWidth(day) + (us % 1000 === 0 ? 14 : 17);
    }
  }

  write(out: Uint8Array, at: Int32Array, sep: number): void {
    const { start, end, days, micros } = this;
    for (let i = start; i < end; i++) {
      let p = at[i - start];
      if (this.isNull(i)) p = this.putNull(out, p);
      else {
        p = putDate(out, p, days[i - start]);
        let us = micros[i - start];
        const h = Math.floor(us / 3_600_000_000);
        us -= h * 3_600_000_000;
        const m = Math.floor(us / 60_000_000);
        us -= m * 60_000_000;
        const s = Math.floor(us / 1_000_000);
        us -= s * 1_000_000;
        out[p++] = 84; // T
        p = putPadded(out, p, h, 2);
        out[p++] = 58;
        p = putPadded(out, p, m, 2);
        out[p++] = 58;
        p = putPadded(out, p, s, 2);
        out[p++] = 46;
        p = us % 1000 === 0 ? putPadded(out, p, us / 1000, 3) : putPadded(out, p, us, 6);
        out[p++] = 90; // Z
      }
      out[p++] = sep;
      at[i - start] = p;
    }
  }
}

function int32Halves(values: BigInt64Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}

/** Int64 `i` (of its int32 halves) as a number when it is within ±2^52, else NaN: read that one as a BigInt. */
function smallInt64(halves: Int32Array, i: number): number {
  const hi = halves[2 * i + HIGH];
  return hi >= -0x100000 && hi < 0x100000 ? hi * 4294967296 + (halves[2 * i + 1 - HIGH] >>> 0) : NaN;
}

/**
 * Decimals of the shortest round-trip text of `x` (finite, >= 0) when that text is fixed-point (as `String`
 * writes 1e-6 <= x < 1e21) with a mantissa below 2^50; -1 otherwise. m / 10^k, both exact, rounds once, as a
 * parser does: when it gives back x, the text m·10^-k reads back as x. Below 2^50 decimals of one length are
 * more than an ulp apart, so at most one of them reads back and Math.round finds it; the fewest decimals that
 * work give the fewest digits, which is the text `String` picks. `guess` (the previous value's decimals: a
 * column's values tend to share them) is tried first: if it works, trailing zeros of m are dropped; if not,
 * no fewer decimals work either (they would, padded with zeros), so the search goes on above it.
 */
function fixedDecimals(x: number, guess: number): number {
  if (x === 0) return 0;
  if (!(x >= 1e-6)) return -1;
  let k = guess;
  const s = x * POW10[k];
  if (s < FAST_MANTISSA) {
    let m = Math.round(s);
    if (m / POW10[k] === x) {
      for (let q = Math.floor(m / 10); k > 0 && q * 10 === m; q = Math.floor(m / 10)) {
        m = q;
        k--;
      }
      return k;
    }
    k++;
  } else k = 0;
  for (; k < POW10.length; k++) {
    const t = x * POW10[k];
    if (t >= FAST_MANTISSA) return -1;
    if (Math.round(t) / POW10[k] === x) return k;
  }
  return -1;
}

function floatText(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

/** Digits of a non-negative integer below 2^53. */
function digitCount(v: number): number {
  if (v < 10) return 1;
  if (v < 100) return 2;
  if (v < 1000) return 3;
  if (v < 10000) return 4;
  let n = 5;
  while (n < 16 && v >= POW10[n]) n++;
  return n;
}

function intWidth(v: number): number {
  return v < 0 ? 1 + digitCount(-v) : digitCount(v);
}

/** Writes an integer within ±2^53. */
function putInt(out: Uint8Array, p: number, v: number): number {
  if (v < 0) {
    out[p++] = 45;
    v = -v;
  }
  return putPadded(out, p, v, digitCount(v));
}

/** Writes a non-negative integer in exactly `width` digits (zero-padded; it must fit). */
function putPadded(out: Uint8Array, p: number, v: number, width: number): number {
  const end = p + width;
  let e = end;
  for (; v > 0x7fffffff && e > p; ) {
    const q = Math.floor(v / 10);
    out[--e] = 48 + v - q * 10;
    v = q;
  }
  // Known to be an int32 (`| 0`), n / 10 compiles to a multiply; a double needs a real division.
  for (let n = v | 0; e > p; ) {
    const q = (n / 10) | 0;
    out[--e] = 48 + n - q * 10;
    n = q;
  }
  return end;
}

/** Width of m·10^-k: integer digits (at least one), then a point and k decimals when k > 0. */
function fixedWidth(m: number, k: number): number {
  const digits = digitCount(m);
  return k === 0 ? digits : Math.max(digits - k, 1) + 1 + k;
}

/** Writes m·10^-k in `width` bytes. m < 2^50, so m / 10^k cannot round up to the next integer: its floor is exact. */
function putFixed(out: Uint8Array, p: number, m: number, k: number, width: number): number {
  if (k === 0) return putPadded(out, p, m, width);
  const whole = Math.floor(m / POW10[k]);
  const point = p + width - k - 1;
  putPadded(out, p, whole, point - p);
  out[point] = 46;
  return putPadded(out, point + 1, m - whole * POW10[k], k);
}

function putAscii(out: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) out[p++] = s.charCodeAt(i);
  return p;
}

/** Width of a date's text; years outside 0-9999 have a sign and at least six digits. */
function dateWidth(days: number): number {
  if (days >= FIRST_PLAIN_DAY && days <= LAST_PLAIN_DAY) return 10;
  civilFromDays(days, YMD);
  const y = YMD[0] < 0 ? -YMD[0] : YMD[0];
  return 7 + Math.max(6, digitCount(y));
}

/** Writes days since the epoch as a date. */
function putDate(out: Uint8Array, p: number, days: number): number {
  civilFromDays(days, YMD);
  const year = YMD[0];
  if (year >= 0 && year <= 9999) p = putPadded(out, p, year, 4);
  else {
    out[p++] = year < 0 ? 45 : 43;
    const y = year < 0 ? -year : year;
    p = putPadded(out, p, y, Math.max(6, digitCount(y)));
  }
  out[p++] = 45;
  p = putPadded(out, p, YMD[1], 2);
  out[p++] = 45;
  return putPadded(out, p, YMD[2], 2);
}

/** Year, month, day of the last `civilFromDays` call (a scratch array: no object per row). */
const YMD = new Float64Array(3);
