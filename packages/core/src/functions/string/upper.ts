import type { ScalarFunction } from '../scalar-function.js';
import { changeCase } from './change-case.js';
import { textArg } from './text-args.js';

/** upper(s): upper case; a categorical column stays categorical. */
export const UPPER: ScalarFunction = {
  name: 'upper',
  aliases: ['ucase'],
  arity: [1, 1],
  type: (args) => textArg('upper', args),
  kernel: (args, n) => changeCase(args[0], n, true),
};
