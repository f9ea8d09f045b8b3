import { utf8Encoder } from '../../utf8.js';
import type { ScalarFunction } from '../scalar-function.js';
import { literalText, textArg } from './text-args.js';
import { bytesAt } from './text-bytes.js';
import { entryKey, testText, textLiteral } from './text-kernels.js';

/** starts_with(s, prefix): true if s begins with the literal (compared as bytes). */
export const STARTS_WITH: ScalarFunction = {
  name: 'starts_with',
  aliases: ['prefix'],
  arity: [2, 2],
  literalArgs: [1],
  type: (args) => {
    textArg('starts_with', args);
    literalText('starts_with', args, 1, 'prefix');
    return 'bool';
  },
  kernel: (args, n) => {
    const text = textLiteral(args[1]);
    const prefix = utf8Encoder.encode(text);
    return testText(args[0], n, entryKey('starts_with', text), (b, s, e) => bytesAt(b, s, e, prefix));
  },
};
