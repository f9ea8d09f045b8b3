import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn, Utf8Column } from './column.js';

/**
 * What a column would cost as a plain JS array, computed from V8's object layout on x64 as Node 20 ships
 * it (no pointer compression): 8-byte slots; an array of small integers or of all-double numbers keeps
 * them unboxed (8 bytes each); numbers mixed with nulls are boxed as 16-byte HeapNumbers; each string is
 * its own object (as a CSV parser or JSON.parse makes them): a 16-byte header plus its characters
 * (1 byte each if all are Latin-1, else 2), rounded up to 8 bytes; a 64-bit BigInt is 24 bytes (and
 * boxes the other numbers of its array, as nulls do); a date or timestamp is a `Date` object of 112 bytes.
 */
export const JS_ARRAY_COST_METHOD =
  'computed from V8 x64 object sizes (Node 20, no pointer compression): 8-byte array slots, 16-byte HeapNumber for numbers boxed by nulls, 16-byte header + chars rounded to 8 per string (one string per row), 24-byte BigInt, 112-byte Date';

const ARRAY_OVERHEAD = 32 + 16; // JSArray object + FixedArray header
const SLOT = 8;
const HEAP_NUMBER = 16;
const STRING_HEADER = 16;
const BIGINT_64 = 24;
/** A JSDate: object header, time value and its cached date fields (measured with `--expose-gc`). */
const DATE_OBJECT = 112;
const SMI_MIN = -(2 ** 31);
const SMI_MAX = 2 ** 31 - 1;

export function jsArrayBytes(chunks: readonly Column[]): number {
  let rows = 0;
  let nulls = 0;
  let boxedNumbers = 0;
  let extra = 0;
  let allSmi = true;
  let bigints = 0;
  for (const c of chunks) {
    rows += c.length;
    nulls += c.nullCount;
    if (c.dtype === 'date' || c.dtype === 'timestamp') {
      extra += (c.length - c.nullCount) * DATE_OBJECT;
    } else if (c instanceof NumberColumn) {
      for (let i = 0; i < c.length; i++) {
        if (!c.isValid(i)) continue;
        const v = c.values[i];
        if (!(Number.isInteger(v) && v >= SMI_MIN && v <= SMI_MAX) || Object.is(v, -0)) {
          allSmi = false;
          boxedNumbers++;
        }
      }
    } else if (c instanceof BigIntColumn) {
      const safe = BigInt(Number.MAX_SAFE_INTEGER);
      for (let i = 0; i < c.length; i++) {
        if (!c.isValid(i)) continue;
        const v = c.values[i];
        if (v > safe || v < -safe) {
          extra += BIGINT_64;
          bigints++;
        } else if (v < SMI_MIN || v > SMI_MAX) {
          allSmi = false;
          boxedNumbers++;
        }
      }
    } else if (c instanceof Utf8Column) {
      for (let i = 0; i < c.length; i++) if (c.isValid(i)) extra += stringBytes(c.data, c.offsets[i], c.offsets[i + 1]);
    } else if (c instanceof CategoricalColumn) {
      const perCode = new Map<number, number>();
      for (let i = 0; i < c.length; i++) {
        if (!c.isValid(i)) continue;
        const code = c.codes[i];
        let bytes = perCode.get(code);
        if (bytes === undefined) {
          const b = c.dictionary.bytesOf(code);
          bytes = stringBytes(b, 0, b.length);
          perCode.set(code, bytes);
        }
        extra += bytes;
      }
    } else if (c instanceof BoolColumn) {
      // true/false/null are shared oddballs: only the slot counts.
    }
  }
  // Unboxed doubles (numbers only) take 8 bytes in place, the same as a slot; next to nulls or BigInts
  // the array holds tagged values, and a number that is not a small integer becomes a HeapNumber.
  if (!allSmi && (nulls > 0 || bigints > 0)) extra += boxedNumbers * HEAP_NUMBER;
  return ARRAY_OVERHEAD + rows * SLOT + extra;
}

function stringBytes(utf8: Uint8Array, start: number, end: number): number {
  let units = 0;
  let twoByte = false;
  for (let i = start; i < end; i++) {
    const b = utf8[i];
    if ((b & 0xc0) === 0x80) continue;
    units += b >= 0xf0 ? 2 : 1;
    // A lead byte of 0xC4 or more starts a code point above U+00FF, which V8 stores two bytes per unit.
    if (b >= 0xc4) twoByte = true;
  }
  const chars = twoByte ? units * 2 : units;
  return STRING_HEADER + Math.ceil(chars / 8) * 8;
}
