/**
 * Number and boolean parsing straight from bytes, shared by schema inference and the column parsers so both
 * agree on what is an integer, a float or neither.
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Exact powers of ten: with at most 15 significant digits, m * 10^k or m / 10^k is correctly rounded. */
const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Result of `parseInteger` when the text is an integer beyond int64: such a column stays text unless a dtype says otherwise. */
export const INT_OVERFLOW = 'overflow';

/**
 * The integer in bytes [s, e): a number when it is a safe integer, a bigint when it needs int64, `INT_OVERFLOW`
 * beyond int64, or undefined when the text is not an optionally signed run of ASCII digits.
 */
export function parseInteger(buf: Uint8Array, s: number, e: number): number | bigint | typeof INT_OVERFLOW | undefined {
  let i = s;
  let neg = false;
  const first = buf[i];
  if (first === 0x2d || first === 0x2b) {
    neg = first === 0x2d;
    i++;
  }
  if (i >= e) return undefined;
  const digitsStart = i;
  let v = 0;
  for (; i < e; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  if (e - digitsStart <= 15) return neg ? -v : v;
  const big = BigInt(asciiString(buf, digitsStart, e));
  const signed = neg ? -big : big;
  if (signed < INT64_MIN || signed > INT64_MAX) return INT_OVERFLOW;
  if (signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(signed);
  return signed;
}

/**
 * The float in bytes [s, e), or NaN when the text is not a float: `[+-]digits[.digits][e[+-]digits]`,
 * `.5`, `5.`, and `nan`/`inf`/`infinity` in any case. (A NaN result from `nan` text is told apart with
 * `isNanText`.) Most values take Clinger's exact fast path; long mantissas and big exponents go through
 * `Number()`, which rounds correctly.
 */
export function parseFloatBytes(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  let c = buf[i];
  if (c === 0x2d || c === 0x2b) {
    neg = c === 0x2d;
    i++;
  }
  if (i >= e) return NaN;
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  for (; i < e; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
    digits++;
  }
  if (i < e && buf[i] === 0x2e) {
    for (i++; i < e; i++) {
      const d = buf[i] - 0x30;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
      fraction++;
    }
  }
  if (digits === 0) return parseSpecial(buf, s, e);
  let exponent = 0;
  if (i < e) {
    c = buf[i];
    if (c !== 0x65 && c !== 0x45) return NaN;
    i++;
    let expNeg = false;
    c = buf[i];
    if (i < e && (c === 0x2d || c === 0x2b)) {
      expNeg = c === 0x2d;
      i++;
    }
    if (i >= e) return NaN;
    for (; i < e; i++) {
      const d = buf[i] - 0x30;
      if (d < 0 || d > 9) return NaN;
      if (exponent < 100_000) exponent = exponent * 10 + d;
    }
    if (expNeg) exponent = -exponent;
  }
  const scale = exponent - fraction;
  if (digits <= 15 && scale >= -22 && scale <= 22) {
    const v = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    return neg ? -v : v;
  }
  return Number(asciiString(buf, s, e));
}

/**
 * The column parsers' fast path: the value of `[-]digits[.digits]` with at most 15 digits in bytes [s, e)
 * (Clinger's exact case, the same value `parseFloatBytes` gives), or NaN for any other text, which then takes
 * the general path. `[-]d.d` and `[-]dd.d` (temperatures, prices) are fused: no digit loop. Three small
 * functions, not one: V8 inlines a function of up to 460 bytes of bytecode into a hot loop, and one of 527
 * bytes cost a call per field (0.1 s of db-benchmark's 1e7-row file).
 */
export function parsePlainDecimal(buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len >= 3 && len <= 5 && buf[e - 2] === 0x2e) {
    const v = parseShortDecimal(buf, s, e, len);
    if (v === v) return v;
  }
  return len > 0 && len <= 16 ? parseExactDecimal(buf, s, e) : NaN;
}

/** `[-]d.d` or `[-]dd.d` in bytes [s, e) of length `len` (3..5, a dot before the last digit), else NaN. */
function parseShortDecimal(buf: Uint8Array, s: number, e: number, len: number): number {
  const neg = buf[s] === 0x2d;
  const intDigits = len - 2 - (neg ? 1 : 0);
  const d0 = buf[e - 1] - 0x30;
  const d1 = buf[e - 3] - 0x30;
  if (intDigits === 1) {
    if (d0 >>> 0 <= 9 && d1 >>> 0 <= 9) {
      const v = (d1 * 10 + d0) / 10;
      return neg ? -v : v;
    }
  } else if (intDigits === 2) {
    const d2 = buf[e - 4] - 0x30;
    if (d0 >>> 0 <= 9 && d1 >>> 0 <= 9 && d2 >>> 0 <= 9) {
      const v = (d2 * 100 + d1 * 10 + d0) / 10;
      return neg ? -v : v;
    }
  }
  return NaN;
}

/** `[-]digits[.digits]` with 1..15 digits in bytes [s, e): Clinger's exact case, m / 10^k; else NaN. */
function parseExactDecimal(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  const neg = buf[i] === 0x2d;
  if (neg) i++;
  let m = 0;
  let digits = 0;
  let fraction = 0;
  for (; i < e; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    digits++;
  }
  if (i < e && buf[i] === 0x2e) {
    const dot = i;
    for (i++; i < e; i++) {
      const d = buf[i] - 0x30;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
    }
    fraction = i - dot - 1;
    digits += fraction;
  }
  if (i !== e || digits === 0 || digits > 15) return NaN;
  // A digit string with a leading zero (`007`) is text to the reader: the general path says so.
  if (fraction === 0 && buf[s] === 0x30 && e - s > 1) return NaN;
  const v = fraction === 0 ? m : m / POW10[fraction];
  return neg ? -v : v;
}

/** nan, inf, infinity in any case, with an optional sign. */
function parseSpecial(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (buf[i] === 0x2d || buf[i] === 0x2b) {
    neg = buf[i] === 0x2d;
    i++;
  }
  const n = e - i;
  if (n === 3 && lowerEquals(buf, i, 'inf')) return neg ? -Infinity : Infinity;
  if (n === 8 && lowerEquals(buf, i, 'infinity')) return neg ? -Infinity : Infinity;
  return NaN;
}

/** True for a run of digits with a leading zero (`007`, `00501`; not `0`, `0.5` or `-07`): an id or a code, not a number. */
export function hasLeadingZero(buf: Uint8Array, s: number, e: number): boolean {
  if (e - s < 2 || buf[s] !== 0x30) return false;
  for (let i = s + 1; i < e; i++) if (buf[i] < 0x30 || buf[i] > 0x39) return false;
  return true;
}

/** More significant digits than a float64 keeps (17): as a number the text would not read back as written. */
export function tooManyDigits(buf: Uint8Array, s: number, e: number): boolean {
  let digits = 0;
  let leading = true;
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c === 0x65 || c === 0x45) break;
    if (c < 0x30 || c > 0x39) continue;
    if (leading && c === 0x30) continue;
    leading = false;
    digits++;
  }
  return digits > 17;
}

/** True for nan/NaN/NAN (optionally signed): the one text that parses to NaN on purpose. */
export function isNanText(buf: Uint8Array, s: number, e: number): boolean {
  let i = s;
  if (buf[i] === 0x2d || buf[i] === 0x2b) i++;
  return e - i === 3 && lowerEquals(buf, i, 'nan');
}

/** 1 for true, 0 for false (any case), -1 otherwise. */
export function parseBool(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n === 4 && lowerEquals(buf, s, 'true')) return 1;
  if (n === 5 && lowerEquals(buf, s, 'false')) return 0;
  return -1;
}

function lowerEquals(buf: Uint8Array, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((buf[at + k] | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

/** Bytes known to be ASCII as a string (short numeric text only). */
export function asciiString(buf: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(buf[i]);
  return out;
}
