import type { ScalarFunction } from '../scalar-function.js';
import { civilPart } from './civil-part.js';
import { temporalArg } from './temporal-operand.js';

/** month(d): the month, 1-12 (int8), of a date or timestamp (UTC). */
export const MONTH: ScalarFunction = {
  name: 'month',
  arity: [1, 1],
  type: (args) => {
    temporalArg('month', args);
    return 'int8';
  },
  kernel: (args, n) => civilPart(args[0], n, 1),
};
