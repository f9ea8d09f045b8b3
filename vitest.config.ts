import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));
const internal = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/internal.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so a test never sees a stale build (worker threads excepted: they
    // load the compiled engine, which `pnpm test` builds first). Exact matches: `@df-stream/core` must not catch
    // `@df-stream/core/internal`.
    alias: [
      { find: /^@df-stream\/core$/, replacement: src('core') },
      { find: /^@df-stream\/core\/internal$/, replacement: internal('core') },
      { find: /^@df-stream\/io$/, replacement: src('io') },
      { find: /^@df-stream\/io\/internal$/, replacement: internal('io') },
      { find: /^@df-stream\/io\/split$/, replacement: fileURLToPath(new URL('./packages/io/src/open-split.ts', import.meta.url)) },
      { find: /^@df-stream\/engine$/, replacement: src('engine') },
      { find: /^@df-stream\/sql$/, replacement: src('sql') },
      { find: /^@df-stream\/sql\/internal$/, replacement: internal('sql') },
      { find: /^df-stream$/, replacement: src('df-stream') },
      { find: /^@df-stream\/cluster$/, replacement: src('cluster') },
      { find: /^@df-stream\/test-utils$/, replacement: src('test-utils') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'bench/test/**/*.test.ts', 'fuzz/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One test file per core. Vitest's default leaves a core free, which on the 2-core CI machine ran the files one
    // at a time: 528 s of tests there against 366 s with both cores, all 1,180 tests passing either way.
    maxWorkers: availableParallelism(),
  },
});
