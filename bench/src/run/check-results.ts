import type { EngineResult } from '../engines/engine-protocol.js';

export type CheckStatus = 'reference' | 'ok' | 'partial' | 'mismatch' | 'unchecked';

export interface CheckOutcome {
  status: CheckStatus;
  detail?: string;
}

/** db-benchmark compares each solution's per-column sums; 1e-6 absorbs float summation order, not wrong answers. */
export const relativeTolerance = 1e-6;

type Summary = Pick<EngineResult, 'rows' | 'totals'>;

/**
 * Compares an engine's result with the reference engine's: same number of result rows, and the same total of
 * every measure column both report. A column only one side reports makes the check `partial`, never `ok`.
 */
export function checkResult(result: Summary, reference: Summary | undefined, referenceName: string): CheckOutcome {
  if (!reference) return { status: 'unchecked', detail: 'no reference result' };
  const problems: string[] = [];
  if (result.rows !== reference.rows) problems.push(`rows ${result.rows} vs ${reference.rows}`);
  const missing: string[] = [];
  for (const [name, expected] of Object.entries(reference.totals)) {
    const actual = result.totals[name];
    if (actual === undefined) {
      missing.push(name);
      continue;
    }
    if (!closeEnough(actual, expected)) problems.push(`${name} ${actual} vs ${expected}`);
  }
  if (problems.length > 0) return { status: 'mismatch', detail: `${problems.join('; ')} (${referenceName})` };
  if (missing.length > 0) return { status: 'partial', detail: `not reported: ${missing.join(', ')}` };
  return { status: 'ok' };
}

/**
 * Integer totals (sums of ints, counts, min/max of ints) are exact in a double below 2^53, so they must be equal:
 * a tolerance would let an off-by-one in a 3e7 sum through. Float totals get the relative tolerance.
 */
export function closeEnough(a: number, b: number): boolean {
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return a === b;
  return Math.abs(a - b) <= relativeTolerance * Math.max(1, Math.abs(a), Math.abs(b));
}
