import type { BadRowMode, CsvReadStats } from './csv-options.js';
import { CsvError } from './csv-error.js';

export const LF = 0x0a;
export const CR = 0x0d;

/** Field slot markers in `starts`: a field missing from a short row (`onBadRow: 'null-pad'`). */
export const MISSING = -1;

export interface TokenizerConfig {
  delimiter: number;
  quote: number;
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
  /** The last call stopped at an unfinished row: refill from `pos`. */
  needMore = false;
  /** The input (or the byte range) is exhausted. */
  done = false;
  /** Input offset of `buf[0]`, for error messages. */
  bufferOffset = 0;
  private readonly config: TokenizerConfig;
  private readonly wantedSlots: Int32Array;

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
  }

  /**
   * Tokenizes rows from `start` until `maxRows` rows, a row starting at or after `rangeEnd`, or the end of the
   * data (`limit`; `buf[limit]` must be a line feed sentinel). At the end of the buffer, `eof` says whether
   * the input is over: if not, an unfinished row sets `needMore`.
   */
  tokenize(buf: Uint8Array, start: number, limit: number, eof: boolean, maxRows: number, rangeEnd: number): void {
    const { delimiter: delim, quote, numColumns, slotOf, batchRows: cap, maxLineBytes } = this.config;
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
              this.fail('unterminated-quote', 'unterminated quote: the field opened here never closes', openedLine, col, opened,
                'a quote inside a field must be doubled ("")');
            }
            const b = buf[q];
            if (b === quote) {
              if (q + 1 >= limit && !eof) {
                p = rowStart;
                line = rowLine;
                this.needMore = true;
                break rowLoop;
              }
              if (q + 1 < limit && buf[q + 1] === quote) {
                escaped = true;
                q += 2;
                continue;
              }
              break;
            }
            if (b === LF || (b === CR && buf[q + 1] !== LF)) line++;
            q++;
          }
          fieldStart = ~(opened + 1);
          fieldEnd = escaped ? ~q : q;
          p = q + 1;
          c = buf[p];
          if (c !== delim && c !== LF && c !== CR) {
            this.fail('bad-quote', `unexpected character ${describeByte(c)} after a closing quote`, line, col, p,
              'a quote inside a quoted field must be doubled ("")');
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
      this.fail('field-count', `expected ${numColumns} fields, found ${fields}`, rowLine, fields, rowStart,
        "use onBadRow: 'skip' or 'null-pad' to read past such rows",
        column);
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

  private fail(
    kind: CsvError['kind'],
    what: string,
    line: number,
    col: number,
    pos: number,
    hint?: string,
    column: string | undefined = this.config.names[col],
  ): never {
    throw new CsvError(what, { kind, file: this.config.file, line, column, byteOffset: this.bufferOffset + pos, hint });
  }
}

function countWanted(slotOf: Int32Array): number {
  let n = 0;
  for (const s of slotOf) if (s >= 0) n++;
  return n;
}

function describeByte(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `0x${c.toString(16).padStart(2, '0')}`;
}
