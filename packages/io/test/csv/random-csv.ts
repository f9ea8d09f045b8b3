import { SeededRandom } from '@df-stream/test-utils';

/**
 * Seeded random CSV text for the differential and chunking tests: random quoting, delimiters, line ends,
 * quoted newlines, `""` escapes, multi-byte UTF-8, empty fields, BOM, and a last line with or without a
 * line end. The same seed gives the same text everywhere.
 */

export interface RandomCsv {
  text: string;
  delimiter: string;
  lineEnd: string;
  rows: string[][];
}

const PLAIN = 'abcxyzABCXYZ0123456789 _-.:/';
const UNICODE = ['é', 'ß', 'ʤ', '日本', '€', '😀', 'Ω', '\u00a0'];
const DELIMITERS = [',', ';', '\t', '|'];
const LINE_ENDS = ['\n', '\r\n', '\r'];

/** Random text fields (every value a string), quoted when needed and sometimes when not. */
export function randomCsv(seed: number, options: { rows?: number; columns?: number; delimiter?: string } = {}): RandomCsv {
  const rng = new SeededRandom(seed);
  const delimiter = options.delimiter ?? rng.pick(DELIMITERS);
  const lineEnd = rng.pick(LINE_ENDS);
  const numColumns = options.columns ?? 1 + rng.int(6);
  const numRows = options.rows ?? 1 + rng.int(60);
  const quoteAll = rng.chance(0.1);
  const rows: string[][] = [];
  for (let r = 0; r < numRows; r++) {
    const row: string[] = [];
    for (let c = 0; c < numColumns; c++) row.push(randomField(rng, delimiter));
    // A one-column row with an empty field would be an empty line, which readers skip.
    if (numColumns === 1 && row[0] === '') row[0] = 'x';
    rows.push(row);
  }
  const lines = rows.map((row) => row.map((f) => quoteField(f, delimiter, quoteAll || rng.chance(0.15))).join(delimiter));
  const bom = rng.chance(0.1) ? '\ufeff' : '';
  const last = rng.chance(0.7) ? lineEnd : '';
  return { text: bom + lines.join(lineEnd) + last, delimiter, lineEnd, rows };
}

function randomField(rng: SeededRandom, delimiter: string): string {
  if (rng.chance(0.1)) return '';
  const length = rng.chance(0.05) ? 50 + rng.int(300) : rng.int(12);
  let out = '';
  for (let i = 0; i < length; i++) {
    const roll = rng.next();
    if (roll < 0.7) out += PLAIN[rng.int(PLAIN.length)];
    else if (roll < 0.82) out += rng.pick(UNICODE);
    else if (roll < 0.88) out += delimiter;
    else if (roll < 0.93) out += '"';
    else out += rng.pick(LINE_ENDS);
  }
  return out;
}

function quoteField(field: string, delimiter: string, always: boolean): string {
  const needs = field.includes(delimiter) || field.includes('"') || field.includes('\n') || field.includes('\r');
  return needs || always ? `"${field.replace(/"/g, '""')}"` : field;
}
