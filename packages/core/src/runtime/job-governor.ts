import { defaultMemoryLimit } from './default-memory-limit.js';
import { MemoryGovernor } from './memory-governor.js';
import { currentRuntime } from './runtime.js';

/**
 * The governor of a job that starts now: `memoryLimit` (default: half the free memory) above the RSS the process has
 * now. The first operator of a plan that holds memory makes it and passes it down in `ScanOptions.governor`, so every
 * operator of the plan (a join under a group-by under a sort) reserves from the one budget.
 */
export function jobGovernor(memoryLimit: number | undefined): MemoryGovernor {
  const runtime = currentRuntime();
  return new MemoryGovernor(memoryLimit ?? defaultMemoryLimit(), runtime.rss?.() ?? 0, runtime.collectGarbage);
}
