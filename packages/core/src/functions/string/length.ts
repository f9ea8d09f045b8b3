import { NumberColumn } from '../../column.js';
import type { ScalarFunction } from '../scalar-function.js';
import { textArg } from './text-args.js';
import { codePointCount } from './text-bytes.js';
import { entryKey, measureText } from './text-kernels.js';

/** length(s): the number of characters (code points, counted on the UTF-8 bytes), int32. */
export const LENGTH: ScalarFunction = {
  name: 'length',
  aliases: ['len', 'char_length'],
  arity: [1, 1],
  type: (args) => {
    textArg('length', args);
    return 'int32';
  },
  kernel: (args, n) => new NumberColumn('int32', measureText(args[0], n, entryKey('length'), codePointCount, new Int32Array(n))),
};
