import { ExprTypeError } from '../scalar-function.js';

/** A DuckDB regexp (RE2 syntax and options) as a JS RegExp; `global` is the 'g' option of regexp_replace. */
export interface CompiledRegex {
  readonly re: RegExp;
  readonly global: boolean;
}

/**
 * Compiles a pattern with DuckDB's options: c (case-sensitive, the default), i (case-insensitive), l (literal),
 * m/n/p ('.' does not match a newline, the default), s ('.' matches a newline), g (regexp_replace only: every
 * match); spaces are ignored. RE2 and JS agree on the common syntax; a leading inline flag group (`(?i)`) and
 * Python-style named groups (`(?P<name>`), which RE2 has and JS lacks, are translated. The `u` flag makes '.'
 * and classes work on code points, as RE2 does; a pattern only valid without it (an escape `u` mode rejects)
 * is compiled without. A bad pattern or option is a type error, found before any data is read.
 */
export function compileRegex(fn: string, pattern: string, options: string, allowGlobal: boolean): CompiledRegex {
  let ignoreCase = false;
  let dotAll = false;
  let literal = false;
  let global = false;
  for (const ch of options) {
    if (ch === 'c') ignoreCase = false;
    else if (ch === 'i') ignoreCase = true;
    else if (ch === 'l') literal = true;
    else if (ch === 'm' || ch === 'n' || ch === 'p') dotAll = false;
    else if (ch === 's') dotAll = true;
    else if (ch === 'g' && allowGlobal) global = true;
    else if (ch !== ' ' && ch !== '\t' && ch !== '\n') {
      const known = allowGlobal ? 'c, i, l, m, n, p, s, g' : 'c, i, l, m, n, p, s';
      throw new ExprTypeError(`${fn}(): unknown regexp option '${ch}' (options: ${known})`);
    }
  }
  let source = pattern;
  if (literal) source = pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  else {
    const inline = /^\(\?([is]+)\)/.exec(source);
    if (inline !== null) {
      if (inline[1].includes('i')) ignoreCase = true;
      if (inline[1].includes('s')) dotAll = true;
      source = source.slice(inline[0].length);
    }
    source = source.replace(/\(\?P</g, '(?<');
  }
  const flags = (ignoreCase ? 'i' : '') + (dotAll ? 's' : '') + (global ? 'g' : '');
  try {
    return { re: new RegExp(source, `${flags}u`), global };
  } catch {
    try {
      return { re: new RegExp(source, flags), global };
    } catch (e) {
      throw new ExprTypeError(`${fn}(): invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
  }
}

/** The number of capture groups of a compiled pattern. */
export function groupCount(re: RegExp): number {
  const probe = new RegExp(`${re.source}|`, re.flags.replace('g', ''));
  return (probe.exec('') as RegExpExecArray).length - 1;
}
