import { utf8Encoder } from '../../utf8.js';
import type { ScalarFunction } from '../scalar-function.js';
import { literalInt, literalText, textArg } from './text-args.js';
import { codePointCount, indexOfBytes, nextCodePoint } from './text-bytes.js';
import { entryKey, intLiteral, textLiteral, transformText } from './text-kernels.js';
import type { Utf8Writer } from './utf8-writer.js';

/**
 * split_part(s, separator, index): the index-th field (1-based; negative counts from the end) of s split at the
 * separator, '' when there is no such field or the index is 0 (DuckDB's `coalesce(string_split(s, sep)[i], '')`).
 * An empty separator splits into characters. A categorical column stays categorical.
 */
export const SPLIT_PART: ScalarFunction = {
  name: 'split_part',
  arity: [3, 3],
  literalArgs: [1, 2],
  type: (args) => {
    const dtype = textArg('split_part', args);
    literalText('split_part', args, 1, 'separator');
    literalInt('split_part', args, 2, 'index');
    return dtype;
  },
  kernel: (args, n) => {
    const sepText = textLiteral(args[1]);
    const index = intLiteral(args[2]);
    const sep = utf8Encoder.encode(sepText);
    const row = (b: Uint8Array, s: number, e: number, out: Utf8Writer): void => {
      if (sep.length === 0) return charField(b, s, e, index, out);
      let k = index;
      if (k < 0) k += fieldCount(b, s, e, sep) + 1;
      if (k < 1) return;
      let from = s;
      for (; k > 1; k--) {
        const at = indexOfBytes(b, from, e, sep);
        if (at < 0) return;
        from = at + sep.length;
      }
      const end = indexOfBytes(b, from, e, sep);
      out.copy(b, from, end < 0 ? e : end);
    };
    return transformText(args[0], n, entryKey('split_part', sepText, index), row);
  },
};

/** Fields of [s, e) split at `sep`: one more than its non-overlapping occurrences. */
function fieldCount(b: Uint8Array, s: number, e: number, sep: Uint8Array): number {
  let count = 1;
  for (let at = indexOfBytes(b, s, e, sep); at >= 0; at = indexOfBytes(b, at + sep.length, e, sep)) count++;
  return count;
}

/** The index-th character of [s, e) (the fields of an empty separator). */
function charField(b: Uint8Array, s: number, e: number, index: number, out: Utf8Writer): void {
  let k = index < 0 ? index + codePointCount(b, s, e) : index - 1;
  if (k < 0) return;
  let i = s;
  for (; k > 0 && i < e; k--) i = nextCodePoint(b, i, e);
  if (i < e) out.copy(b, i, nextCodePoint(b, i, e));
}
