import type { ScalarFunction } from '../scalar-function.js';
import { literalInt, textArg } from './text-args.js';
import { codePointCount, nextCodePoint } from './text-bytes.js';
import { entryKey, intLiteral, transformText } from './text-kernels.js';
import type { Utf8Writer } from './utf8-writer.js';

/**
 * substr(s, start[, length]): `length` characters (code points) from the 1-based `start`, to the end without a
 * length. DuckDB's rules for the edges: a negative start counts from the end (-1 is the last character); start 0
 * stands one character before the first, so it takes one character fewer; a negative length takes the characters
 * before start instead. A categorical column stays categorical.
 */
export const SUBSTR: ScalarFunction = {
  name: 'substr',
  aliases: ['substring'],
  arity: [2, 3],
  literalArgs: [1, 2],
  type: (args) => {
    const dtype = textArg('substr', args);
    literalInt('substr', args, 1, 'start');
    if (args.length > 2) literalInt('substr', args, 2, 'length');
    return dtype;
  },
  kernel: (args, n) => {
    const start = intLiteral(args[1]);
    const length = args.length > 2 ? intLiteral(args[2]) : Number.MAX_SAFE_INTEGER;
    const row = (b: Uint8Array, s: number, e: number, out: Utf8Writer): void => {
      if (!charRange(start, length, start < 0 || length < 0 ? codePointCount(b, s, e) : Number.MAX_SAFE_INTEGER)) return;
      const from = advance(b, s, e, RANGE[0]);
      out.copy(b, from, advance(b, from, e, RANGE[1]));
    };
    return transformText(args[0], n, entryKey('substr', start, length), row);
  },
};

/** The range `charRange` found: first character and count (module scratch, so no object per row). */
const RANGE = new Float64Array(2);

/**
 * The characters to take into RANGE, as DuckDB's SubstringStartEnd computes them, for a string of `size`
 * characters (`size` may be a large stand-in when neither argument is negative: clamping then happens while
 * walking the bytes); false for an empty result.
 */
function charRange(offset: number, length: number, size: number): boolean {
  if (length === 0) return false;
  let first: number;
  if (offset > 0) first = Math.min(size, offset - 1);
  else if (offset < 0) first = Math.max(size + offset, 0);
  else {
    first = 0;
    if (--length <= 0) return false;
  }
  let end: number;
  if (length > 0) end = Math.min(size, first + length);
  else {
    end = first;
    first = Math.max(0, first + length);
  }
  RANGE[0] = first;
  RANGE[1] = end - first;
  return end > first;
}

/** The byte position `k` characters after `i` (at most `e`). */
function advance(b: Uint8Array, i: number, e: number, k: number): number {
  for (; k > 0 && i < e; k--) i = nextCodePoint(b, i, e);
  return i;
}
