/**
 * Parses a row count the way people write them: `10000000`, `1e7`, `2.5e6`, `10_000_000`.
 * Throws on anything that is not a non-negative integer, so `--rows 1e-3` fails loudly instead of rounding to 0.
 */
export function parseCount(text: string, flag = 'count'): number {
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`--${flag} must be a non-negative integer such as 1e7, got "${text}"`);
  }
  return value;
}
