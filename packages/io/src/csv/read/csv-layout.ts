import { type DType, Schema } from '@df-stream/core';
import { listNames, quoteName } from '@df-stream/core/internal';
import { CsvError } from '../csv-error.js';
import { emptyStats, type ResolvedReadOptions, SAMPLE_BYTES } from '../csv-options.js';
import { BatchContext } from './batch-context.js';
import type { ByteInput } from './byte-reader.js';
import { countLineBreaks } from './count-line-breaks.js';
import { type ColumnPlan, CsvColumnParser } from './csv-column-parser.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { dedupeNames } from './dedupe-names.js';
import { findInvalidUtf8 } from './find-invalid-utf8.js';
import { type CsvDialect, sniffDialect } from './sniff-dialect.js';
import { splitRecords } from './split-records.js';
import { valueRules } from './value-rules.js';

/** Everything learned from the head of a CSV input before the first chunk. */
export interface CsvLayout {
  file: string;
  dialect: CsvDialect;
  /** Every column of the file, in file order (the last one hidden when the dialect has a trailing delimiter). */
  plans: ColumnPlan[];
  /** Every shown column with the dtype announced for it (`layoutSchema`): the plans but a hidden last one. */
  schema: Schema;
  /** Input offset of the first data row, and its 1-based line. */
  dataStart: number;
  dataLine: number;
  /** The first bytes of the input (a stream replays them; a file is read again). */
  head: Uint8Array;
  /** The head is the whole input. */
  headComplete: boolean;
  /** A file's size when its head was read: scans read no further (see `fileInput`). */
  fileBytes?: number;
}

/** Cells (rows x columns) per tokenizer batch: bounds the offset arrays of very wide files. */
export const BATCH_CELLS = 1 << 18;

/** Reads the head of `input`, skips BOM and preamble, sniffs the dialect, reads the header and infers dtypes. */
export async function readCsvLayout(input: ByteInput, options: ResolvedReadOptions, file: string): Promise<CsvLayout> {
  let { bytes: head, complete } = await readHead(input, SAMPLE_BYTES, new Uint8Array(0));
  let start = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  start = skipLines(head, start, options.skipRows);
  let dialect = sniffDialect(head, start, options, complete);
  let records = splitRecords(head, skipLines(head, start, dialect.preambleLines), dialect, 1, complete);
  // A header longer than the head: read on until it is complete (bounded by maxLineBytes).
  while (records.length === 0 && !complete && head.length < options.maxLineBytes + SAMPLE_BYTES) {
    ({ bytes: head, complete } = await readHead(input, head.length * 2, head));
    dialect = sniffDialect(head, start, options, complete);
    records = splitRecords(head, skipLines(head, start, dialect.preambleLines), dialect, 1, complete);
  }
  start = skipLines(head, start, dialect.preambleLines);
  if (records.length === 0 && !complete) {
    throw new CsvError(`first row longer than maxLineBytes (${options.maxLineBytes} bytes)`, {
      code: 'line-too-long',
      file,
      line: 1 + countLineBreaks(head, 0, start),
      byteOffset: start,
    });
  }
  const first = records[0];
  let dataStart = start;
  let rawNames: string[] = [];
  if (first !== undefined) {
    if (dialect.header) {
      const bad = findInvalidUtf8(head, first.start, first.end);
      if (bad >= 0) {
        throw new CsvError('invalid UTF-8 in the header', {
          code: 'invalid-utf8',
          file,
          line: 1 + countLineBreaks(head, 0, first.start),
          byteOffset: bad,
          hint: "pass encoding: 'latin1' if the file is not UTF-8",
        });
      }
      rawNames = first.fields;
      dataStart = first.end;
    } else rawNames = first.fields.map(() => '');
  }
  // The empty column a delimiter at every line end makes: tokenized (rows have that many fields), never shown.
  // A header line may end with the delimiter too (an empty last name: dropped) or not.
  let trailing = dialect.trailingDelimiter ? 1 : 0;
  if (trailing === 1 && rawNames.length > 1 && rawNames[rawNames.length - 1] === '') rawNames = rawNames.slice(0, -1);
  // The user names that last column too: it is read, not hidden.
  if (trailing === 1 && options.columns !== undefined && options.columns.length === rawNames.length + 1) {
    trailing = 0;
    rawNames = [...rawNames, ''];
  }
  if (options.columns !== undefined) {
    if (first !== undefined && options.columns.length !== rawNames.length) {
      throw new CsvError(`columns names ${options.columns.length} columns but the file has ${rawNames.length}`, {
        code: 'usage',
        file,
        line: 1 + countLineBreaks(head, 0, start),
        byteOffset: start,
      });
    }
    rawNames = [...options.columns];
  }
  if (rawNames.length > options.maxColumns) {
    throw new CsvError(`${rawNames.length} columns, more than maxColumns (${options.maxColumns})`, {
      code: 'too-many-columns',
      file,
      line: 1 + countLineBreaks(head, 0, start),
      byteOffset: start,
      hint: 'pass a larger maxColumns if the file really has that many (each column costs about 9 KB while it is read)',
    });
  }
  const names = dedupeNames(rawNames);
  for (const name of Object.keys(options.dtypes)) {
    if (!names.includes(name)) {
      throw new CsvError(`dtypes names a column ${quoteName(name)} that the file does not have (columns: ${listNames(names)})`, {
        code: 'usage',
        file,
        line: 1,
        byteOffset: 0,
      });
    }
  }
  const dataLine = 1 + countLineBreaks(head, 0, dataStart);
  const plans = inferPlans(head, dataStart, complete, dialect, trailing === 1 ? [...names, ''] : names, options, file, dataLine);
  if (trailing === 1) plans[plans.length - 1].hidden = true;
  const schema = layoutSchema(plans);
  return { file, dialect, plans, schema, dataStart, dataLine, head, headComplete: complete };
}

/** The schema of the shown columns (every plan but a hidden last one), each with the dtype announced for it. */
export function layoutSchema(plans: readonly ColumnPlan[]): Schema {
  return new Schema(plans.filter((p) => p.hidden !== true).map((p) => ({ name: p.name, dtype: p.fixed ?? p.dtype })));
}

/** Reads until `target` bytes or the end of the input, after the bytes already in `have`. */
async function readHead(input: ByteInput, target: number, have: Uint8Array): Promise<{ bytes: Uint8Array; complete: boolean }> {
  // Grow towards `target` so that a small input costs a small buffer.
  let buf = new Uint8Array(Math.min(target, Math.max(have.length * 2, 64 << 10)));
  buf.set(have);
  let n = have.length;
  for (;;) {
    if (n === buf.length) {
      if (n >= target) return { bytes: buf, complete: false };
      const grown = new Uint8Array(Math.min(target, n * 2));
      grown.set(buf);
      buf = grown;
    }
    const got = await input.read(buf, n, buf.length - n);
    if (got === 0) return { bytes: buf.subarray(0, n), complete: true };
    n += got;
  }
}

/** Skips `count` raw lines (not quote-aware: a preamble need not be CSV). */
function skipLines(bytes: Uint8Array, start: number, count: number): number {
  let p = start;
  for (let k = 0; k < count && p < bytes.length; k++) {
    while (p < bytes.length && bytes[p] !== 0x0a && bytes[p] !== 0x0d) p++;
    if (p < bytes.length) p += bytes[p] === 0x0d && bytes[p + 1] === 0x0a ? 2 : 1;
  }
  return p;
}

/**
 * Runs the real tokenizer and column parsers over the sample, so inference and reading agree on every value:
 * the kind a column ends the sample with is its kind, the dtype of an integer column its lower bound.
 */
function inferPlans(
  head: Uint8Array,
  dataStart: number,
  complete: boolean,
  dialect: CsvDialect,
  names: string[],
  options: ResolvedReadOptions,
  file: string,
  dataLine: number,
): ColumnPlan[] {
  const sampleRows = Math.max(1, options.inferSchemaRows);
  const numColumns = names.length;
  const batchRows = Math.max(1, Math.min(sampleRows, Math.floor(BATCH_CELLS / Math.max(1, numColumns))));
  const rules = valueRules(options, dialect);
  const parsers = names.map(
    (name) => new CsvColumnParser({ name, kind: 'null', dtype: 'utf8', fixed: options.dtypes[name] }, sampleRows, options.categoricalCap, rules, true, batchRows),
  );
  const tokenizer = new CsvTokenizer({
    delimiter: dialect.delimiter,
    quote: dialect.quote,
    escape: dialect.escape,
    comment: dialect.comment,
    trimSpaces: dialect.trimSpaces,
    numColumns,
    slotOf: Int32Array.from(names, (_, i) => i),
    batchRows,
    onBadRow: 'skip',
    maxLineBytes: options.maxLineBytes,
    file,
    names,
    stats: emptyStats(),
  });
  // The head needs a line feed sentinel after its data.
  const buf = new Uint8Array(head.length + 1);
  buf.set(head);
  buf[head.length] = 0x0a;
  const ctx = new BatchContext();
  ctx.file = file;
  ctx.buf = buf;
  tokenizer.line = dataLine;
  let pos = dataStart;
  let rows = 0;
  try {
    while (rows < options.inferSchemaRows && numColumns > 0) {
      ctx.pos = pos;
      ctx.line = tokenizer.line;
      ctx.rowStarts = tokenizer.rowStarts;
      ctx.row0 = rows;
      tokenizer.tokenize(buf, pos, head.length, complete, Math.min(batchRows, options.inferSchemaRows - rows), Infinity);
      const n = tokenizer.rows;
      for (let j = 0; j < numColumns; j++) parsers[j].parseBatch(buf, tokenizer.fields(j), n, rows, ctx);
      rows += n;
      pos = tokenizer.pos;
      if (n === 0 || tokenizer.done || tokenizer.needMore) break;
    }
  } catch (error) {
    // Bad data in the sample is reported by the scan that reaches it (with its real context, and only by the
    // byte range that holds it); the sample up to there still says what the columns are.
    if (!(error instanceof CsvError)) throw error;
  }
  return parsers.map((parser, j) => {
    const fixed: DType | undefined = options.dtypes[names[j]];
    const { kind, dtype, note } = parser.inferPlan(rows);
    return { name: names[j], kind, dtype: fixed ?? dtype, fixed, ...(note === undefined ? {} : { note }) };
  });
}
