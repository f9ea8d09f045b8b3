import { BigIntColumn } from '../../column.js';
import { newBits } from '../kernel-support.js';
import type { ScalarFunction } from '../scalar-function.js';
import { int64Words, setInt64 } from './int64-words.js';
import { daysAndMicros, temporalArg, temporalColumn } from './temporal-operand.js';

/**
 * epoch_ms(t): milliseconds since 1970-01-01 UTC (int64), floored, so a time before 1970 with a fraction of a
 * millisecond gives the millisecond it falls in (-1 for 1969-12-31T23:59:59.9995), as its date is the day it
 * falls in; DuckDB truncates toward zero there. A date counts from its midnight.
 */
export const EPOCH_MS: ScalarFunction = {
  name: 'epoch_ms',
  arity: [1, 1],
  type: (args) => {
    temporalArg('epoch_ms', args);
    return 'int64';
  },
  kernel: (args, n) => {
    const { days, micros } = daysAndMicros(temporalColumn(args[0], n));
    const out = new BigInt64Array(n);
    const words = int64Words(out);
    let valid: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      // days * 86_400_000 + ms = (days * 84_375 + ms >> 10) * 2^10 + (ms & 1023): each step exact.
      const ms = micros === null ? 0 : Math.floor(micros[i] / 1000);
      if (setInt64(words, i, days[i] * 84_375 + Math.floor(ms / 1024), 10, ms % 1024)) continue;
      if (valid === null) valid = newBits(n).fill(0xff);
      valid[i >> 3] &= ~(1 << (i & 7));
    }
    return new BigIntColumn('int64', out, valid);
  },
};
