import type { ScalarFunction } from '../scalar-function.js';
import { clockPart } from './clock-part.js';
import { temporalArg } from './temporal-operand.js';

/** minute(t): the minute, 0-59 (int8), of a timestamp (UTC); 0 for a date. */
export const MINUTE: ScalarFunction = {
  name: 'minute',
  arity: [1, 1],
  type: (args) => {
    temporalArg('minute', args);
    return 'int8';
  },
  kernel: (args, n) => clockPart(args[0], n, 60_000_000, 60),
};
