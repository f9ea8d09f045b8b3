import type { ScalarFunction } from '../scalar-function.js';
import { changeCase } from './change-case.js';
import { textArg } from './text-args.js';

/** lower(s): lower case; a categorical column stays categorical. */
export const LOWER: ScalarFunction = {
  name: 'lower',
  aliases: ['lcase'],
  arity: [1, 1],
  type: (args) => textArg('lower', args),
  kernel: (args, n) => changeCase(args[0], n, false),
};
