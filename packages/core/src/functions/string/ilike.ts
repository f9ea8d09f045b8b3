import type { ScalarFunction } from '../scalar-function.js';
import { compileLike } from './like-pattern.js';
import { literalText, textArg } from './text-args.js';
import { entryKey, testText, textLiteral } from './text-kernels.js';

/** ilike(s, pattern): LIKE ignoring case, as `lower(s) LIKE lower(pattern)`. */
export const ILIKE: ScalarFunction = {
  name: 'ilike',
  arity: [2, 2],
  literalArgs: [1],
  type: (args) => {
    textArg('ilike', args);
    literalText('ilike', args, 1, 'pattern');
    return 'bool';
  },
  kernel: (args, n) => {
    const pattern = textLiteral(args[1]);
    return testText(args[0], n, entryKey('ilike', pattern), compileLike(pattern, true));
  },
};
