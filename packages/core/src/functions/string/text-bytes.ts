/** Byte-level helpers for UTF-8 text: search, code points and whitespace, so kernels need no string per row. */

/** The first position >= `from` in [from, e) where `needle` starts, or -1. An empty needle is found at `from`. */
export function indexOfBytes(b: Uint8Array, from: number, e: number, needle: Uint8Array): number {
  const m = needle.length;
  if (m === 0) return from;
  const first = needle[0];
  const last = e - m;
  outer: for (let i = from; i <= last; i++) {
    if (b[i] !== first) continue;
    for (let k = 1; k < m; k++) if (b[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** True if `needle` occurs in `b` at `at` (and fits before `e`). */
export function bytesAt(b: Uint8Array, at: number, e: number, needle: Uint8Array): boolean {
  const m = needle.length;
  if (at < 0 || at + m > e) return false;
  for (let k = 0; k < m; k++) if (b[at + k] !== needle[k]) return false;
  return true;
}

/** True if the byte continues a multi-byte UTF-8 sequence (10xxxxxx). */
export function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/** Code points in [s, e): the bytes that start a character. */
export function codePointCount(b: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if ((b[i] & 0xc0) !== 0x80) n++;
  return n;
}

/** Where the character after the one starting at `i` starts. */
export function nextCodePoint(b: Uint8Array, i: number, e: number): number {
  i++;
  while (i < e && (b[i] & 0xc0) === 0x80) i++;
  return i;
}

/** Where the character before position `i` starts. */
export function previousCodePoint(b: Uint8Array, s: number, i: number): number {
  i--;
  while (i > s && (b[i] & 0xc0) === 0x80) i--;
  return i;
}

/** True if every byte of [s, e) is ASCII. */
export function isAscii(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] >= 0x80) return false;
  return true;
}

/**
 * Byte length of the whitespace character starting at `i`, or 0. Whitespace is what JS's `String.prototype.trim`
 * removes (ASCII tab, LF, VT, FF, CR, space; U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000, U+FEFF), matched on their UTF-8 bytes so that trim never decodes a row.
 */
export function whitespaceAt(b: Uint8Array, i: number, e: number): number {
  const c = b[i];
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return 1;
  if (c < 0xc2 || i + 1 >= e) return 0;
  const c1 = b[i + 1];
  if (c === 0xc2) return c1 === 0xa0 ? 2 : 0;
  if (i + 2 >= e) return 0;
  return isWide(c, c1, b[i + 2]) ? 3 : 0;
}

/** Byte length of the whitespace character ending just before `e` (and starting at or after `s`), or 0. */
export function whitespaceBefore(b: Uint8Array, s: number, e: number): number {
  const c = b[e - 1];
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return 1;
  if (c < 0x80) return 0;
  if (e - 2 >= s && b[e - 2] === 0xc2 && c === 0xa0) return 2;
  return e - 3 >= s && isWide(b[e - 3], b[e - 2], c) ? 3 : 0;
}

/** The three-byte whitespace characters. */
function isWide(c0: number, c1: number, c2: number): boolean {
  if (c0 === 0xe2) {
    if (c1 === 0x80) return c2 <= 0x8a ? c2 >= 0x80 : c2 === 0xa8 || c2 === 0xa9 || c2 === 0xaf;
    return c1 === 0x81 && c2 === 0x9f;
  }
  if (c0 === 0xe1) return c1 === 0x9a && c2 === 0x80;
  if (c0 === 0xe3) return c1 === 0x80 && c2 === 0x80;
  return c0 === 0xef && c1 === 0xbb && c2 === 0xbf;
}
