import { ExprTypeError, type ScalarFunction } from '../scalar-function.js';
import { compileRegex, groupCount } from './compile-regex.js';
import { literalText, textArg } from './text-args.js';
import { entryKey, textLiteral, transformStrings } from './text-kernels.js';

/**
 * regexp_replace(s, pattern, replacement[, options]): the first match replaced, every match with option 'g'
 * (as DuckDB). The replacement is RE2's: `\1`..`\9` a group, `\0` the whole match, `\\` a backslash; `$` is
 * plain text. A categorical column stays categorical.
 */
export const REGEXP_REPLACE: ScalarFunction = {
  name: 'regexp_replace',
  arity: [3, 4],
  literalArgs: [1, 2, 3],
  type: (args) => {
    const dtype = textArg('regexp_replace', args);
    const pattern = literalText('regexp_replace', args, 1, 'pattern');
    const replacement = literalText('regexp_replace', args, 2, 'replacement');
    const options = args.length > 3 ? literalText('regexp_replace', args, 3, 'options string') : '';
    if (pattern !== null && options !== null) {
      const { re } = compileRegex('regexp_replace', pattern, options, true);
      if (replacement !== null) parseRewrite(replacement, groupCount(re));
    }
    return dtype;
  },
  kernel: (args, n) => {
    const pattern = textLiteral(args[1]);
    const replacement = textLiteral(args[2]);
    const options = args.length > 3 ? textLiteral(args[3]) : '';
    const { re } = compileRegex('regexp_replace', pattern, options, true);
    const parts = parseRewrite(replacement, groupCount(re));
    const replacer = (...m: string[]): string => {
      let out = '';
      for (const p of parts) out += typeof p === 'number' ? (m[p] ?? '') : p;
      return out;
    };
    return transformStrings(args[0], n, entryKey('regexp_replace', pattern, replacement, options), (s) => s.replace(re, replacer));
  },
};

/** An RE2 rewrite string as literal text and group numbers; a bad escape or a missing group is a type error. */
function parseRewrite(rewrite: string, groups: number): (string | number)[] {
  const parts: (string | number)[] = [];
  let text = '';
  for (let i = 0; i < rewrite.length; i++) {
    const c = rewrite[i];
    if (c !== '\\') {
      text += c;
      continue;
    }
    const next = rewrite[++i];
    if (next === '\\') text += '\\';
    else if (next !== undefined && next >= '0' && next <= '9') {
      const g = next.charCodeAt(0) - 0x30;
      if (g > groups) throw new ExprTypeError(`regexp_replace(): the replacement refers to group \\${g}, but the pattern has ${groups}`);
      if (text !== '') parts.push(text);
      parts.push(g);
      text = '';
    } else throw new ExprTypeError(`regexp_replace(): invalid replacement ${JSON.stringify(rewrite)}: '\\' must be followed by a digit or '\\'`);
  }
  if (text !== '') parts.push(text);
  return parts;
}
