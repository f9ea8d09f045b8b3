import type { SpillStore } from './spill-store.js';
import type { SplitRunner } from './split-runner.js';

/**
 * What core needs from its host and cannot do itself, since it knows no files, threads or processes: a place to
 * spill, a way to run splits in parallel, the process's resident memory (for the memory governor and progress
 * reports), and a way to make V8 return freed memory. The `df-stream`
 * package installs the Node runtime on import; without it core runs single-threaded and never spills.
 */
export interface Runtime {
  readonly spillStore?: SpillStore;
  readonly splitRunner?: SplitRunner;
  /** Resident set size of the process in bytes. */
  readonly rss?: () => number;
  /** The highest resident set size of the process so far, in bytes. */
  readonly peakRss?: () => number;
  /**
   * A full garbage collection now, for the memory governor after a spill: freed typed arrays leave RSS only when
   * V8 collects them, and with a small JS heap it may not for a long while.
   */
  readonly collectGarbage?: () => void;
  /**
   * Resolves once the event loop has run what is waiting (setImmediate in Node): a thread's messages reach the
   * calling thread only then, and a reader whose reads are synchronous never lets that happen by itself.
   */
  readonly turn?: () => Promise<void>;
}

let installed: Runtime = {};

export function installRuntime(runtime: Runtime): void {
  installed = runtime;
}

export function currentRuntime(): Runtime {
  return installed;
}

/** One turn of the event loop: the runtime's `turn`, else a timer (which waits at least a millisecond in Node). */
export function turnEventLoop(): Promise<void> {
  return installed.turn?.() ?? new Promise<void>((resolve) => setTimeout(resolve, 0));
}
