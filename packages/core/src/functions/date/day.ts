import type { ScalarFunction } from '../scalar-function.js';
import { civilPart } from './civil-part.js';
import { temporalArg } from './temporal-operand.js';

/** day(d): the day of the month, 1-31 (int8), of a date or timestamp (UTC). */
export const DAY: ScalarFunction = {
  name: 'day',
  aliases: ['dayofmonth'],
  arity: [1, 1],
  type: (args) => {
    temporalArg('day', args);
    return 'int8';
  },
  kernel: (args, n) => civilPart(args[0], n, 2),
};
