import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DfError } from '../errors/df-error.js';

/** apache-arrow's exports, as `import 'apache-arrow'` gives them. */
export type ArrowModule = typeof import('apache-arrow');

let arrow: ArrowModule | undefined;

/**
 * apache-arrow, loaded on first use: evaluating it takes ~100 ms, which every import of df-stream
 * (each CLI run, each group-by worker thread) paid even for jobs that never touch Arrow, Parquet or
 * Feather. Every value of apache-arrow that df-stream uses must come from here, never from an
 * `import` of it (`import type` is fine).
 *
 * It loads synchronously, because `toArrow()`, `fromArrow()` and the exporters are synchronous. It
 * loads the ESM build, the one the user's own `import 'apache-arrow'` gets: the CJS build has other
 * class objects, and apache-arrow checks `instanceof` (a table made from one build breaks the other's
 * `tableToIPC`). Hence `require()` of the file `import` resolves to (Node 20.19+ require ES modules),
 * not `require('apache-arrow')`, which picks the CJS build. Nothing here uses `import()`: a
 * `require()` while an `import()` of the same module is still loading throws.
 */
export function arrowModule(): ArrowModule {
  if (arrow === undefined) {
    if (process.features.require_module !== true) {
      throw new DfError('usage', `Arrow, Parquet and Feather support needs Node.js 20.19 or later (this is ${process.version})`, { hint: 'upgrade Node.js' });
    }
    arrow = createRequire(import.meta.url)(fileURLToPath(import.meta.resolve('apache-arrow'))) as ArrowModule;
  }
  return arrow;
}
