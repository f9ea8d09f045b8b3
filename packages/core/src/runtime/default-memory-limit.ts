/**
 * The budget of an operator given none: half of the memory the OS reports free, at least 64 MB. Half leaves room
 * for the reader, the output and V8's own heap.
 */
export function defaultMemoryLimit(): number {
  return Math.max(64 * 2 ** 20, Math.floor(freeMemory() / 2));
}

function freeMemory(): number {
  // Core touches no OS module; Node 20.13+ has `process.availableMemory` (the cgroup limit when one is set).
  return (globalThis as { process?: { availableMemory?: () => number } }).process?.availableMemory?.() ?? 2 ** 31;
}
