/**
 * Names are cut past this in messages: a header line of 50,000 characters read as one name (an unbalanced quote)
 * must not make a 50 kB error line.
 */
const MAX_SHOWN = 80;
/** Names listed in a message (the columns a file has): a wide file lists its first ones and a count. */
const MAX_LISTED = 20;

/**
 * A name from a file (a column, a field) as an error message shows it: quoted, cut to 80 characters, its control
 * characters escaped, since a corrupt file's names may hold line breaks or terminal escape sequences.
 */
export function quoteName(name: string): string {
  return `'${shownName(name)}'`;
}

/** Names as a message lists them: the first 20, comma-separated, each shown as by `quoteName` without quotes. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).map(shownName).join(', ');
  return names.length > MAX_LISTED ? `${shown}, … (${names.length} in all)` : shown;
}

function shownName(name: string): string {
  const chars = name.length > MAX_SHOWN ? [...name] : undefined;
  const cut = chars !== undefined && chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN).join('')}… (${chars.length} characters)` : name;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point.
  return cut.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
