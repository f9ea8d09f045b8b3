import { utf8Decoder } from '@df-stream/core/internal';

export interface SplitRecord {
  fields: string[];
  /** Whether each field was quoted. */
  quoted: boolean[];
  /** Byte position of the record's start and just past its terminator. */
  start: number;
  end: number;
}

/**
 * A small, allocation-happy CSV splitter for the first lines of a file (sniffing, the header): up to
 * `maxRecords` complete records from `start`, skipping empty lines. It follows the tokenizer's grammar; a
 * record cut by the end of `bytes` (unless `complete`) or an unterminated quote ends the list.
 */
export function splitRecords(bytes: Uint8Array, start: number, delimiter: number, quote: number, maxRecords: number, complete: boolean): SplitRecord[] {
  const records: SplitRecord[] = [];
  const n = bytes.length;
  let p = start;
  while (records.length < maxRecords && p < n) {
    const c0 = bytes[p];
    if (c0 === 0x0a || c0 === 0x0d) {
      p += c0 === 0x0d && bytes[p + 1] === 0x0a ? 2 : 1;
      continue;
    }
    const recordStart = p;
    const fields: string[] = [];
    const quoted: boolean[] = [];
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
          if (bytes[q] === quote) {
            if (q + 1 < n && bytes[q + 1] === quote) {
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
    records.push({ fields, quoted, start: recordStart, end: p });
  }
  return records;
}
