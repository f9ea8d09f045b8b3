import { type ExprSource, exprError } from './expr-error.js';
import type { SqlToken } from './sql-tokens.js';
import { MULTI_WORD_TYPES, SQL_TYPES } from './sql-types.js';

/** A type name in a cast (`::double precision`, `as varchar(10)`), as written, with where it is in the text. */
export interface TypeName {
  readonly name: string;
  readonly start: number;
}

/** Marks a placeholder literal or name: the kind, then the index into the matching table. */
export const PLACEHOLDER = { string: '\uE000', ident: '\uE001', bigint: '\uE002' } as const;

/**
 * An expression rewritten for node-sql-parser, with what the rewrite took out of it. The parser sees:
 * - `'\uE000<k>'` for the k-th string (its value in `strings`): the PostgreSQL grammar reads backslash escapes
 *   (`'\d'`, `'\n'`) that DuckDB does not;
 * - `"\uE001<k>"` for the k-th quoted name and for names outside ASCII (`idents`): the grammar rejects `""` in a
 *   name and most non-Latin letters;
 * - `'\uE002<k>'` for an integer beyond 2^53 (`bigints`): the grammar folds `-9007199254740993` into a double;
 * - `int(<k>)` for the k-th cast type (`types`): the grammar knows neither `string` nor `utf8` nor `utinyint`;
 * - `=` for `==`; `(cast(x as t))::u` for `cast(x as t)::u`, whose `::u` the grammar drops or rejects; `cast`
 *   for `try_cast` (ours is DuckDB's try_cast); `not +(a) = b` for `not (a) = b`, which the grammar reads as a
 *   call of a function `not` (then `= b`).
 * `toOriginal` maps an offset in `sql` back to the user's text (for the caret of a syntax error).
 */
export interface PreparedSql {
  readonly sql: string;
  readonly strings: readonly string[];
  readonly idents: readonly string[];
  readonly bigints: readonly bigint[];
  readonly types: readonly TypeName[];
  toOriginal(offset: number): number;
}

/**
 * `text` in place of [start, end): a replacement, or an insertion (start = end). At one offset, closing
 * parentheses go first (the innermost first), then opening ones (the outermost first), then the replacement.
 */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly order: readonly [number, number];
}

const replace = (start: number, end: number, text: string): Edit => ({ start, end, text, order: [2, 0] });

/** An opening and a closing insertion around [start, end). */
function enclose(start: number, end: number, open = '(', close = ')'): Edit[] {
  return [
    { start, end: start, text: open, order: [1, -end] },
    { start: end, end, text: close, order: [0, -start] },
  ];
}

const PLAIN_WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CAST_WORDS = new Set(['cast', 'try_cast']);
/** Words that may come before `(` without being a function's name. */
const NOT_CALLS = new Set([
  'in',
  'not',
  'and',
  'or',
  'then',
  'else',
  'when',
  'case',
  'between',
  'like',
  'ilike',
  'is',
  'as',
  'select',
  'exists',
  'cast',
  'try_cast',
  'extract',
  'over',
  'filter',
  'within',
  'escape',
  'distinct',
  'interval',
  'any',
  'all',
  'some',
  'array',
  'row',
  'values',
  // Clauses of a query (`sql()`): `from (select ...)`, `join u on (a = b)` are no calls.
  'from',
  'join',
  'on',
  'using',
  'where',
  'having',
  'by',
  'union',
  'with',
  'limit',
]);
/** Functions whose arguments may hold a FROM that is no query's (`extract(year from d)`, `substring(s from 2)`). */
const FROM_CALLS = new Set(['extract', 'substring', 'trim', 'overlay', 'position']);
const TYPE_HINT = `types: boolean, tinyint, smallint, integer, bigint, float, double, varchar, date, timestamp (or a dtype: int64, float64, utf8, ...)`;

/**
 * Rewrites the expression made of `tokens` (all from `source.text`) for the parser; see `PreparedSql`. With
 * `query`, the tokens are a whole statement, and a string right after FROM or JOIN (`FROM 'data/*.csv'`, DuckDB's
 * file scan) becomes a quoted name, which is what the grammar takes there.
 */
export function prepareSql(source: ExprSource, tokens: readonly SqlToken[], query = false): PreparedSql {
  const strings: string[] = [];
  const idents: string[] = [];
  const bigints: bigint[] = [];
  const types: TypeName[] = [];
  const edits: Edit[] = [];
  const match = matchParens(tokens);
  // For each open parenthesis: whether it opens `cast(`, where `as` is followed by a type.
  const castParens: boolean[] = [];
  const lower = (i: number): string => (tokens[i]?.kind === 'word' ? tokens[i].text.toLowerCase() : '');
  // `cast(...)::t` at i: the grammar drops or refuses the `::t`, so it gets parentheses around the cast.
  const castThenColons = (i: number) => CAST_WORDS.has(lower(i)) && tokens[i + 1]?.text === '(' && match[i + 1] >= 0 && tokens[match[i + 1] + 1]?.text === '::';
  // For each open parenthesis: whether it opens a call whose FROM is an argument's (`extract(year from d)`).
  const fromCalls: boolean[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') fromCalls.push(FROM_CALLS.has(lower(i - 1)));
    else if (t.text === ')') fromCalls.pop();
    if (query && t.kind === 'string' && (lower(i - 1) === 'from' || lower(i - 1) === 'join') && fromCalls.at(-1) !== true) {
      edits.push(replace(t.start, t.end, `"${PLACEHOLDER.ident}${idents.push(t.value) - 1}"`));
    } else if (t.kind === 'string') {
      edits.push(replace(t.start, t.end, `'${PLACEHOLDER.string}${strings.push(t.value) - 1}'`));
    } else if (t.kind === 'ident' || (t.kind === 'word' && !PLAIN_WORD.test(t.text))) {
      edits.push(replace(t.start, t.end, `"${PLACEHOLDER.ident}${idents.push(t.value) - 1}"`));
    } else if (t.kind === 'number' && /^\d+$/.test(t.text) && !Number.isSafeInteger(Number(t.text))) {
      edits.push(replace(t.start, t.end, `'${PLACEHOLDER.bigint}${bigints.push(BigInt(t.text)) - 1}'`));
    } else if (t.text === '==') {
      edits.push(replace(t.start, t.end, '='));
    } else if (lower(i) === 'not' && lower(i - 1) !== 'is' && (tokens[i + 1]?.text === '(' || castThenColons(i + 1))) {
      // The grammar reads `not (a) = b` as a call of a function `not`, then `= b`; `not +(a) = b` it reads right.
      // (`not cast(a as t)::u` becomes `not (cast(a as t))::u` below.)
      edits.push({ start: tokens[i + 1].start, end: tokens[i + 1].start, text: '+', order: [1, Number.NEGATIVE_INFINITY] });
    } else if (lower(i) === 'try_cast' && tokens[i + 1]?.text === '(') {
      // Our cast is DuckDB's try_cast already (null where a text does not parse); the grammar has no try_cast.
      castParens.push(true);
      edits.push(replace(t.start, t.end, 'cast'));
      if (castThenColons(i)) {
        edits.push(...enclose(t.start, tokens[match[i + 1]].end));
      }
      i++;
    } else if (t.text === ';') {
      throw exprError(source, `syntax error at {column}: unexpected ';'`, t.start, 'give one expression per flag');
    } else if (t.text === '(') {
      castParens.push(CAST_WORDS.has(lower(i - 1)));
    } else if (t.text === ')') {
      castParens.pop();
    } else if (lower(i) === 'cast' && castThenColons(i)) {
      edits.push(...enclose(t.start, tokens[match[i + 1]].end));
    } else if (t.text === '::' || (lower(i) === 'as' && castParens.at(-1) === true)) {
      const last = typeEnd(source, tokens, i + 1, match);
      const words = tokens.slice(i + 1, last + 1);
      const open = words.findIndex((w) => w.text === '(');
      const written = (open < 0 ? words : words.slice(0, open)).map((w) => w.text.toLowerCase()).join(' ');
      if (SQL_TYPES[written] === undefined) {
        const hint = /^(decimal|numeric)/.test(written) ? 'cast to double instead' : TYPE_HINT;
        throw exprError(source, `unknown type '${written}'`, tokens[i + 1].start, hint);
      }
      edits.push(replace(tokens[i + 1].start, tokens[last].end, `int(${types.push({ name: written, start: tokens[i + 1].start }) - 1})`));
      i = last;
    }
  }
  edits.push(...wrapSlots(tokens, match));
  return assemble(source.text, tokens[0]?.start ?? source.text.length, edits, { strings, idents, bigints, types });
}

/**
 * Parentheses around the places where the grammar takes a narrower expression than DuckDB (no AND or OR at the
 * top): the items of `in (...)`, the expression of `cast(... as t)`, the subject of `case x when`, what follows
 * `else`, a function's arguments holding AND or OR, `(...)` before `::`. Parentheses never change what a whole
 * expression means.
 */
function wrapSlots(tokens: readonly SqlToken[], match: readonly number[]): Edit[] {
  const edits: Edit[] = [];
  const wrap = (first: number, last: number, open = '(') => {
    if (last >= first) edits.push(...enclose(tokens[first].start, tokens[last].end, open));
  };
  const depth: number[] = [];
  let d = 0;
  for (const t of tokens) {
    if (t.text === ')') d--;
    depth.push(d);
    if (t.text === '(') d++;
  }
  const word = (i: number) => (tokens[i]?.kind === 'word' ? tokens[i].text.toLowerCase() : '');
  const isCall = (i: number) => tokens[i]?.kind === 'ident' || (tokens[i]?.kind === 'word' && !NOT_CALLS.has(word(i)));
  tokens.forEach((_, i) => {
    if (tokens[i].text === '(' && match[i] > i + 1 && tokens[match[i] + 1]?.text === '::' && !isCall(i - 1) && !CAST_WORDS.has(word(i - 1))) {
      // `(a or b)::int` fails where `((a or b))::int` does not.
      wrap(i + 1, match[i] - 1);
    }
    const open = i + 1;
    const close = match[open];
    if (word(i) === 'in' && tokens[open]?.text === '(' && close > open && word(open + 1) !== 'select') {
      let first = open + 1;
      for (let k = open + 1; k <= close; k++) {
        if (k === close || (tokens[k].text === ',' && depth[k] === depth[open] + 1)) {
          wrap(first, k - 1);
          first = k + 1;
        }
      }
    } else if (isCall(i) && tokens[open]?.text === '(' && close > open) {
      // A call: its arguments, where `f(a, b or c)` would read as `(a, b) or c`, when they hold AND or OR.
      let first = open + 1;
      let logic = false;
      for (let k = open + 1; k <= close; k++) {
        if (k === close || (tokens[k].text === ',' && depth[k] === depth[open] + 1)) {
          if (logic && word(first) !== 'distinct') wrap(first, k - 1);
          first = k + 1;
          logic = false;
        } else if (depth[k] === depth[open] + 1 && (word(k) === 'and' || word(k) === 'or')) {
          logic = true;
        }
      }
    } else if ((word(i) === 'cast' || word(i) === 'try_cast') && tokens[open]?.text === '(' && close > open) {
      for (let k = open + 1; k < close; k++) if (word(k) === 'as' && depth[k] === depth[open] + 1) return wrap(open + 1, k - 1);
    } else if (word(i) === 'case') {
      // The first `when`, the `else` and the matching `end`, at this depth and outside nested cases.
      let nested = 0;
      let when = -1;
      let otherwise = -1;
      for (let k = i + 1; k < tokens.length && depth[k] >= depth[i]; k++) {
        const w = depth[k] === depth[i] ? word(k) : '';
        if (w === 'case') nested++;
        else if (w === 'end' && nested > 0) nested--;
        else if (w === 'end') {
          // `case (x) when` the grammar reads as a call of a function `case`; `case +(x) when` it reads right.
          if (when > i + 1) wrap(i + 1, when - 1, '+(');
          if (otherwise > 0) wrap(otherwise + 1, k - 1);
          return;
        } else if (nested === 0 && w === 'when' && when < 0) when = k;
        else if (nested === 0 && w === 'else') otherwise = k;
      }
    }
  });
  return edits;
}

/** The index of the last token of the type name starting at `i`: its words, then `(n[, m])` if there. */
function typeEnd(source: ExprSource, tokens: readonly SqlToken[], i: number, match: readonly number[]): number {
  const first = tokens[i];
  if (first?.kind !== 'word') {
    const at = first?.start ?? source.text.length;
    throw exprError(source, `syntax error at {column}: a type name is expected here`, at, TYPE_HINT);
  }
  let last = i;
  for (const words of MULTI_WORD_TYPES) {
    const fits = words.every((w, k) => tokens[i + k]?.kind === 'word' && tokens[i + k].text.toLowerCase() === w);
    if (fits) last = Math.max(last, i + words.length - 1);
  }
  if (tokens[last + 1]?.text === '(' && match[last + 1] >= 0) last = match[last + 1];
  return last;
}

/** For each `(` the index of its `)` (-1 when unclosed); other tokens -1. */
function matchParens(tokens: readonly SqlToken[]): number[] {
  const match = new Array<number>(tokens.length).fill(-1);
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (t.text === '(') open.push(i);
    else if (t.text === ')' && open.length > 0) match[open.pop() as number] = i;
  });
  return match;
}

function assemble(text: string, base: number, edits: readonly Edit[], tables: Omit<PreparedSql, 'sql' | 'toOriginal'>): PreparedSql {
  // Pieces of the rewritten text: [start in sql, start in text, length in sql, whether it is a replacement].
  const pieces: [number, number, number, boolean][] = [];
  let sql = '';
  let cursor = base;
  const add = (piece: string, from: number, replaced: boolean) => {
    if (piece.length > 0) pieces.push([sql.length, from, piece.length, replaced]);
    sql += piece;
  };
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  for (const e of sorted) {
    add(text.slice(cursor, e.start), cursor, false);
    add(e.text, e.start, true);
    cursor = e.end;
  }
  add(text.slice(cursor), cursor, false);
  const toOriginal = (offset: number): number => {
    for (const [at, from, length, replaced] of pieces) {
      if (offset >= at && offset < at + length) return replaced ? from : from + (offset - at);
    }
    return text.length;
  };
  return { sql, toOriginal, ...tables };
}
