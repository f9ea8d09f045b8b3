import { DEFAULT_CATEGORICAL_CAP, DEFAULT_CHUNK_SIZE, DfError, DTYPES, type DType } from '@df-stream/core';
import { lazySchemas, mustBe, nonNegativeInt, positiveInt } from '../option-schemas.js';
import { SCAN_CATEGORICAL_CAP } from '../scan-categorical-cap.js';

/** Byte offsets of a file: the rows that start in [start, end). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
  /**
   * A row start at or before `start`, which then need not be one itself: the range begins at the first row start
   * at or after `start`, found by following quotes from here (as `planCsvSplits` does). So the reader given the
   * range finds its own first row, and whoever planned the ranges needs no pass over the file.
   */
  readonly scanFrom?: number;
  /**
   * The ranges of one plan meet at guessed row starts: a range with `scanFrom` starts at the first line break
   * at or after `start`, without reading from `scanFrom` (right unless a quoted field with a line break spans
   * `start`); and the reader of a range checks, where it stops, that the next range's guess is the row start
   * it found. A wrong guess fails either scan with core's `SplitGuessError`.
   */
  readonly guess?: boolean;
}

/** What to do with a row whose field count differs from the header's. */
export type BadRowMode = 'error' | 'skip' | 'null-pad';

/** Counters a reader fills in while it scans; pass your own object as `options.stats` to read them afterwards. */
export interface CsvReadStats {
  /** Data rows emitted. */
  rows: number;
  /** Rows with a wrong field count that were dropped (`onBadRow: 'skip'`). */
  skippedRows: number;
  /** Rows with a wrong field count that were kept, short ones padded with nulls (`onBadRow: 'null-pad'`). */
  paddedRows: number;
  /** Empty lines skipped. */
  emptyLines: number;
  /** Comment lines skipped (`comment`). */
  commentLines: number;
}

export interface CsvReadOptions {
  /** Field delimiter (one ASCII byte); sniffed among `,` `;` `\t` `|` when not given. */
  delimiter?: string;
  /** Quote character (one ASCII byte); sniffed (`"` or `'`) when not given. */
  quote?: string;
  /**
   * The character that escapes a quote inside a quoted field: the quote itself (`""`, the default) or another one,
   * typically a backslash (`\"`); sniffed as a backslash when `\"` appears inside quoted text.
   */
  escape?: string;
  /** Lines starting with this character are comments and skipped (e.g. `#`); default none. */
  comment?: string;
  /** Whether the first (non-skipped) line names the columns; sniffed when not given. */
  header?: boolean;
  /** Column names to use instead of the header's (or of `column_1..n`). */
  columns?: readonly string[];
  /** Dtypes for some columns (by name); values that do not parse are an error instead of widening the column. */
  dtypes?: Readonly<Record<string, DType>>;
  /**
   * Field contents read as null, in every column. Default: in a text column only the empty field (so the text `NA`
   * survives); in a numeric, bool, date or timestamp column also `NA`, `N/A`, `null`, `NULL` and (not in a float
   * column, where it is a value) `NaN`. A quoted field is a string, never null, in string columns.
   */
  nullValues?: readonly string[];
  /**
   * How dates are written, strftime-style (`%d/%m/%Y`); default ISO `YYYY-MM-DD`. Only this layout is inferred as
   * a date: `01/02/2024` is ambiguous, so no other is guessed.
   */
  dateFormat?: string;
  /**
   * How timestamps are written, strftime-style (`%m/%d/%Y %H:%M`, `%f` fractions, `%z` offsets); default ISO
   * `YYYY-MM-DD[T ]HH:MM[:SS[.f]][Z|±HH:MM]`. With an offset the value is UTC, else as written.
   */
  timestampFormat?: string;
  /** Only these columns (names or 0-based indices), in file order; the others are skipped, not parsed. */
  usecols?: readonly (string | number)[];
  /** Raw lines to skip before the header (not quote-aware: a preamble is often not CSV). */
  skipRows?: number;
  /** Stop after this many data rows. */
  maxRows?: number;
  /** Input encoding; latin1 is transcoded to UTF-8 as it is read. */
  encoding?: 'utf8' | 'latin1';
  /** Rows with a wrong field count: throw (default), drop them, or pad short rows with nulls / drop extra fields. */
  onBadRow?: BadRowMode;
  /** Rows per chunk (default 65,536). */
  chunkSize?: number;
  /** Bytes per `fs.read` (default 2 MiB); the buffer grows only for a row longer than it. */
  readBufferSize?: number;
  /** A field or row longer than this is an error (default 64 MiB); bounds memory on hostile input. */
  maxLineBytes?: number;
  /**
   * A file with more columns than this is an error (default 100,000): each column costs about 9 KB while it is read,
   * so a 2 MB header line of a million one-character names would take 9 GB; bounds memory on hostile input.
   */
  maxColumns?: number;
  /** Data rows sampled to infer the schema (default 10,000; the sample is also capped at 8 MiB). */
  inferSchemaRows?: number;
  /**
   * Distinct strings above which a categorical column falls back to utf8, for every column. Default:
   * SCAN_CATEGORICAL_CAP, and core's DEFAULT_CATEGORICAL_CAP for the columns a group-by keys on.
   */
  categoricalCap?: number;
  /** Only read the rows that start in [start, end) (byte offsets; see `planCsvSplits` and `ByteRange`). */
  byteRange?: ByteRange;
  /** Filled in while scanning. */
  stats?: CsvReadStats;
  /** Name of the input in error messages (default: the path, or `<stream>`). */
  fileName?: string;
}

export interface CsvWriteOptions {
  /** Field delimiter (default `,`). */
  delimiter?: string;
  /** Quote character (default `"`). */
  quote?: string;
  /** Text written for a null (default: empty). A string equal to it is quoted so it reads back as a string. */
  nullValue?: string;
  /** Write the column names first (default true). */
  header?: boolean;
  /** Line terminator (default `\n`). */
  lineTerminator?: '\n' | '\r\n';
  /** Quote every string field, not only those that need it. */
  quoteAll?: boolean;
}

/** Every text a column may read as null by default (see `nullValues`); the writer quotes strings equal to one. */
export const DEFAULT_NULL_VALUES: readonly string[] = ['', 'NA', 'N/A', 'null', 'NULL', 'NaN'];
/**
 * Two buffers of this a scan (one parsed while the other is read): 2 MiB took the same time as 4 MiB in an A/B of
 * q1, q7 and read-two over the 1e7-row file, with 4-7 MB less peak RSS; 1 MiB cost 5-11% more CPU.
 */
export const DEFAULT_READ_BUFFER_SIZE = 2 << 20;
export const DEFAULT_MAX_LINE_BYTES = 64 << 20;
export const DEFAULT_MAX_COLUMNS = 100_000;
export const DEFAULT_INFER_SCHEMA_ROWS = 10_000;
export { SCAN_CATEGORICAL_CAP };
/** Bytes read ahead for sniffing and inference, so the sample never depends on read-buffer size. */
export const SAMPLE_BYTES = 8 << 20;

/** Options with every default applied and every value checked. */
export interface ResolvedReadOptions {
  delimiter: number | undefined;
  quote: number | undefined;
  escape: number | undefined;
  comment: number | undefined;
  header: boolean | undefined;
  columns: readonly string[] | undefined;
  dtypes: Readonly<Record<string, DType>>;
  /** The user's null texts; undefined: the defaults per kind of column (see `valueRules`). */
  nullValues: readonly Uint8Array[] | undefined;
  dateFormat: string | undefined;
  timestampFormat: string | undefined;
  usecols: readonly (string | number)[] | undefined;
  skipRows: number;
  maxRows: number;
  encoding: 'utf8' | 'latin1';
  onBadRow: BadRowMode;
  chunkSize: number;
  readBufferSize: number;
  maxLineBytes: number;
  maxColumns: number;
  inferSchemaRows: number;
  categoricalCap: number;
  /** The cap of the columns a group-by keys on (`ScanOptions.keyColumns`). */
  keyCategoricalCap: number;
  byteRange: ByteRange | undefined;
  stats: CsvReadStats;
}

export function emptyStats(): CsvReadStats {
  return { rows: 0, skippedRows: 0, paddedRows: 0, emptyLines: 0, commentLines: 0 };
}

export function resolveReadOptions(options: CsvReadOptions): ResolvedReadOptions {
  const encoder = new TextEncoder();
  const stats = options.stats ?? emptyStats();
  Object.assign(stats, emptyStats());
  return {
    delimiter: optionalByte('delimiter', options.delimiter),
    quote: optionalByte('quote', options.quote),
    escape: optionalByte('escape', options.escape),
    comment: optionalByte('comment', options.comment),
    header: options.header,
    columns: options.columns,
    dtypes: options.dtypes ?? {},
    nullValues: options.nullValues?.map((v) => encoder.encode(v)),
    dateFormat: optionalString('dateFormat', options.dateFormat),
    timestampFormat: optionalString('timestampFormat', options.timestampFormat),
    usecols: options.usecols,
    skipRows: count('skipRows', options.skipRows, 0),
    maxRows: options.maxRows === undefined ? Infinity : count('maxRows', options.maxRows, 0),
    encoding: options.encoding ?? 'utf8',
    onBadRow: options.onBadRow ?? 'error',
    chunkSize: positive('chunkSize', options.chunkSize, DEFAULT_CHUNK_SIZE),
    readBufferSize: positive('readBufferSize', options.readBufferSize, DEFAULT_READ_BUFFER_SIZE),
    maxLineBytes: positive('maxLineBytes', options.maxLineBytes, DEFAULT_MAX_LINE_BYTES),
    maxColumns: positive('maxColumns', options.maxColumns, DEFAULT_MAX_COLUMNS),
    inferSchemaRows: count('inferSchemaRows', options.inferSchemaRows, DEFAULT_INFER_SCHEMA_ROWS),
    categoricalCap: count('categoricalCap', options.categoricalCap, SCAN_CATEGORICAL_CAP),
    keyCategoricalCap: count('categoricalCap', options.categoricalCap, DEFAULT_CATEGORICAL_CAP),
    byteRange: options.byteRange === undefined ? undefined : checkRange(options.byteRange),
    stats,
  };
}

function optionalByte(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value.length !== 1 || value.charCodeAt(0) > 0x7f || value === '\n' || value === '\r') {
    throw new DfError('usage', `${name} must be one ASCII character other than a line break, got ${JSON.stringify(value)}`);
  }
  return value.charCodeAt(0);
}

function optionalString(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value.length === 0)) throw new DfError('usage', `${name} must be a non-empty string, got ${String(value)}`);
  return value;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new DfError('usage', `${name} must be a positive integer, got ${value}`);
  return value;
}

function count(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new DfError('usage', `${name} must be a non-negative integer, got ${value}`);
  return value;
}

function checkRange(range: ByteRange): ByteRange {
  const { start, end, scanFrom } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new DfError('usage', `byteRange must satisfy 0 <= start <= end, got [${start}, ${end})`);
  }
  const guess = range.guess === true ? { guess: true } : {};
  if (scanFrom === undefined) return { start, end, ...guess };
  if (!Number.isSafeInteger(scanFrom) || scanFrom < 0 || scanFrom > start) {
    throw new DfError('usage', `byteRange.scanFrom must satisfy 0 <= scanFrom <= start, got ${scanFrom} for start ${start}`);
  }
  return { start, end, scanFrom, ...guess };
}

/** Characters that number, bool, date and timestamp text can contain: such a delimiter or quote would split them. */
const VALUE_CHARS = /[0-9A-Za-z.+\-:]/;
const WRITABLE_CHARACTER = 'one ASCII character other than a line break, letter, digit or . + - :';

/**
 * The CSV options as zod schemas: `write` is the one check of the writer's options (`writeCsv`, `sink`, the CLI);
 * `read` declares the reader's options for the CLI and the cluster (`split`: what a CSV split may carry to another
 * machine); a local read checks them in `resolveReadOptions`, which runs on every split thread and so must not load
 * zod. The two agree (test/format-registry.test.ts).
 */
export const csvSchemas = lazySchemas((z) => {
  const byte = (name: string) =>
    z.string().refine((v) => v.length === 1 && v.charCodeAt(0) <= 0x7f && v !== '\n' && v !== '\r', mustBe(name, 'one ASCII character other than a line break'));
  const count = (name: string) => nonNegativeInt(z, name);
  const positive = (name: string) => positiveInt(z, name);
  // Byte offsets with the checks `checkRange` makes; `guess` only for local splits (see the split schema).
  const offsets = { start: count('byteRange.start'), end: count('byteRange.end'), scanFrom: count('byteRange.scanFrom').optional() };
  const ordered = (r: { start: number; end: number; scanFrom?: number }): boolean => r.end >= r.start && (r.scanFrom === undefined || r.scanFrom <= r.start);
  const rangeRule = { error: 'byteRange must satisfy 0 <= scanFrom <= start <= end' };
  const range = z
    .object({ ...offsets, guess: z.boolean().optional() })
    .strict()
    .refine(ordered, rangeRule);
  const plannedRange = z.object(offsets).strict().refine(ordered, rangeRule);
  const read = z
    .object({
      delimiter: byte('delimiter').describe('field delimiter, one ASCII character (default: sniffed among , ; tab |)').optional(),
      quote: byte('quote').describe('quote character (default: sniffed, " or \')').optional(),
      escape: byte('escape').describe('escapes a quote inside quotes (default: the quote doubled, or \\ when sniffed)').optional(),
      comment: byte('comment').describe('lines starting with it are skipped, e.g. #').optional(),
      header: z.boolean().describe('the first line names the columns (default: sniffed); without one, columns are column_1..n').optional(),
      columns: z.array(z.string()).optional(),
      dtypes: z.record(z.string(), z.enum(DTYPES)).optional(),
      nullValues: z.array(z.string()).describe('texts read as null in every column (default: see the README)').optional(),
      dateFormat: z.string().min(1).describe('strftime layout of dates, e.g. %d/%m/%Y (default ISO YYYY-MM-DD)').optional(),
      timestampFormat: z.string().min(1).describe('strftime layout of timestamps, e.g. %m/%d/%Y %H:%M (default ISO 8601)').optional(),
      usecols: z.array(z.union([z.string(), count('usecols')])).optional(),
      skipRows: count('skipRows').optional(),
      maxRows: count('maxRows').optional(),
      encoding: z.enum(['utf8', 'latin1']).optional(),
      onBadRow: z.enum(['error', 'skip', 'null-pad']).optional(),
      chunkSize: positive('chunkSize').describe('rows per chunk (default 65536)').optional(),
      readBufferSize: positive('readBufferSize').optional(),
      maxLineBytes: positive('maxLineBytes').optional(),
      maxColumns: positive('maxColumns').optional(),
      inferSchemaRows: count('inferSchemaRows').optional(),
      categoricalCap: count('categoricalCap').optional(),
      byteRange: range.optional(),
      stats: z.custom<CsvReadStats>((v) => typeof v === 'object' && v !== null, mustBe('stats', 'an object')).optional(),
      fileName: z.string().optional(),
    })
    .strict();
  const write = z
    .object({
      delimiter: z
        .string()
        .refine((v) => v.length === 1 && v.charCodeAt(0) <= 0x7f && v !== '\n' && v !== '\r' && !VALUE_CHARS.test(v), mustBe('delimiter', WRITABLE_CHARACTER))
        .describe('field delimiter (default ,)')
        .optional(),
      quote: z
        .string()
        .refine((v) => v.length === 1 && v.charCodeAt(0) <= 0x7f && v !== '\n' && v !== '\r' && !VALUE_CHARS.test(v), mustBe('quote', WRITABLE_CHARACTER))
        .describe('quote character (default ")')
        .optional(),
      nullValue: z.string().describe('text written for a null (default: empty)').optional(),
      header: z.boolean().describe('write the column names first (default true)').optional(),
      lineTerminator: z.enum(['\n', '\r\n'], mustBe('lineTerminator', '\\n or \\r\\n')).optional(),
      quoteAll: z.boolean().describe('quote every string field').optional(),
    })
    .strict()
    .superRefine((o, ctx) => {
      const delimiter = o.delimiter ?? ',';
      const quote = o.quote ?? '"';
      if (delimiter === quote) ctx.addIssue({ code: 'custom', path: ['quote'], message: 'delimiter and quote must be two different characters' });
      const nullValue = o.nullValue ?? '';
      if (/[\r\n]/.test(nullValue) || nullValue.includes(delimiter) || nullValue.includes(quote)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nullValue'],
          message: `nullValue must not contain a line break, the delimiter or the quote, got ${JSON.stringify(nullValue)}`,
        });
      }
    });
  // A split travels as plain data: no stats object to fill in, no row limit (a plan with a limit is not split),
  // byte offsets only in UTF-8, and a range planned exactly (a guessed one is checked by its neighbour's reader).
  const split = read
    .omit({ stats: true, maxRows: true, encoding: true, byteRange: true })
    .extend({ encoding: z.literal('utf8').optional(), byteRange: plannedRange })
    .strict();
  return { read, write, split };
});
