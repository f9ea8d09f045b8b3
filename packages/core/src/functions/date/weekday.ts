import { NumberColumn } from '../../column.js';
import type { ScalarFunction } from '../scalar-function.js';
import { daysAndMicros, temporalArg, temporalColumn } from './temporal-operand.js';

/**
 * weekday(d): the ISO day of the week, 1 = Monday .. 7 = Sunday (int8), as Polars' `dt.weekday()` and DuckDB's
 * `isodow`. Not DuckDB's `weekday`/`dayofweek`, which count 0 = Sunday: the library's `.dt.weekday()` is this one.
 */
export const WEEKDAY: ScalarFunction = {
  name: 'weekday',
  aliases: ['isodow'],
  arity: [1, 1],
  type: (args) => {
    temporalArg('weekday', args);
    return 'int8';
  },
  kernel: (args, n) => {
    const { days } = daysAndMicros(temporalColumn(args[0], n));
    const out = new Int8Array(n);
    // 1970-01-01, day 0, was a Thursday (4).
    for (let i = 0; i < n; i++) out[i] = ((((days[i] + 3) % 7) + 7) % 7) + 1;
    return new NumberColumn('int8', out);
  },
};
