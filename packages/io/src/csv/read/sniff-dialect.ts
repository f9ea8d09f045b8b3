import { type SplitRecord, splitRecords } from './split-records.js';

export interface CsvDialect {
  delimiter: number;
  quote: number;
  header: boolean;
}

const DELIMITERS = [0x2c, 0x3b, 0x09, 0x7c]; // , ; \t |
const QUOTES = [0x22, 0x27]; // " '
const SNIFF_RECORDS = 64;
const SNIFF_BYTES = 256 << 10;

/**
 * Guesses what was not given: the quote (see `sniffQuote`), the delimiter that splits the first records into
 * the most consistent field count (ties: more fields, then `,` `;` `\t` `|`), and whether the first record is a
 * header (votes in the spirit of Python's `csv.Sniffer.has_header`: a column typed below but not in the first
 * row, a first-row value unlike the lengths below or absent from a repetitive column; a number in the first
 * row means no header; no evidence means a header).
 */
export function sniffDialect(bytes: Uint8Array, start: number, given: { delimiter?: number; quote?: number; header?: boolean }, complete: boolean): CsvDialect {
  const end = Math.min(bytes.length, start + SNIFF_BYTES);
  const sample = bytes.subarray(0, end);
  const sampleComplete = complete && end === bytes.length;
  const delimiters = given.delimiter === undefined ? DELIMITERS : [given.delimiter];
  const quote = given.quote ?? sniffQuote(sample, start, delimiters);
  let best: { delimiter: number; records: SplitRecord[]; score: number; fields: number } | undefined;
  for (const delimiter of delimiters) {
    const records = splitRecords(sample, start, delimiter, quote, SNIFF_RECORDS, sampleComplete);
    const { score, fields } = consistency(records);
    if (best === undefined || score > best.score || (score === best.score && fields > best.fields)) {
      best = { delimiter, records, score, fields };
    }
  }
  const chosen = best as { delimiter: number; records: SplitRecord[] };
  const header = given.header ?? hasHeader(chosen.records);
  return { delimiter: chosen.delimiter, quote, header };
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
    const before = i === start ? 0x0a : sample[i - 1];
    if (before === 0x0a || before === 0x0d || delimiters.includes(before)) opens[q]++;
  }
  return opens[1] > 0 && opens[0] === 0 ? QUOTES[1] : QUOTES[0];
}

/** Share of records with the first record's field count (0 when that count is 1: nothing was split). */
function consistency(records: SplitRecord[]): { score: number; fields: number } {
  if (records.length === 0) return { score: 0, fields: 0 };
  const fields = records[0].fields.length;
  if (fields <= 1) return { score: 0, fields };
  const same = records.filter((r) => r.fields.length === fields).length;
  return { score: same / records.length, fields };
}

type Shape = 'number' | 'bool' | 'empty' | 'text';

function shapeOf(value: string): Shape {
  const v = value.trim();
  if (v === '') return 'empty';
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || /^[+-]?(nan|inf|infinity)$/i.test(v)) return 'number';
  if (/^(true|false)$/i.test(v)) return 'bool';
  return 'text';
}

function hasHeader(records: SplitRecord[]): boolean {
  if (records.length === 0) return true;
  const [first, ...rest] = records;
  // A first row with a number in it is data: column names are not numbers.
  if (first.fields.some((f, i) => !first.quoted[i] && shapeOf(f) === 'number')) return false;
  if (rest.length === 0) return true;
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
  return votes >= 0;
}
