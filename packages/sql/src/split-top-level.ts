/**
 * `text` split at each `sep` outside parentheses, brackets and quotes (`a, lower(b, 'x,y'), "c,d"` is three
 * pieces), each trimmed. Empty pieces are kept, so the caller can refuse `a,,b`.
 */
export function splitTopLevel(text: string, sep = ','): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      // A doubled quote ('it''s') closes and reopens: the same state.
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && text.startsWith(sep, i)) {
      pieces.push(text.slice(start, i).trim());
      start = i + sep.length;
      i = start - 1;
    }
  }
  pieces.push(text.slice(start).trim());
  return pieces;
}
