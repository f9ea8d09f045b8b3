/**
 * Formats a count in db-benchmark's file-name style: 1e7 -> "1e7", 100 -> "1e2", 2 -> "2e0", 5e6 -> "5e6".
 * Counts with more than one significant digit are written out in full, so two sizes never share a name.
 */
export function formatSci(n: number): string {
  const digits = String(n);
  if (/^[1-9]0*$/.test(digits)) return `${digits[0]}e${digits.length - 1}`;
  return digits;
}
