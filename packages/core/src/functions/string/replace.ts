import { utf8Encoder } from '../../utf8.js';
import type { ScalarFunction } from '../scalar-function.js';
import { literalText, textArg } from './text-args.js';
import { indexOfBytes } from './text-bytes.js';
import { entryKey, textLiteral, transformText } from './text-kernels.js';
import type { Utf8Writer } from './utf8-writer.js';

/**
 * replace(s, from, to): every occurrence of the literal `from` replaced by `to`, left to right without overlap,
 * on the bytes; an empty `from` leaves s as it is (DuckDB). A categorical column stays categorical.
 */
export const REPLACE: ScalarFunction = {
  name: 'replace',
  arity: [3, 3],
  literalArgs: [1, 2],
  type: (args) => {
    const dtype = textArg('replace', args);
    literalText('replace', args, 1, 'search string');
    literalText('replace', args, 2, 'replacement');
    return dtype;
  },
  kernel: (args, n) => {
    const fromText = textLiteral(args[1]);
    const toText = textLiteral(args[2]);
    const from = utf8Encoder.encode(fromText);
    const to = utf8Encoder.encode(toText);
    const row = (b: Uint8Array, s: number, e: number, out: Utf8Writer): void => {
      if (from.length > 0) {
        for (let at = indexOfBytes(b, s, e, from); at >= 0; at = indexOfBytes(b, s, e, from)) {
          out.copy(b, s, at);
          out.copy(to, 0, to.length);
          s = at + from.length;
        }
      }
      out.copy(b, s, e);
    };
    return transformText(args[0], n, entryKey('replace', fromText, toText), row);
  },
};
