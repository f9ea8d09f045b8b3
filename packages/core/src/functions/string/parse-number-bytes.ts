import { utf8Decoder } from '../../utf8.js';

/** Exact powers of ten: a mantissa below 2^53 times or over one of these is one correctly rounded operation. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_MANTISSA = 2 ** 53;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * Decimal text at [s, e) as a number, or null when it is not one: surrounding ASCII whitespace, a sign, digits
 * with an optional fraction (`1.`, `.5`), an optional exponent; also `inf`, `infinity` and `nan` in any case, as
 * DuckDB's cast to DOUBLE reads them. No hex, no thousands separators, no empty text (unlike JS `Number`).
 * Up to 15-16 significant digits and a small exponent are computed exactly here; longer text goes to `Number`,
 * which rounds correctly.
 */
export function parseNumberBytes(b: Uint8Array, s: number, e: number): number | null {
  while (s < e && isSpace(b[s])) s++;
  while (e > s && isSpace(b[e - 1])) e--;
  let p = s;
  let sign = 1;
  if (p < e && (b[p] === 0x2b || b[p] === 0x2d)) sign = b[p++] === 0x2d ? -1 : 1;
  if (p < e && (b[p] | 0x20) >= 0x61) return special(b, p, e, sign);
  let mantissa = 0;
  let exp10 = 0;
  let digits = 0;
  for (; p < e && isDigit(b[p]); p++, digits++) {
    mantissa = mantissa * 10 + (b[p] - 0x30);
  }
  if (p < e && b[p] === 0x2e) {
    for (p++; p < e && isDigit(b[p]); p++, digits++) {
      mantissa = mantissa * 10 + (b[p] - 0x30);
      exp10--;
    }
  }
  if (digits === 0) return null;
  const exact = mantissa < MAX_MANTISSA;
  if (p < e && (b[p] | 0x20) === 0x65) {
    p++;
    let expSign = 1;
    if (p < e && (b[p] === 0x2b || b[p] === 0x2d)) expSign = b[p++] === 0x2d ? -1 : 1;
    const start = p;
    let x = 0;
    for (; p < e && isDigit(b[p]); p++) x = Math.min(x * 10 + (b[p] - 0x30), 100_000);
    if (p === start) return null;
    exp10 += expSign * x;
  }
  if (p !== e) return null;
  if (exact && exp10 >= -22 && exp10 <= 22) return sign * (exp10 < 0 ? mantissa / POW10[-exp10] : mantissa * POW10[exp10]);
  return Number(utf8Decoder.decode(b.subarray(s, e)));
}

/** `inf`, `infinity` or `nan` (any case) at [p, e). */
function special(b: Uint8Array, p: number, e: number, sign: number): number | null {
  if (e - p > 8) return null;
  let word = '';
  for (let i = p; i < e; i++) word += String.fromCharCode(b[i] | 0x20);
  if (word === 'inf' || word === 'infinity') return sign * Infinity;
  return word === 'nan' ? NaN : null;
}
