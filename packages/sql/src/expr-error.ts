import { SqlError } from './sql-error.js';

/** An expression as the user gave it: the flag it came with and its full text (`--with 'x = v1 * v3'`). */
export interface ExprSource {
  readonly flag: string;
  readonly text: string;
}

/**
 * A usage error about an expression: a headline, then the expression with a caret under `offset` (when the
 * position is known), e.g.
 *
 *     --filter: syntax error at column 6: unexpected '>'
 *       v1 > > 2
 *            ^
 *
 * `reportError` prints the lines under the headline as they are, then the hint. `offset` is into `source.text`;
 * `{column}` in the headline becomes the caret's column ("line 2, column 3" for an expression over lines).
 */
export function exprError(source: ExprSource, headline: string, offset: number | undefined, hint?: string): SqlError {
  const { flag, text } = source;
  if (offset === undefined) {
    const lines = text.split('\n').map((l) => `  ${l}`);
    return new SqlError([`${flag}: ${headline.replace(' at {column}', '')}`, ...lines].join('\n'), hint);
  }
  const at = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
  const line = text.slice(lineStart, lineEnd);
  const lineNumber = text.slice(0, lineStart).split('\n').length;
  const column = at - lineStart + 1;
  const where = text.includes('\n') ? `line ${lineNumber}, column ${column}` : `column ${column}`;
  // Tabs stay tabs so the caret lines up under a tab-indented expression.
  const pad = line.slice(0, at - lineStart).replace(/[^\t]/g, ' ');
  const message = [`${flag}: ${headline.replace('{column}', where)}`, `  ${line}`, `  ${pad}^`].join('\n');
  return new SqlError(message, hint);
}
