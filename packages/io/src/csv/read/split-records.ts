import { utf8Decoder } from '@df-stream/core/internal';

export interface SplitRecord {
  fields: string[];
  /** Whether each field was quoted. */
  quoted: boolean[];
  /** Fields after the first whose leading spaces were trimmed (with `trimSpaces`). */
  trimmed: number;
  /** Byte position of the record's start and just past its terminator. */
  start: number;
  end: number;
}

/** The bytes that shape records: what the tokenizer is configured with. */
export interface CsvGrammar {
  readonly delimiter: number;
  readonly quote: number;
  /** The byte that escapes a quote inside quotes: the quote itself (`""`) or another one (`\"`). */
  readonly escape: number;
  /** A line starting with this byte is a comment; -1 for none. */
  readonly comment: number;
  /** Spaces after a delimiter are not part of the next field. */
  readonly trimSpaces: boolean;
}

/**
 * A small, allocation-happy CSV splitter for the first lines of a file (sniffing, the header): up to
 * `maxRecords` complete records from `start`, skipping empty and comment lines. It follows the tokenizer's
 * grammar; a record cut by the end of `bytes` (unless `complete`) or an unterminated quote ends the list.
 */
export function splitRecords(bytes: Uint8Array, start: number, grammar: CsvGrammar, maxRecords: number, complete: boolean): SplitRecord[] {
  const { delimiter, quote, escape: esc, comment, trimSpaces } = grammar;
  const records: SplitRecord[] = [];
  const n = bytes.length;
  let p = start;
  while (records.length < maxRecords && p < n) {
    const c0 = bytes[p];
    if (c0 === 0x0a || c0 === 0x0d) {
      p += c0 === 0x0d && bytes[p + 1] === 0x0a ? 2 : 1;
      continue;
    }
    if (c0 === comment) {
      while (p < n && bytes[p] !== 0x0a && bytes[p] !== 0x0d) p++;
      continue;
    }
    const recordStart = p;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let trimmed = 0;
    let ok = true;
    for (;;) {
      if (bytes[p] === quote) {
        const parts: Uint8Array[] = [];
        let q = p + 1;
        let from = q;
        for (;;) {
          if (q >= n) {
            ok = false;
            break;
          }
          if (esc !== quote && bytes[q] === esc && q + 1 < n) {
            parts.push(bytes.subarray(from, q));
            from = q + 1;
            q += 2;
            continue;
          }
          if (bytes[q] === quote) {
            if (esc === quote && q + 1 < n && bytes[q + 1] === quote) {
              parts.push(bytes.subarray(from, q + 1));
              q += 2;
              from = q;
              continue;
            }
            if (q + 1 >= n && !complete) ok = false;
            break;
          }
          q++;
        }
        if (!ok) break;
        parts.push(bytes.subarray(from, q));
        fields.push(parts.map((part) => utf8Decoder.decode(part)).join(''));
        quoted.push(true);
        p = q + 1;
      } else {
        let q = p;
        while (q < n && bytes[q] !== delimiter && bytes[q] !== 0x0a && bytes[q] !== 0x0d) q++;
        if (q >= n && !complete) {
          ok = false;
          break;
        }
        fields.push(utf8Decoder.decode(bytes.subarray(p, q)));
        quoted.push(false);
        p = q;
      }
      if (p < n && bytes[p] === delimiter) {
        p++;
        if (trimSpaces && bytes[p] === 0x20) {
          trimmed++;
          while (p < n && bytes[p] === 0x20) p++;
        }
        continue;
      }
      break;
    }
    if (!ok) break;
    if (p < n) {
      if (bytes[p] === 0x0d) {
        if (p + 1 >= n && !complete) break;
        p += bytes[p + 1] === 0x0a ? 2 : 1;
      } else if (bytes[p] === 0x0a) p++;
      else {
        // Text after a closing quote: not a record this grammar can read.
        break;
      }
    }
    records.push({ fields, quoted, trimmed, start: recordStart, end: p });
  }
  return records;
}
