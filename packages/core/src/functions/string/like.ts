import type { ScalarFunction } from '../scalar-function.js';
import { compileLike } from './like-pattern.js';
import { literalText, textArg } from './text-args.js';
import { entryKey, testText, textLiteral } from './text-kernels.js';

/** like(s, pattern): SQL LIKE, case-sensitive (`%` any run of characters, `_` one character, no escape). */
export const LIKE: ScalarFunction = {
  name: 'like',
  arity: [2, 2],
  literalArgs: [1],
  type: (args) => {
    textArg('like', args);
    literalText('like', args, 1, 'pattern');
    return 'bool';
  },
  kernel: (args, n) => {
    const pattern = textLiteral(args[1]);
    return testText(args[0], n, entryKey('like', pattern), compileLike(pattern, false));
  },
};
