// Bundles the compiled modules of the packages every process and worker thread loads (core, io, sql, engine) into
// one ES module per entry point plus the chunks they share, after `tsc -b`. Why: loading ~370 small modules one by
// one (resolve, read, compile, link) cost more than the work of a small query. Core alone first: import of df-stream
// 0.20 -> 0.13 s, RSS 53 -> 44 MB a thread. Then io, sql and engine (~160 modules to ~60): import 127-182 -> 93-126
// ms, peak RSS of a Parquet q1 90-96 -> 81-88 MB. tsc still emits the per-file output and the .d.ts files; each
// package's `exports` points at its bundle. Entries are the package's export targets, and engine's worker scripts
// (`compiledUrl` finds them beside the bundle that starts the thread).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packages = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages');
const entries = {
  core: ['index', 'internal'],
  io: ['index', 'internal', 'open-split'],
  sql: ['index', 'internal'],
  engine: ['index', 'scan-thread', 'split-thread'],
  cli: ['index', 'main'],
};
/**
 * Dependencies bundled in: the CLI carries zod (~95 modules, 95-110 ms to load; one bundled module 40-60 ms) and
 * hands it to io (`shared-zod.ts`), so that there is one zod.
 */
const inlined = { cli: ['zod'] };

for (const [name, modules] of Object.entries(entries)) {
  const dist = join(packages, name, 'dist');
  const outdir = join(dist, 'bundle');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: Object.fromEntries(modules.map((m) => [m, join(dist, `${m}.js`)])),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies stay imports: other packages of ours load their own bundle (one copy of each class), and
    // apache-arrow, parquet-wasm and the codecs are loaded on demand by path. Those in `inlined` are bundled.
    ...(inlined[name] === undefined ? { packages: 'external' } : { plugins: [externalExcept(inlined[name])] }),
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

/** An esbuild plugin marking every package import external but those named (and their own files). */
function externalExcept(names) {
  return {
    name: 'external-except',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const pkg = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        // Imports from inside an inlined package (its own dependencies) are bundled with it.
        const inside = names.some((n) => args.importer.includes(`/node_modules/${n}/`) || args.importer.includes(`/node_modules/.pnpm/${n}@`));
        return names.includes(pkg) || inside ? undefined : { path: args.path, external: true };
      });
    },
  };
}
