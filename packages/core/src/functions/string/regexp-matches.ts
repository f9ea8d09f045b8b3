import type { ScalarFunction } from '../scalar-function.js';
import { compileRegex } from './compile-regex.js';
import { literalText, textArg } from './text-args.js';
import { entryKey, testStrings, textLiteral } from './text-kernels.js';

/** regexp_matches(s, pattern[, options]): true if the pattern matches anywhere in s (DuckDB's options, see compileRegex). */
export const REGEXP_MATCHES: ScalarFunction = {
  name: 'regexp_matches',
  arity: [2, 3],
  literalArgs: [1, 2],
  type: (args) => {
    textArg('regexp_matches', args);
    const pattern = literalText('regexp_matches', args, 1, 'pattern');
    const options = args.length > 2 ? literalText('regexp_matches', args, 2, 'options string') : '';
    if (pattern !== null && options !== null) compileRegex('regexp_matches', pattern, options, false);
    return 'bool';
  },
  kernel: (args, n) => {
    const pattern = textLiteral(args[1]);
    const options = args.length > 2 ? textLiteral(args[2]) : '';
    const { re } = compileRegex('regexp_matches', pattern, options, false);
    return testStrings(args[0], n, entryKey('regexp_matches', pattern, options), (s) => re.test(s));
  },
};
