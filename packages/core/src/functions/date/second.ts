import type { ScalarFunction } from '../scalar-function.js';
import { clockPart } from './clock-part.js';
import { temporalArg } from './temporal-operand.js';

/** second(t): the whole second, 0-59 (int8), of a timestamp (UTC); 0 for a date. */
export const SECOND: ScalarFunction = {
  name: 'second',
  arity: [1, 1],
  type: (args) => {
    temporalArg('second', args);
    return 'int8';
  },
  kernel: (args, n) => clockPart(args[0], n, 1_000_000, 60),
};
