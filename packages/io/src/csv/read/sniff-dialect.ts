import { type CsvGrammar, type SplitRecord, splitRecords } from './split-records.js';

/** How a CSV file is written: what the user gave, and what sniffing decided for the rest (`notes` says what and why). */
export interface CsvDialect extends CsvGrammar {
  header: boolean;
  /** Lines before the first record that are not CSV of this dialect (a title, notes): skipped. */
  preambleLines: number;
  /** Every line ends with a delimiter: the empty last column this makes is dropped. */
  trailingDelimiter: boolean;
  /** The first line break of the sample (null: none in it); the reader takes any of them anywhere. */
  lineEnding: '\n' | '\r\n' | '\r' | null;
  /** One line per decision sniffing made (nothing for what the user gave), e.g. `header: none (...)`. */
  notes: string[];
}

export interface DialectHints {
  /** Lines the user skipped (`skipRows`): then no preamble is looked for. */
  skipRows?: number;
  delimiter?: number;
  quote?: number;
  escape?: number;
  comment?: number;
  header?: boolean;
}

const DELIMITERS = [0x2c, 0x3b, 0x09, 0x7c]; // , ; \t |
const QUOTES = [0x22, 0x27]; // " '
const BACKSLASH = 0x5c;
const HASH = 0x23;
const SNIFF_RECORDS = 64;
const SNIFF_BYTES = 256 << 10;
/** Lines of a preamble at most: more is a file with a changing field count, not a title. */
const MAX_PREAMBLE = 20;

/**
 * Guesses what was not given: the quote (see `sniffQuote`) and its escape (a backslash when `\"` appears inside
 * quoted text), the delimiter that splits the records into the most consistent field count (ties: more fields,
 * then `,` `;` `\t` `|`), a preamble (leading lines with fewer fields than the records after them), spaces after
 * every delimiter (`a, b`), a delimiter ending every line, and whether the first record is a header (votes in the
 * spirit of Python's `csv.Sniffer.has_header`: a column typed below but not in the first row, a first-row value
 * unlike the lengths below or absent from a repetitive column; a number in the first row means no header; no
 * evidence means a header).
 */
export function sniffDialect(bytes: Uint8Array, start: number, given: DialectHints, complete: boolean): CsvDialect {
  const end = Math.min(bytes.length, start + SNIFF_BYTES);
  const sample = bytes.subarray(0, end);
  const sampleComplete = complete && end === bytes.length;
  const notes: string[] = [];
  const delimiters = given.delimiter === undefined ? DELIMITERS : [given.delimiter];
  const quote = given.quote ?? sniffQuote(sample, start, delimiters);
  const esc = given.escape ?? (backslashEscapes(sample, start, quote) ? BACKSLASH : quote);
  if (given.escape === undefined && esc === BACKSLASH) notes.push(`escape: \\ (\\${String.fromCharCode(quote)} inside quoted fields)`);
  // Lines the user skipped are where the user says the data starts: no preamble is looked for after them.
  const preambles = (given.skipRows ?? 0) === 0;
  // `#` lines are comments when reading them so makes the field counts more consistent (ties: not comments).
  const comments = given.comment !== undefined ? [given.comment] : startsALine(sample, start, HASH) ? [-1, HASH] : [-1];
  let best: { grammar: CsvGrammar; records: SplitRecord[]; score: number; fields: number; preamble: number } | undefined;
  for (const delimiter of delimiters)
    for (const comment of comments) {
      let grammar: CsvGrammar = { delimiter, quote, escape: esc, comment, trimSpaces: false };
      let records = splitRecords(sample, start, grammar, SNIFF_RECORDS, sampleComplete);
      // `a, b, c`: split with the spaces trimmed, a quoted field after `, ` is one field (untrimmed it is text).
      if (hasByteAfter(sample, start, delimiter, 0x20)) {
        const trimmed = splitRecords(sample, start, { ...grammar, trimSpaces: true }, SNIFF_RECORDS, sampleComplete);
        const body = trimmed.slice(consistency(trimmed, preambles).preamble);
        if (spacesAfterDelimiters(body)) {
          grammar = { ...grammar, trimSpaces: true };
          records = trimmed;
        }
      }
      const { score, fields, preamble } = consistency(records, preambles);
      if (best === undefined || score > best.score || (score === best.score && fields > best.fields)) {
        best = { grammar, records, score, fields, preamble };
      }
    }
  const chosen = best as { grammar: CsvGrammar; records: SplitRecord[]; preamble: number; score: number; fields: number };
  if (given.delimiter === undefined) {
    const name = chosen.grammar.delimiter === 0x09 ? '\\t' : String.fromCharCode(chosen.grammar.delimiter);
    notes.push(`delimiter: '${name}' (${chosen.fields} fields in ${Math.round(chosen.score * 100)}% of the sampled lines)`);
  }
  if (given.comment === undefined && chosen.grammar.comment >= 0) notes.push('comment: # (lines starting with it are skipped)');
  if (given.quote === undefined && quote !== QUOTES[0]) notes.push(`quote: ${String.fromCharCode(quote)} (it opens fields, " never does)`);
  const grammar = chosen.grammar;
  const records = chosen.records.slice(chosen.preamble);
  let preambleLines = 0;
  if (chosen.preamble > 0) {
    preambleLines = countLines(sample, start, records[0].start);
    notes.push(`skipped ${preambleLines} preamble line${preambleLines === 1 ? '' : 's'} (fewer fields than the rows below)`);
  }
  if (grammar.trimSpaces) notes.push(`delimiter: '${String.fromCharCode(grammar.delimiter)} ' (the spaces after it trimmed)`);
  // Every line ends with a delimiter, or every line but a header one field short (`a,b,c` over `1,2,3,`).
  const [head, ...body] = records;
  const trailingDelimiter =
    body.length > 0 && body.every((r) => r.fields.length >= 2 && endsEmpty(r)) && (endsEmpty(head) || head.fields.length === body[0].fields.length - 1);
  if (trailingDelimiter) notes.push(`every ${endsEmpty(head) ? '' : 'data '}line ends with a delimiter: the empty last column is dropped`);
  const dataRecords = trailingDelimiter ? records.map((r) => (endsEmpty(r) ? { ...r, fields: r.fields.slice(0, -1), quoted: r.quoted.slice(0, -1) } : r)) : records;
  let header = given.header;
  if (header === undefined) {
    const verdict = hasHeader(dataRecords);
    header = verdict.header;
    notes.push(`header: ${verdict.reason}`);
  }
  return { ...grammar, header, preambleLines, trailingDelimiter, lineEnding: lineEndingOf(sample, start), notes };
}

/**
 * `'` only when it opens fields (at a line start or after a delimiter) and `"` never does: an apostrophe
 * inside text is common, a field-opening double quote means double quotes are the quote character.
 */
function sniffQuote(sample: Uint8Array, start: number, delimiters: readonly number[]): number {
  const opens = [0, 0];
  for (let i = start; i < sample.length; i++) {
    const c = sample[i];
    const q = QUOTES.indexOf(c);
    if (q < 0) continue;
    // Spaces between a delimiter and the quote (`a, "b"`) do not count.
    let j = i - 1;
    while (j >= start && sample[j] === 0x20) j--;
    const before = j < start ? 0x0a : sample[j];
    if (before === 0x0a || before === 0x0d || delimiters.includes(before)) opens[q]++;
  }
  return opens[1] > 0 && opens[0] === 0 ? QUOTES[1] : QUOTES[0];
}

/**
 * Whether quotes inside quoted fields are escaped with a backslash (`"say \"hi\""`, MySQL and many exporters)
 * rather than doubled: some `\"` is followed by a byte that can follow neither a closing quote nor start a doubled
 * one (`\""` is a backslash and an escaped quote in a file that doubles quotes).
 */
function backslashEscapes(sample: Uint8Array, start: number, quote: number): boolean {
  for (let i = sample.indexOf(BACKSLASH, start); i >= 0 && i + 2 < sample.length; i = sample.indexOf(BACKSLASH, i + 1)) {
    if (sample[i + 1] !== quote) continue;
    const after = sample[i + 2];
    if (!DELIMITERS.includes(after) && after !== 0x0a && after !== 0x0d && after !== quote) return true;
  }
  return false;
}

/**
 * How consistently a delimiter splits the records: the most common field count (ties: more fields), the leading
 * records with fewer fields than that (a preamble, at most MAX_PREAMBLE), and the share of the rest with that count
 * (0 when it is 1: nothing was split).
 */
function consistency(records: SplitRecord[], preambles = true): { score: number; fields: number; preamble: number } {
  if (records.length === 0) return { score: 0, fields: 0, preamble: 0 };
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
  let fields = 0;
  let most = 0;
  for (const [n, c] of counts) if (c > most || (c === most && n > fields)) [fields, most] = [n, c];
  // Rows that end with a delimiter under a header that does not (`a,b,c` over `1,2,3,`): the header is one short,
  // and no preamble.
  const trailing = records.every((r) => r.fields.length !== fields || endsEmpty(r));
  const short = fields - (trailing ? 1 : 0);
  let preamble = 0;
  while (preamble < records.length && preamble < MAX_PREAMBLE && records[preamble].fields.length < short) preamble++;
  // Nothing but short records: no preamble, and the first record's count decides, as without one.
  if (preamble === records.length || preamble === MAX_PREAMBLE || !preambles) preamble = 0;
  if (preamble === 0) fields = records[0].fields.length;
  if (fields <= 1) return { score: 0, fields, preamble: 0 };
  const rest = records.slice(preamble);
  const same = rest.filter((r) => r.fields.length === fields).length;
  return { score: same / rest.length, fields, preamble };
}

/** The record's last field is empty and unquoted: a delimiter ends its line. */
function endsEmpty(r: SplitRecord): boolean {
  return r.fields.length >= 2 && r.fields[r.fields.length - 1] === '' && !r.quoted[r.fields.length - 1];
}

/** Two or more records, split with spaces after delimiters trimmed, in which every field after the first had them: `a, b, c`. */
function spacesAfterDelimiters(records: SplitRecord[]): boolean {
  if (records.length < 2) return false;
  // An empty last field (a delimiter ending the line) has no space to trim.
  const spaced = (r: SplitRecord) => r.fields.length - 1 - (r.fields[r.fields.length - 1] === '' && !r.quoted[r.fields.length - 1] ? 1 : 0);
  return records.every((r) => r.fields.length >= 2 && r.trimmed === spaced(r) && spaced(r) > 0);
}

function lineEndingOf(bytes: Uint8Array, from: number): '\n' | '\r\n' | '\r' | null {
  for (let i = from; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) return '\n';
    if (bytes[i] === 0x0d) return bytes[i + 1] === 0x0a ? '\r\n' : '\r';
  }
  return null;
}

/** Whether some line of the sample starts with `byte`. */
function startsALine(sample: Uint8Array, start: number, byte: number): boolean {
  for (let i = sample.indexOf(byte, start); i >= 0; i = sample.indexOf(byte, i + 1)) {
    if (i === start || sample[i - 1] === 0x0a || sample[i - 1] === 0x0d) return true;
  }
  return false;
}

/** Whether `byte` follows `after` anywhere in the sample. */
function hasByteAfter(sample: Uint8Array, start: number, after: number, byte: number): boolean {
  for (let i = sample.indexOf(after, start); i >= 0 && i + 1 < sample.length; i = sample.indexOf(after, i + 1)) if (sample[i + 1] === byte) return true;
  return false;
}

function countLines(bytes: Uint8Array, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) lines++;
  }
  return lines;
}

type Shape = 'number' | 'bool' | 'empty' | 'text';

function shapeOf(value: string): Shape {
  const v = value.trim();
  if (v === '') return 'empty';
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || /^[+-]?(nan|inf|infinity)$/i.test(v)) return 'number';
  if (/^(true|false)$/i.test(v)) return 'bool';
  return 'text';
}

function hasHeader(records: SplitRecord[]): { header: boolean; reason: string } {
  if (records.length === 0) return { header: true, reason: 'yes (no rows to compare with)' };
  const [first, ...rest] = records;
  // A first row with a number in it is data: column names are not numbers.
  const numeric = first.fields.findIndex((f, i) => !first.quoted[i] && shapeOf(f) === 'number');
  if (numeric >= 0) return { header: false, reason: `none (the first row has a number, '${first.fields[numeric]}', like data)` };
  if (rest.length === 0) return { header: true, reason: 'yes (one row of text)' };
  let votes = 0;
  for (let col = 0; col < first.fields.length; col++) {
    const below = rest.map((r) => r.fields[col]).filter((v): v is string => v !== undefined && v !== '');
    if (below.length === 0) continue;
    const shapes = new Set(below.map(shapeOf));
    const head = shapeOf(first.fields[col]);
    if (shapes.size === 1 && !shapes.has('text')) {
      votes += head === [...shapes][0] ? -1 : 1;
      continue;
    }
    const lengths = new Set(below.map((v) => v.length));
    const name = first.fields[col];
    if (lengths.size === 1 && !lengths.has(name.length)) votes++;
    else if (below.includes(name)) votes--;
    // Repeated values below (a category) that never repeat the first value: that one is a name.
    else if (new Set(below).size < below.length) votes++;
  }
  // No evidence either way: most CSV files have a header.
  if (votes > 0) return { header: true, reason: 'yes (the first row is unlike the rows below)' };
  if (votes === 0) return { header: true, reason: 'yes (no evidence either way; most files have one)' };
  return { header: false, reason: 'none (the first row looks like the rows below)' };
}
