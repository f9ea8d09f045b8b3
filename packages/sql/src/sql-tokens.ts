/**
 * One token of an SQL expression as DuckDB reads it: a name (`word`), a "quoted name" (`ident`), a 'string', a
 * number or an operator/punctuation (`op`). `start`/`end` are offsets in the text; `value` is the unquoted text of
 * an ident or a string (`''` and `""` unescaped; a backslash is an ordinary character, as in DuckDB).
 */
export interface SqlToken {
  readonly kind: 'word' | 'ident' | 'string' | 'number' | 'op';
  readonly text: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** The tokens of `text`, or where a quote opened and never closed. */
export interface SqlTokens {
  readonly tokens: readonly SqlToken[];
  readonly unclosed?: { readonly kind: 'string' | 'ident'; readonly start: number };
}

const WORD = /[\p{L}_][\p{L}\p{N}_$]*/uy;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const SPACE = /\s+/y;
// Longest first: `<=` before `<`.
const OPERATORS = ['->>', '::', '==', '!=', '<>', '<=', '>=', '||', '->', '**'];

/**
 * Splits an expression into tokens, skipping spaces and comments (`-- to the end of the line`, `/* ... *\/`). The
 * SQL front end reads names, strings, numbers and type names from these tokens rather than from node-sql-parser's
 * tree, whose PostgreSQL grammar reads backslash escapes in strings and rejects some names DuckDB accepts.
 */
export function tokenizeSql(text: string): SqlTokens {
  const tokens: SqlToken[] = [];
  let i = 0;
  const at = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    return re.exec(text)?.[0];
  };
  while (i < text.length) {
    const c = text[i];
    const space = at(SPACE);
    if (space !== undefined) {
      i += space.length;
      continue;
    }
    if (text.startsWith('--', i)) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol + 1;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const kind = c === "'" ? 'string' : 'ident';
      const end = closingQuote(text, i, c);
      if (end < 0) return { tokens, unclosed: { kind, start: i } };
      const raw = text.slice(i, end + 1);
      tokens.push({ kind, text: raw, value: raw.slice(1, -1).replaceAll(c + c, c), start: i, end: end + 1 });
      i = end + 1;
      continue;
    }
    const number = /[\d.]/.test(c) ? at(NUMBER) : undefined;
    const word = number === undefined ? at(WORD) : undefined;
    const piece = number ?? word ?? OPERATORS.find((op) => text.startsWith(op, i)) ?? String.fromCodePoint(text.codePointAt(i) ?? 0);
    const kind = number !== undefined ? 'number' : word !== undefined ? 'word' : 'op';
    tokens.push({ kind, text: piece, value: piece, start: i, end: i + piece.length });
    i += piece.length;
  }
  return { tokens };
}

/** The offset of the quote that closes the one at `start` (a doubled quote is an escaped one), or -1. */
function closingQuote(text: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf(quote, i);
    if (q < 0) return -1;
    if (text[q + 1] !== quote) return q;
    i = q + 2;
  }
}
