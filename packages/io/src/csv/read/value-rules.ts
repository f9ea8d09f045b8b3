import { DEFAULT_NULL_VALUES, type ResolvedReadOptions } from '../csv-options.js';
import { compileDateFormat, type DateParser } from './date-format.js';
import { NullMatcher } from './null-matcher.js';
import { parseIsoDate, parseIsoTimestamp } from './parse-date.js';
import type { CsvGrammar } from './split-records.js';

/** Null texts of a text column by default: only the empty field, so the text `NA` (Namibia, a state code) survives. */
const TEXT_NULL_VALUES: readonly string[] = [''];
/** Null texts of a float column (or one not typed yet) by default; `NaN` is a float value there. */
const FLOAT_NULL_VALUES: readonly string[] = DEFAULT_NULL_VALUES.filter((v) => v !== 'NaN');

/**
 * How a reader turns field text into values, beyond the byte loops: which texts are null in a column of each
 * kind (a user's `nullValues` apply to every column; without them, the empty field in text columns, `DEFAULT_NULL_VALUES` in typed ones), and
 * how dates and timestamps are written (ISO 8601, or the user's `dateFormat` / `timestampFormat`).
 */
export interface ValueRules {
  readonly textNulls: NullMatcher;
  readonly floatNulls: NullMatcher;
  readonly typedNulls: NullMatcher;
  /** Days since the epoch, or NaN. */
  readonly parseDate: DateParser;
  /** Microseconds since the epoch (a date alone is midnight), or NaN; see `parse-date.ts` for values past 2^53. */
  readonly parseTimestamp: DateParser;
  /** The byte that escapes a quote in a quoted field (the quote itself when quotes are doubled). */
  readonly escape: number;
  /** The timestamp parser takes a bare date (the ISO one): a date column that meets a timestamp widens to timestamp. */
  readonly timestampTakesDates: boolean;
}

export function valueRules(options: ResolvedReadOptions, grammar: CsvGrammar): ValueRules {
  const encoder = new TextEncoder();
  const matcher = (defaults: readonly string[]) => new NullMatcher(options.nullValues ?? defaults.map((v) => encoder.encode(v)));
  return {
    textNulls: matcher(TEXT_NULL_VALUES),
    floatNulls: matcher(FLOAT_NULL_VALUES),
    typedNulls: matcher(DEFAULT_NULL_VALUES),
    parseDate: options.dateFormat === undefined ? parseIsoDate : compileDateFormat(options.dateFormat, 'date', 'dateFormat'),
    parseTimestamp:
      options.timestampFormat === undefined ? (b, s, e) => parseIsoTimestamp(b, s, e, true) : compileDateFormat(options.timestampFormat, 'timestamp', 'timestampFormat'),
    timestampTakesDates: options.timestampFormat === undefined,
    escape: grammar.escape,
  };
}
