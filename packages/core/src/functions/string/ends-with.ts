import { utf8Encoder } from '../../utf8.js';
import type { ScalarFunction } from '../scalar-function.js';
import { literalText, textArg } from './text-args.js';
import { bytesAt } from './text-bytes.js';
import { entryKey, testText, textLiteral } from './text-kernels.js';

/** ends_with(s, suffix): true if s ends with the literal (compared as bytes). */
export const ENDS_WITH: ScalarFunction = {
  name: 'ends_with',
  aliases: ['suffix'],
  arity: [2, 2],
  literalArgs: [1],
  type: (args) => {
    textArg('ends_with', args);
    literalText('ends_with', args, 1, 'suffix');
    return 'bool';
  },
  kernel: (args, n) => {
    const text = textLiteral(args[1]);
    const suffix = utf8Encoder.encode(text);
    return testText(args[0], n, entryKey('ends_with', text), (b, s, e) => e - s >= suffix.length && bytesAt(b, e - suffix.length, e, suffix));
  },
};
