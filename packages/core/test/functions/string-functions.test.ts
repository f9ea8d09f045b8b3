import { describe, expect, it } from 'vitest';
import { Chunk } from '../../src/chunk.js';
import { NumberColumn, type Value } from '../../src/column.js';
import { callNode, colNode, litNode } from '../../src/expr/expr-node.js';
import { resolveExpr } from '../../src/expr/resolve-expr.js';
import { checkFunction as checkRows, evalCall, type Rows, random, utf8Of, values } from './function-checks.js';

/** Pieces random rows are made of: ASCII, whitespace of every kind, accents, CJK, an emoji, case-mapping oddities (ß, İ, the Kelvin sign), LIKE's wildcards. */
const PIECES = [
  'a',
  'b',
  'Z',
  'Q',
  'ab',
  'aa',
  'A',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u200b',
  '\u0085',
  '\r',
  '\v',
  '\u3000',
  '\ufeff',
  'é',
  'É',
  '日本',
  '😀',
  'ß',
  'İ',
  '\u212a',
  '%',
  '_',
  '.',
  ',',
  '-',
  '+',
  '0',
  '1',
  '9',
  'e',
  'x',
  'ö',
];

/** Rows every function should meet: empty and blank strings, separators at the edges, number-like text. */
const FIXED = [
  '',
  ' ',
  '  padded  ',
  '\u00a0\tboth\u3000\n',
  'ABC',
  'abc',
  'a,b,,c',
  ',',
  ',,',
  'aaa',
  '日本語テキスト',
  '😀😀',
  'naïve café',
  'Straße',
  '1',
  '-2.5',
  '1e3',
  ' 42 ',
  '.5',
  '1.',
  '.',
  'nan',
  '-NaN',
  'inf',
  '-Infinity',
  '0x10',
  '1,000',
  '+',
  '-',
  '1e',
  'e5',
  '12345678901234567890',
  '0.1',
  '1.7976931348623157e308',
  '4.9e-324',
  '1e400',
  '-0',
  '123456789012345.67',
  '9007199254740993',
  '1E-7',
  '+.5e+2',
];

function sampleRows(n: number, seed: number): (string | null)[] {
  const next = random(seed);
  const rows: (string | null)[] = [...FIXED];
  while (rows.length < n) {
    if (next() < 0.12) {
      rows.push(null);
      continue;
    }
    let s = '';
    for (let k = Math.floor(next() * 9); k > 0; k--) s += PIECES[Math.floor(next() * PIECES.length)];
    rows.push(s);
  }
  return rows;
}

const ROWS = sampleRows(1500, 16);

function checkFunction(fn: string, literals: readonly Value[], reference: (s: string) => Value, rows: Rows = ROWS): void {
  checkRows(rows, fn, literals, reference);
}

/** SQL LIKE as a JS RegExp: `%` any run, `_` one code point. */
function likeRef(s: string, pattern: string): boolean {
  const source = [...pattern].map((c) => (c === '%' ? '[\\s\\S]*' : c === '_' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'u').test(s);
}

/** DuckDB's SubstringStartEnd, on an array of code points. */
function substrRef(s: string, offset: number, length = Number.MAX_SAFE_INTEGER): string {
  const chars = [...s];
  const size = chars.length;
  if (length === 0) return '';
  let start: number;
  if (offset > 0) start = Math.min(size, offset - 1);
  else if (offset < 0) start = Math.max(size + offset, 0);
  else {
    start = 0;
    length--;
    if (length <= 0) return '';
  }
  const [from, to] = length > 0 ? [start, Math.min(size, start + length)] : [Math.max(0, start + length), start];
  return chars.slice(from, to).join('');
}

function splitPartRef(s: string, sep: string, index: number): string {
  const parts = sep === '' ? [...s] : s.split(sep);
  if (index === 0) return '';
  return (index > 0 ? parts[index - 1] : parts[parts.length + index]) ?? '';
}

function toNumberRef(s: string): number | null {
  const t = s.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return /^[+-]?nan$/i.test(t) ? NaN : null;
}

describe('string functions against plain JS, utf8 and categorical alike', () => {
  it('lower, upper (lcase, ucase) map case, non-ASCII included', () => {
    checkFunction('lower', [], (s) => s.toLowerCase());
    checkFunction('upper', [], (s) => s.toUpperCase());
    checkFunction('lcase', [], (s) => s.toLowerCase());
    checkFunction('ucase', [], (s) => s.toUpperCase());
  });

  it('lower and upper of an all-ASCII column (one pass over the bytes)', () => {
    const rows = ROWS.map((r) => (r === null ? null : r.replace(/[^\x20-\x7e]/g, 'q')));
    checkFunction('lower', [], (s) => s.toLowerCase(), rows);
    checkFunction('upper', [], (s) => s.toUpperCase(), rows);
  });

  it('trim (strip) removes whitespace of every kind at both ends', () => {
    checkFunction('trim', [], (s) => s.trim());
    checkFunction('strip', [], (s) => s.trim());
  });

  it('length (len, char_length) counts code points', () => {
    for (const name of ['length', 'len', 'char_length']) checkFunction(name, [], (s) => [...s].length);
    expect(evalCall('length', utf8Of(['😀é', ''])).dtype).toBe('int32');
  });

  it('contains, starts_with (prefix), ends_with (suffix)', () => {
    for (const t of ['a', 'é', '日本', '', 'ab', '😀', ' ', ',,']) {
      checkFunction('contains', [t], (s) => s.includes(t));
      checkFunction('starts_with', [t], (s) => s.startsWith(t));
      checkFunction('ends_with', [t], (s) => s.endsWith(t));
    }
    checkFunction('prefix', ['a'], (s) => s.startsWith('a'));
    checkFunction('suffix', ['a'], (s) => s.endsWith('a'));
  });

  it('like: % any run, _ one character, case-sensitive', () => {
    for (const p of ['%', '', 'a%', '%a', '%a%', '_', '__', 'a_b%', '%日本%', '_%_', '%ab%b%', '😀%', '%é_', 'a%%b', '%_a_%', 'ABC', '%,%,%', '_%', '%_', 'a%a']) {
      checkFunction('like', [p], (s) => likeRef(s, p));
    }
  });

  it('ilike compares lower(s) with lower(pattern)', () => {
    for (const p of ['a%', '%É%', '%ss%', 'abc', '%i%', '%K%', '_', '%straße', '%Ö_']) {
      checkFunction('ilike', [p], (s) => likeRef(s.toLowerCase(), p.toLowerCase()));
    }
  });

  it('regexp_matches with DuckDB options', () => {
    const cases: [string[], RegExp][] = [
      [['a.b'], /a.b/u],
      [['^\\d+$'], /^\d+$/u],
      [['é|日'], /é|日/u],
      [['^.$'], /^.$/u],
      [['A', 'i'], /A/iu],
      [['a.b', 's'], /a.b/su],
      [['(?i)ab'], /ab/iu],
      [['\\s'], /\s/u],
      [['a+b', 'l'], /a\+b/u],
    ];
    for (const [args, re] of cases) checkFunction('regexp_matches', args, (s) => re.test(s));
  });

  it('replace: every occurrence, left to right', () => {
    for (const [from, to] of [
      ['a', 'X'],
      ['', 'X'],
      ['aa', 'a'],
      ['é', 'e'],
      ['日本', 'Japan'],
      [' ', ''],
      ['😀', '$&'],
      [',', ',,'],
    ]) {
      checkFunction('replace', [from, to], (s) => (from === '' ? s : s.split(from).join(to)));
    }
  });

  it('regexp_replace: the first match, every match with g; \\1 and \\0 in the replacement', () => {
    const cases: [string[], RegExp, string][] = [
      [['a+', 'X'], /a+/u, 'X'],
      [['a+', 'X', 'g'], /a+/gu, 'X'],
      [['(a)(b)', '\\2\\1', 'g'], /(a)(b)/gu, '$2$1'],
      [['[é日]', '<\\0>', 'g'], /[é日]/gu, '<$&>'],
      [['\\s+', ' ', 'g'], /\s+/gu, ' '],
      [['$', '$'], /$/u, '$$'],
      [['x*', '-', 'g'], /x*/gu, '-'],
      [['(b)|(z)', '[\\1\\2]', 'gi'], /(b)|(z)/giu, '[$1$2]'],
    ];
    for (const [args, re, js] of cases) checkFunction('regexp_replace', args, (s) => s.replace(re, js));
  });

  it('substr (substring): 1-based, DuckDB edges for 0, negative start and negative length', () => {
    const cases: number[][] = [[1, 3], [2], [0, 2], [-2], [-3, 2], [3, -2], [0], [5, 0], [100], [2, 100], [-100, 3], [0, -1], [1, -1], [-1, -2], [4, 1]];
    for (const args of cases) {
      checkFunction('substr', args, (s) => substrRef(s, args[0], args[1]));
      checkFunction('substring', args, (s) => substrRef(s, args[0], args[1]));
    }
    // Spot checks, as DuckDB answers them.
    expect(values(evalCall('substr', utf8Of(['Hello', 'héllo😀']), 2, 3))).toEqual(['ell', 'éll']);
    expect(values(evalCall('substr', utf8Of(['Hello']), 0, 2))).toEqual(['H']);
    expect(values(evalCall('substr', utf8Of(['Hello', 'héllo😀']), -2))).toEqual(['lo', 'o😀']);
  });

  it("split_part: 1-based fields, negative from the end, '' out of range", () => {
    const cases: [string, number][] = [
      [',', 1],
      [',', 2],
      [',', -1],
      [',', -2],
      [',', 0],
      [',', 5],
      ['', 1],
      ['', -1],
      ['', 3],
      ['aa', 2],
      ['é', 1],
      [' ', 2],
      ['日本', -1],
    ];
    for (const [sep, index] of cases) checkFunction('split_part', [sep, index], (s) => splitPartRef(s, sep, index));
    expect(values(evalCall('split_part', utf8Of(['a,b,,c']), ',', 4))).toEqual(['c']);
  });

  it('to_number: decimal text, inf and nan; null for anything else', () => {
    checkFunction('to_number', [], toNumberRef);
    const parsed = values(evalCall('to_number', utf8Of([' 42 ', 'nan', 'x', '', '0.1', '1e400'])));
    expect(parsed).toEqual([42, NaN, null, null, 0.1, Infinity]);
  });

  it('a null literal argument makes every row null', () => {
    const c = evalCall('contains', utf8Of(['a', 'b']), null);
    expect(values(c)).toEqual([null, null]);
    expect(c.dtype).toBe('bool');
  });

  it('literals fold at plan time', () => {
    const chunk = Chunk.of({ s: utf8Of(['x']) });
    expect(resolveExpr(callNode('upper', litNode('Straße')), chunk.schema).node).toEqual(litNode('STRASSE', 'utf8'));
    expect(resolveExpr(callNode('split_part', litNode('a-b'), litNode('-'), litNode(2)), chunk.schema).node).toEqual(litNode('b', 'utf8'));
  });

  it('type errors name the function and what it needs', () => {
    const chunk = Chunk.of({ s: utf8Of(['x']), n: new NumberColumn('int32', new Int32Array(1)) });
    const check =
      (fn: string, ...args: Value[]) =>
      () =>
        resolveExpr(callNode(fn, colNode('s'), ...args.map((v) => litNode(v))), chunk.schema);
    expect(() => resolveExpr(callNode('lower', colNode('n')), chunk.schema)).toThrow(/lower\(\) needs a string, got int32/);
    expect(() => resolveExpr(callNode('contains', colNode('s'), colNode('s')), chunk.schema)).toThrow(/literal/);
    expect(check('regexp_matches', '(')).toThrow(/invalid regular expression/);
    expect(check('regexp_matches', 'a', 'g')).toThrow(/unknown regexp option 'g'/);
    expect(check('regexp_replace', '(a)', '\\2')).toThrow(/group \\2/);
    expect(check('regexp_replace', 'a', '\\x')).toThrow(/invalid replacement/);
    expect(check('substr', 'x')).toThrow(/substr\(\) needs an integer start/);
    expect(check('to_date', '%Y-%q-%d')).toThrow(/unknown directive '%q'/);
    expect(check('to_date', '%Y-%m')).toThrow(/needs a year/);
    expect(check('split_part', ',', 1.5)).toThrow(/integer index/);
  });
});
