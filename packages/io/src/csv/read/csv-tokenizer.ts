import { LITTLE_ENDIAN } from '@df-stream/core/internal';
import { CsvError } from '../csv-error.js';
import type { BadRowMode, CsvReadStats } from '../csv-options.js';
import { DenseScanner } from './dense-scanner.js';
import type { CsvGrammar } from './split-records.js';

export const LF = 0x0a;
export const CR = 0x0d;

/** Field slot markers in `starts`: a field missing from a short row (`onBadRow: 'null-pad'`). */
export const MISSING = -1;

/**
 * Where the fields of one wanted column sit after a batch: the field of batch row r starts at
 * `starts[startAt + r * stride] + startAdd` and ends at `ends[endAt + r * stride]` (see `CsvTokenizer` for the
 * encoding of quoted and missing fields).
 */
export interface FieldRefs {
  starts: Int32Array;
  ends: Int32Array;
  startAt: number;
  endAt: number;
  stride: number;
  startAdd: number;
}

/** Separators per dense batch (bounds the separator index like `BATCH_CELLS` bounds the offset arrays). */
const DENSE_SEPARATORS = 1 << 18;

export interface TokenizerConfig extends CsvGrammar {
  /** Fields per row (the header's count). */
  numColumns: number;
  /** For each file column, the slot its offsets go to, or -1 when the column is not wanted. */
  slotOf: Int32Array;
  /** Rows per batch: the capacity of the offset arrays. */
  batchRows: number;
  onBadRow: BadRowMode;
  maxLineBytes: number;
  file: string;
  names: readonly string[];
  stats: CsvReadStats;
}

/**
 * Phase one of parsing: splits complete rows of a byte buffer into field offsets, column by column
 * (`starts[slot * batchRows + row]`), without looking at field contents. Only a row that is complete in the
 * buffer is recorded, so a row cut by the buffer end leaves no trace and is re-tokenized after the next read:
 * that is how quoted newlines, CRLF and multi-byte characters split across reads come out right.
 *
 * Encoding of a field in (`starts`, `ends`): an unquoted field is [start, end); a quoted one has `starts` =
 * ~(first byte after the quote), and `ends` = ~(closing quote) when it contains `""` escapes; `MISSING` marks
 * a field absent from a short row.
 *
 * The fast path ("dense" batches): where the buffer holds no quote, `DenseScanner` splits rows into separator
 * positions 16 bytes at a time (WebAssembly SIMD), and the batch is the list of separator positions itself,
 * `numColumns` per row (one more with CRLF line ends), checked row by row: a row with another field count, an
 * empty line or an over-long row ends the dense batch, and the general loop takes over, with its errors and
 * bad-row handling. Column parsers read either layout through `fields(slot)`.
 */
export class CsvTokenizer {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Buffer position where each row of the batch starts. */
  readonly rowStarts: Int32Array;
  /** Rows in the last batch. */
  rows = 0;
  /** Position after the last complete row. */
  pos = 0;
  /** 1-based line at `pos`, relative to where tokenizing began. */
  line = 1;
  /** A quoted field held a line break: then a line start need not be a row start. */
  quotedLineBreak = false;
  /** The last call stopped at an unfinished row: refill from `pos`. */
  needMore = false;
  /** The input (or the byte range) is exhausted. */
  done = false;
  /** Input offset of `buf[0]`, for error messages. */
  bufferOffset = 0;
  /** The last batch is dense: its fields are in `seps` (see the class comment). */
  dense = false;
  private readonly config: TokenizerConfig;
  private readonly wantedSlots: Int32Array;
  private readonly refs: FieldRefs[];
  /** Dense batches: separator positions, `seps[0]` = the batch start - 1. */
  private seps: Int32Array = new Int32Array(0);
  private readonly denseRows: number;
  /** The last dense batch had CRLF line ends. */
  private crlf = false;
  /** Cache of `cleanEnd`: the buffer, its input offset and limit, the first position searched, the answer. */
  private cleanBuf: Uint8Array | null = null;
  private cleanOffset = -1;
  private cleanLimit = -1;
  private cleanFrom = -1;
  private cleanAt = -1;
  private crAt = -1;
  private readonly scanner: DenseScanner | null;

  constructor(config: TokenizerConfig) {
    this.config = config;
    const cells = Math.max(1, config.batchRows * countWanted(config.slotOf));
    this.starts = new Int32Array(cells);
    this.ends = new Int32Array(cells);
    this.rowStarts = new Int32Array(config.batchRows + 1);
    const wanted: number[] = [];
    config.slotOf.forEach((slot, col) => {
      if (slot >= 0) wanted.push(col, slot);
    });
    this.wantedSlots = Int32Array.from(wanted);
    this.refs = [];
    for (let i = 0; i < wanted.length; i += 2) {
      this.refs[wanted[i + 1]] = { starts: this.starts, ends: this.ends, startAt: 0, endAt: 0, stride: 1, startAdd: 0 };
    }
    // A one-column file's empty line would pass for a row of one empty field: those take the general path.
    // Trimmed spaces change where fields start: the general loop does that.
    const denseOk = LITTLE_ENDIAN && config.numColumns > 1 && config.delimiter !== config.quote && wanted.length > 0 && !config.trimSpaces;
    this.denseRows = denseOk ? Math.max(1, Math.min(config.batchRows, Math.floor(DENSE_SEPARATORS / (config.numColumns + 1)))) : 0;
    this.scanner = this.denseRows > 0 ? DenseScanner.create(this.denseRows * (config.numColumns + 1)) : null;
  }

  /** Where the fields of `slot` are in the last batch. */
  fields(slot: number): FieldRefs {
    return this.refs[slot];
  }

  /**
   * Tokenizes rows from `start` until `maxRows` rows, a row starting at or after `rangeEnd`, or the end of the
   * data (`limit`; `buf[limit]` must be a line feed sentinel). At the end of the buffer, `eof` says whether
   * the input is over: if not, an unfinished row sets `needMore`.
   */
  tokenize(buf: Uint8Array, start: number, limit: number, eof: boolean, maxRows: number, rangeEnd: number): void {
    if (this.denseRows > 0 && maxRows > 0 && this.tokenizeDense(buf, start, limit, maxRows, rangeEnd)) {
      this.setRefs(true);
      return;
    }
    this.tokenizeGeneral(buf, start, limit, eof, maxRows, rangeEnd);
    this.setRefs(false);
  }

  private setRefs(dense: boolean): void {
    this.dense = dense;
    const wanted = this.wantedSlots;
    const cap = this.config.batchRows;
    const perRow = this.config.numColumns + (this.crlf ? 1 : 0);
    for (let i = 0; i < wanted.length; i += 2) {
      const ref = this.refs[wanted[i + 1]];
      if (dense) {
        ref.starts = this.seps;
        ref.ends = this.seps;
        ref.startAt = wanted[i];
        ref.endAt = wanted[i] + 1;
        ref.stride = perRow;
        ref.startAdd = 1;
      } else {
        ref.starts = this.starts;
        ref.ends = this.ends;
        ref.startAt = wanted[i + 1] * cap;
        ref.endAt = ref.startAt;
        ref.stride = 1;
        ref.startAdd = 0;
      }
    }
  }

  /**
   * The fast path: complete rows from `start` while the bytes hold no quote. True when it made a batch of at
   * least one row; false leaves everything to the general loop (a quote, a bad or empty row, the buffer end).
   */
  private tokenizeDense(buf: Uint8Array, start: number, limit: number, maxRows: number, rangeEnd: number): boolean {
    this.done = false;
    const scanner = this.scanner;
    if (scanner === null || start >= limit) return false;
    const clean = this.cleanEnd(buf, start, limit);
    if (clean <= start) return false;
    const numColumns = this.config.numColumns;
    // A CR in the region: CRLF line ends (told by the first line end), where a row has one separator more, the
    // CR; or a lone CR, a line end to the general loop, which spoils its row.
    const useCr = this.crAt < clean;
    const firstLf = useCr ? buf.indexOf(LF, start) : -1;
    const crlf = firstLf > start && firstLf < clean && buf[firstLf - 1] === CR;
    const perRow = numColumns + (crlf ? 1 : 0);
    const rows = scanner.scan(buf, start, clean, {
      delimiter: this.config.delimiter,
      useCr,
      crlf,
      perRow,
      rowsCap: Math.min(maxRows, this.denseRows),
      maxLineBytes: this.config.maxLineBytes,
      rangeEnd,
    });
    if (rows === 0) return false;
    const seps = scanner.seps;
    const rowStarts = this.rowStarts;
    for (let r = 0, k = 0; r <= rows; r++, k += perRow) rowStarts[r] = seps[k] + 1;
    this.seps = seps;
    this.done = scanner.reachedRangeEnd;
    this.crlf = crlf;
    this.rows = rows;
    this.pos = rowStarts[rows];
    this.line += rows;
    this.needMore = false;
    return true;
  }

  /**
   * The first quote at or after `start` (below `limit`), or `limit`: the end of the region the fast path may
   * read. Also sets `crAt`, the first CR at or after `start`, or `limit`. Both are found by a native search and
   * kept for the next calls on the same buffer.
   */
  private cleanEnd(buf: Uint8Array, start: number, limit: number): number {
    if (buf !== this.cleanBuf || this.bufferOffset !== this.cleanOffset || limit !== this.cleanLimit || start < this.cleanFrom) {
      this.cleanBuf = buf;
      this.cleanOffset = this.bufferOffset;
      this.cleanLimit = limit;
      this.cleanFrom = start;
      this.cleanAt = -1;
      this.crAt = -1;
    }
    if (this.cleanAt < start && this.cleanAt !== limit) {
      this.cleanAt = find(buf, limit, this.config.quote, start);
      // A comment line is not a row: the general loop skips it.
      if (this.config.comment >= 0) this.cleanAt = find(buf, this.cleanAt, this.config.comment, start);
    }
    if (this.crAt < start && this.crAt !== limit) this.crAt = find(buf, Math.min(limit, this.cleanAt), CR, start);
    return this.cleanAt;
  }

  private tokenizeGeneral(buf: Uint8Array, start: number, limit: number, eof: boolean, maxRows: number, rangeEnd: number): void {
    const { delimiter: delim, quote, escape: esc, comment, trimSpaces, numColumns, slotOf, batchRows: cap, maxLineBytes } = this.config;
    const starts = this.starts;
    const ends = this.ends;
    const rowStarts = this.rowStarts;
    const high = Math.max(delim, LF, CR);
    let rows = 0;
    let p = start;
    let line = this.line;
    this.needMore = false;
    this.done = false;
    rowLoop: while (rows < maxRows) {
      const rowStart = p;
      const rowLine = line;
      if (p >= limit) {
        if (eof) this.done = true;
        else this.needMore = true;
        break;
      }
      if (p >= rangeEnd) {
        this.done = true;
        break;
      }
      let c = buf[p];
      if (c === LF || c === CR) {
        // An empty line is not a row (as pandas and Polars read it).
        if (c === CR) {
          if (p + 1 === limit && !eof) {
            this.needMore = true;
            break;
          }
          if (buf[p + 1] === LF) p++;
        }
        p++;
        line++;
        this.config.stats.emptyLines++;
        continue;
      }
      if (c === comment) {
        // A comment line (not quote-aware: the whole line is the comment).
        while (p < limit && buf[p] !== LF && buf[p] !== CR) p++;
        if ((p >= limit || (buf[p] === CR && p + 1 === limit)) && !eof) {
          // A comment line is bounded like a row: a file of one endless `#` line must not grow the buffer forever.
          if (limit - rowStart > maxLineBytes) this.tooLong(rowStart, rowLine, 0, -1, 0);
          p = rowStart;
          this.needMore = true;
          break;
        }
        if (p < limit) p += buf[p] === CR && buf[p + 1] === LF ? 2 : 1;
        line++;
        this.config.stats.commentLines++;
        continue;
      }
      let col = 0;
      for (;;) {
        let fieldStart = p;
        let fieldEnd: number;
        if (c === quote) {
          const opened = p;
          const openedLine = line;
          let q = p + 1;
          let escaped = false;
          for (;;) {
            if (q >= limit) {
              if (!eof) {
                if (limit - rowStart > maxLineBytes) this.tooLong(rowStart, rowLine, col, opened, openedLine);
                p = rowStart;
                line = rowLine;
                this.needMore = true;
                break rowLoop;
              }
              this.fail(
                'unterminated-quote',
                'unterminated quote: the field opened here never closes',
                openedLine,
                col,
                opened,
                esc === quote
                  ? 'a quote inside a field must be doubled ("")'
                  : `a quote inside a field must be escaped (${String.fromCharCode(esc)}${String.fromCharCode(quote)})`,
              );
            }
            const b = buf[q];
            if (b === esc && esc !== quote) {
              // A backslash-style escape: the next byte is literal (the field needs unescaping).
              if (q + 1 >= limit && !eof) {
                p = rowStart;
                line = rowLine;
                this.needMore = true;
                break rowLoop;
              }
              escaped = true;
              // An escaped line break is still a line of the file.
              const next = buf[q + 1];
              if (next === LF || (next === CR && buf[q + 2] !== LF)) {
                line++;
                this.quotedLineBreak = true;
              }
              q += 2;
              continue;
            }
            if (b === quote) {
              if (q + 1 >= limit && !eof) {
                p = rowStart;
                line = rowLine;
                this.needMore = true;
                break rowLoop;
              }
              if (esc === quote && q + 1 < limit && buf[q + 1] === quote) {
                escaped = true;
                q += 2;
                continue;
              }
              break;
            }
            if (b === LF || (b === CR && buf[q + 1] !== LF)) {
              line++;
              this.quotedLineBreak = true;
            }
            q++;
          }
          fieldStart = ~(opened + 1);
          fieldEnd = escaped ? ~q : q;
          p = q + 1;
          c = buf[p];
          if (c !== delim && c !== LF && c !== CR) {
            const hint =
              esc === quote
                ? 'a quote inside a quoted field must be doubled ("")'
                : `a quote inside a quoted field must be escaped (${String.fromCharCode(esc)}${String.fromCharCode(quote)})`;
            this.fail('bad-quote', `unexpected character ${describeByte(c)} after a closing quote`, line, col, p, hint);
          }
        } else {
          // The hot loop: the sentinel at `limit` ends it, so there is no bounds check per byte, and a byte
          // above the delimiter and both line ends (most text, every digit for `,` and `\t`) is one compare.
          while (c > high || (c !== delim && c !== LF && c !== CR)) c = buf[++p];
          // A field cut by the buffer end stops at the sentinel like a row end; the row end checks for it.
          fieldEnd = p;
        }
        if (col < numColumns) {
          const slot = slotOf[col];
          if (slot >= 0) {
            const k = slot * cap + rows;
            starts[k] = fieldStart;
            ends[k] = fieldEnd;
          }
        }
        col++;
        if (c !== delim) break;
        c = buf[++p];
        if (trimSpaces) while (c === 0x20) c = buf[++p];
      }
      // At the row terminator (or at `limit`: the last line has no line end, or the row is cut).
      if (p >= limit && !eof) {
        if (limit - rowStart > maxLineBytes) this.tooLong(rowStart, rowLine, col, -1, 0);
        p = rowStart;
        line = rowLine;
        this.needMore = true;
        break;
      }
      if (p < limit) {
        if (c === CR) {
          if (p + 1 === limit && !eof) {
            p = rowStart;
            line = rowLine;
            this.needMore = true;
            break;
          }
          if (buf[p + 1] === LF) p++;
        }
        p++;
      }
      line++;
      if (p - rowStart > maxLineBytes) this.tooLong(rowStart, rowLine, 0, -1, 0);
      if (col !== numColumns && !this.badRow(col, rows, rowStart, rowLine)) continue;
      rowStarts[rows] = rowStart;
      rows++;
    }
    rowStarts[rows] = p;
    this.rows = rows;
    this.pos = p;
    this.line = line;
  }

  /** Decides about a row with `fields` fields; true keeps it (padded), false drops it. */
  private badRow(fields: number, row: number, rowStart: number, rowLine: number): boolean {
    const { onBadRow, numColumns, stats } = this.config;
    if (onBadRow === 'error') {
      const column = fields > numColumns ? undefined : this.config.names[fields];
      this.fail(
        'field-count',
        `expected ${numColumns} fields, found ${fields}`,
        rowLine,
        fields,
        rowStart,
        "use onBadRow: 'skip' or 'null-pad' to read past such rows",
        column,
      );
    }
    if (onBadRow === 'skip') {
      stats.skippedRows++;
      return false;
    }
    stats.paddedRows++;
    const wanted = this.wantedSlots;
    const cap = this.config.batchRows;
    for (let i = 0; i < wanted.length; i += 2) {
      if (wanted[i] >= fields) {
        const k = wanted[i + 1] * cap + row;
        this.starts[k] = MISSING;
        this.ends[k] = MISSING;
      }
    }
    return true;
  }

  private tooLong(rowStart: number, rowLine: number, col: number, quoteAt: number, quoteLine: number): never {
    const hint =
      quoteAt >= 0
        ? `a quote opened on line ${quoteLine} (byte ${this.bufferOffset + quoteAt}) may be unterminated`
        : 'raise maxLineBytes if such long rows are expected';
    this.fail('line-too-long', `row longer than maxLineBytes (${this.config.maxLineBytes} bytes)`, rowLine, col, rowStart, hint);
  }

  private fail(code: CsvError['code'], what: string, line: number, col: number, pos: number, hint?: string, column: string | undefined = this.config.names[col]): never {
    throw new CsvError(what, { code, file: this.config.file, line, column, byteOffset: this.bufferOffset + pos, hint });
  }
}

/** The first `byte` in buf[from, limit), or `limit`. */
function find(buf: Uint8Array, limit: number, byte: number, from: number): number {
  if (from >= limit) return limit;
  const at = Buffer.from(buf.buffer, buf.byteOffset, limit).indexOf(byte, from);
  return at < 0 ? limit : at;
}

function countWanted(slotOf: Int32Array): number {
  let n = 0;
  for (const s of slotOf) if (s >= 0) n++;
  return n;
}

function describeByte(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `0x${c.toString(16).padStart(2, '0')}`;
}
