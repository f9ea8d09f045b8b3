import type { CaseResult } from './suite-result.js';

/**
 * The (query, dataset) pairs of a result's cases, in their order: the cases that read the same file, so the only
 * ones whose answers, times and memory are compared with each other.
 */
export function sameFileGroups(cases: readonly CaseResult[]): { query: string; dataset: string | undefined }[] {
  const seen = new Map<string, { query: string; dataset: string | undefined }>();
  for (const c of cases) seen.set(`${c.query}\0${c.dataset ?? ''}`, { query: c.query, dataset: c.dataset });
  return [...seen.values()];
}
