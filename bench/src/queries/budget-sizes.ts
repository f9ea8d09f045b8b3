/**
 * The budgets of issue 20's suite, in bytes. Decimal, as the CLI reads `--memory 256MB` and DuckDB reads
 * `memory_limit = '256MB'`: the same number of bytes for both engines.
 */
export const budgetSizes = [256e6, 512e6, 1e9];

const units = [
  { suffix: 'GB', bytes: 1e9 },
  { suffix: 'MB', bytes: 1e6 },
  { suffix: 'KB', bytes: 1e3 },
];

/** `256MB`, `1GB`: the size as the CLI's `--memory` and the bench's `--budgets` take it. */
export function budgetFlag(bytes: number): string {
  const unit = units.find((u) => bytes >= u.bytes && bytes % u.bytes === 0);
  return unit ? `${bytes / unit.bytes}${unit.suffix}` : `${bytes}B`;
}

/** `256 MB`, `1 GB`: the size in a report. */
export function budgetText(bytes: number): string {
  return budgetFlag(bytes).replace(/(\d)([A-Z]+)$/, '$1 $2');
}

/** A budgeted query's id: `q10-256mb`, in the style of j5-256mb. */
export function budgetQueryId(baseId: string, bytes: number): string {
  return `${baseId}-${budgetFlag(bytes).toLowerCase()}`;
}

/** The query a budgeted one runs under a budget: `q10` for q10-256mb (the id itself when it has no such suffix). */
export function budgetBaseId(id: string, bytes: number): string {
  const suffix = budgetQueryId('', bytes);
  return id.endsWith(suffix) ? id.slice(0, -suffix.length) : id;
}

/** Reads `256MB`, `1gb`, `512e6` (decimal units only: the budgets are decimal) as bytes; throws on anything else. */
export function parseBudget(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*(kb|mb|gb|b)?\s*$/i.exec(text);
  const unit = units.find((u) => u.suffix === m?.[2]?.toUpperCase());
  const bytes = m ? Number(m[1]) * (unit?.bytes ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new Error(`--budgets takes sizes such as 256MB or 1GB, got "${text}"`);
  return bytes;
}
