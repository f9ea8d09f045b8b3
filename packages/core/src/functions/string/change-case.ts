import { type CategoricalColumn, Utf8Column } from '../../column.js';
import { utf8Decoder } from '../../utf8.js';
import type { Operand } from '../scalar-function.js';
import { isAscii } from './text-bytes.js';
import { entryKey, textOperand, transformText } from './text-kernels.js';
import type { Utf8Writer } from './utf8-writer.js';

/**
 * lower/upper: ASCII rows are mapped byte by byte; a row with other characters is decoded and mapped by JS's
 * full Unicode case mapping, as Polars (Rust's) does: `ß` upper-cases to `SS`, where DuckDB's per-character
 * mapping keeps `ß`. A utf8 column that is all ASCII (the common key column) is mapped in one pass over its byte
 * buffer and keeps its offsets.
 */
export function changeCase(op: Operand, n: number, upper: boolean): Utf8Column | CategoricalColumn {
  const c = textOperand(op, n);
  if (c instanceof Utf8Column && isAscii(c.data, 0, c.data.length)) {
    const src = c.data;
    const out = new Uint8Array(src.length);
    // Constant bounds per loop (not a shared `from`) keep the compare-and-flip branch cheap.
    if (upper) {
      for (let i = 0; i < src.length; i++) {
        const b = src[i];
        out[i] = b >= 0x61 && b <= 0x7a ? b & 0xdf : b;
      }
    } else {
      for (let i = 0; i < src.length; i++) {
        const b = src[i];
        out[i] = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
      }
    }
    return new Utf8Column(c.offsets, out);
  }
  return transformText(c, n, entryKey(upper ? 'upper' : 'lower'), upper ? upperRow : lowerRow);
}

function lowerRow(b: Uint8Array, s: number, e: number, out: Utf8Writer): void {
  if (!isAscii(b, s, e)) return out.string(utf8Decoder.decode(b.subarray(s, e)).toLowerCase());
  for (let i = s; i < e; i++) {
    const c = b[i];
    out.byte(c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
  }
}

function upperRow(b: Uint8Array, s: number, e: number, out: Utf8Writer): void {
  if (!isAscii(b, s, e)) return out.string(utf8Decoder.decode(b.subarray(s, e)).toUpperCase());
  for (let i = s; i < e; i++) {
    const c = b[i];
    out.byte(c >= 0x61 && c <= 0x7a ? c & 0xdf : c);
  }
}
