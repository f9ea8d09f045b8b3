import { utf8Encoder } from '../../utf8.js';
import type { ScalarFunction } from '../scalar-function.js';
import { literalText, textArg } from './text-args.js';
import { indexOfBytes } from './text-bytes.js';
import { entryKey, testText, textLiteral } from './text-kernels.js';

/** contains(s, substring): true if the literal occurs in s (a byte search; '' is in every string). */
export const CONTAINS: ScalarFunction = {
  name: 'contains',
  arity: [2, 2],
  literalArgs: [1],
  type: (args) => {
    textArg('contains', args);
    literalText('contains', args, 1, 'substring');
    return 'bool';
  },
  kernel: (args, n) => {
    const text = textLiteral(args[1]);
    const needle = utf8Encoder.encode(text);
    return testText(args[0], n, entryKey('contains', text), (b, s, e) => indexOfBytes(b, s, e, needle) >= 0);
  },
};
