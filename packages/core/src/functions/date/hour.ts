import type { ScalarFunction } from '../scalar-function.js';
import { clockPart } from './clock-part.js';
import { temporalArg } from './temporal-operand.js';

/** hour(t): the hour, 0-23 (int8), of a timestamp (UTC); 0 for a date. */
export const HOUR: ScalarFunction = {
  name: 'hour',
  arity: [1, 1],
  type: (args) => {
    temporalArg('hour', args);
    return 'int8';
  },
  kernel: (args, n) => clockPart(args[0], n, 3_600_000_000, 24),
};
