import type { ScalarFunction } from '../scalar-function.js';
import { civilPart } from './civil-part.js';
import { temporalArg } from './temporal-operand.js';

/** year(d): the year (int32), of a date or timestamp (UTC). */
export const YEAR: ScalarFunction = {
  name: 'year',
  arity: [1, 1],
  type: (args) => {
    temporalArg('year', args);
    return 'int32';
  },
  kernel: (args, n) => civilPart(args[0], n, 0),
};
