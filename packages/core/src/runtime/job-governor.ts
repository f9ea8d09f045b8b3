import { defaultMemoryLimit } from './default-memory-limit.js';
import { MemoryGovernor } from './memory-governor.js';
import { currentRuntime } from './runtime.js';

/**
 * The governor an operator that holds memory (group-by, sort, join, unique) reserves from, and passes to its inputs
 * in `ScanOptions.governor`, so that the operators of one plan share one budget:
 * - the one its consumer passed, as a rule;
 * - a new one of its own `memoryLimit` when the user gave that limit and the passed governor only has the default
 *   budget (a `sort` with no limit over a `groupBy` with one: the user's budget holds for the group-by and what
 *   it reads);
 * - a new one when none was passed (the top of the plan): `memoryLimit`, default half the free memory, above the
 *   RSS the process has now (the floor).
 */
export function jobGovernor(passed: MemoryGovernor | undefined, memoryLimit: number | undefined): MemoryGovernor {
  if (passed !== undefined && (passed.explicit || memoryLimit === undefined)) return passed;
  const runtime = currentRuntime();
  return new MemoryGovernor(memoryLimit ?? defaultMemoryLimit(), runtime.rss?.() ?? 0, runtime.collectGarbage, memoryLimit !== undefined);
}
