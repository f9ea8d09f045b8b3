import { CategoricalColumn, NumberColumn } from '../../column.js';
import { newBits } from '../kernel-support.js';
import type { ScalarFunction } from '../scalar-function.js';
import { parseNumberBytes } from './parse-number-bytes.js';
import { textArg } from './text-args.js';
import { entryKey, measureText, textOperand } from './text-kernels.js';

/**
 * to_number(s): the text as a float64, null where it is not a number (see parseNumberBytes: surrounding
 * whitespace is ignored; `nan` is a value, NaN, not a null).
 */
export const TO_NUMBER: ScalarFunction = {
  name: 'to_number',
  arity: [1, 1],
  type: (args) => {
    textArg('to_number', args);
    return 'float64';
  },
  kernel: (args, n) => {
    const c = textOperand(args[0], n);
    const values = new Float64Array(n);
    const valid = newBits(n);
    if (c instanceof CategoricalColumn) {
      // Two per-entry tables, as NaN is a value here and cannot stand for "not a number".
      measureText(c, n, entryKey('to_number'), (b, s, e) => parseNumberBytes(b, s, e) ?? NaN, values);
      const ok = measureText(c, n, entryKey('to_number', 'valid'), (b, s, e) => (parseNumberBytes(b, s, e) === null ? 0 : 1), new Float64Array(n));
      for (let i = 0; i < n; i++) if (ok[i] !== 0) valid[i >> 3] |= 1 << (i & 7);
    } else {
      const { offsets, data } = c;
      for (let i = 0; i < n; i++) {
        const v = parseNumberBytes(data, offsets[i], offsets[i + 1]);
        if (v === null) continue;
        values[i] = v;
        valid[i >> 3] |= 1 << (i & 7);
      }
    }
    return new NumberColumn('float64', values, valid);
  },
};
