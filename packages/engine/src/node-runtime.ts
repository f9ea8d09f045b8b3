import { installRuntime, type Runtime } from '@df-stream/core/internal';
import { collectGarbage } from './collect-garbage.js';
import { FileSpillStore } from './file-spill-store.js';
import { removeTempFilesOnExit } from './temp-dirs.js';
import { ThreadSplitRunner } from './thread-split-runner.js';

let runtime: Runtime | undefined;

/**
 * The Node runtime: spills to temp files, splits on worker threads, the process's RSS, V8's collector on demand, a
 * turn of the event loop.
 */
export function nodeRuntime(): Runtime {
  runtime ??= {
    spillStore: new FileSpillStore(),
    splitRunner: new ThreadSplitRunner(),
    rss: () => process.memoryUsage.rss(),
    // maxRSS is in kilobytes.
    peakRss: () => process.resourceUsage().maxRSS * 1024,
    collectGarbage,
    turn: () => new Promise<void>((resolve) => setImmediate(resolve)),
  };
  return runtime;
}

/**
 * Installs the Node runtime into core (what `import 'df-stream'` does), and the removal of temp files (spill
 * directories, outputs under their temp names) at exit, on Ctrl-C and on SIGTERM; safe to call more than once.
 */
export function installNodeRuntime(): void {
  installRuntime(nodeRuntime());
  removeTempFilesOnExit();
}
