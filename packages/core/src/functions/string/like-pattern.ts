import { utf8Decoder, utf8Encoder } from '../../utf8.js';
import { isAscii, nextCodePoint, previousCodePoint } from './text-bytes.js';
import type { BytePredicate } from './text-kernels.js';

/** Where a LIKE pattern has `_`: any one character. Other items are the pattern's UTF-8 bytes. */
const ANY = -1;

/**
 * A SQL LIKE pattern compiled to a byte matcher: `%` any run of characters, `_` one character (code point),
 * anything else itself; no escape character (DuckDB's LIKE without ESCAPE). The pattern splits at `%` into
 * segments: the first must match at the start, the last at the end, and each middle one is taken at its leftmost
 * match, which is optimal because a segment matches a fixed number of characters. `ignoreCase` (ILIKE) compares
 * `lower(s)` with `lower(pattern)`: ASCII rows fold their bytes as they are read, other rows are lowered whole.
 */
export function compileLike(pattern: string, ignoreCase: boolean): BytePredicate {
  const bytes = utf8Encoder.encode(ignoreCase ? pattern.toLowerCase() : pattern);
  const segments: Int16Array[] = [new Int16Array(0)];
  let current: number[] = [];
  for (const c of bytes) {
    if (c === 0x25) {
      segments[segments.length - 1] = Int16Array.from(current);
      segments.push(new Int16Array(0));
      current = [];
    } else current.push(c === 0x5f ? ANY : c);
  }
  segments[segments.length - 1] = Int16Array.from(current);
  const match = (b: Uint8Array, s: number, e: number, fold: boolean): boolean => matchSegments(segments, b, s, e, fold);
  if (!ignoreCase) return (b, s, e) => match(b, s, e, false);
  return (b, s, e) => {
    if (isAscii(b, s, e)) return match(b, s, e, true);
    const lowered = utf8Encoder.encode(utf8Decoder.decode(b.subarray(s, e)).toLowerCase());
    return match(lowered, 0, lowered.length, false);
  };
}

function matchSegments(segments: readonly Int16Array[], b: Uint8Array, s: number, e: number, fold: boolean): boolean {
  const first = segments[0];
  if (segments.length === 1) return matchForward(first, b, s, e, fold) === e;
  const p = matchForward(first, b, s, e, fold);
  if (p < 0) return false;
  const limit = matchBackward(segments[segments.length - 1], b, p, e, fold);
  if (limit < 0) return false;
  let at = p;
  for (let k = 1; k < segments.length - 1; k++) {
    const seg = segments[k];
    if (seg.length === 0) continue;
    let end = -1;
    for (let i = at; end < 0 && i < limit; i = nextCodePoint(b, i, limit)) end = matchForward(seg, b, i, limit, fold);
    if (end < 0) return false;
    at = end;
  }
  return true;
}

/** Where `seg` ends when matched from `i` (not past `e`), or -1. */
function matchForward(seg: Int16Array, b: Uint8Array, i: number, e: number, fold: boolean): number {
  for (let k = 0; k < seg.length; k++) {
    if (i >= e) return -1;
    const want = seg[k];
    if (want === ANY) i = nextCodePoint(b, i, e);
    else if ((fold ? lowerAscii(b[i]) : b[i]) !== want) return -1;
    else i++;
  }
  return i;
}

/** Where `seg` starts when matched so that it ends at `e` (not before `s`), or -1. */
function matchBackward(seg: Int16Array, b: Uint8Array, s: number, e: number, fold: boolean): number {
  let i = e;
  for (let k = seg.length - 1; k >= 0; k--) {
    if (i <= s) return -1;
    const want = seg[k];
    if (want === ANY) i = previousCodePoint(b, s, i);
    else if ((fold ? lowerAscii(b[i - 1]) : b[i - 1]) !== want) return -1;
    else i--;
  }
  return i;
}

function lowerAscii(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}
