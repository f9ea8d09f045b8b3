import type { SpillStore } from './spill-store.js';
import type { SplitRunner } from './split-runner.js';

/**
 * What core needs from its host and cannot do itself, since it knows no files, threads or processes: a place to
 * spill, a way to run splits in parallel, and the process's resident memory for progress reports. The `df-stream`
 * package installs the Node runtime on import; without it core runs single-threaded and never spills.
 */
export interface Runtime {
  readonly spillStore?: SpillStore;
  readonly splitRunner?: SplitRunner;
  /** Resident set size of the process in bytes. */
  readonly rss?: () => number;
}

let installed: Runtime = {};

export function installRuntime(runtime: Runtime): void {
  installed = runtime;
}

export function currentRuntime(): Runtime {
  return installed;
}
