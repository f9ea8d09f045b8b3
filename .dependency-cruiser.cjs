// Dependency rules of df-stream (see "Layout" in the design: who may import whom). Run by `pnpm lint`:
//   depcruise packages/*/src packages/*/test examples bench fuzz --config .dependency-cruiser.cjs (bench/dist and bench/results excluded)
// Paths are relative to the repo root. Workspace packages (@df-stream/*, df-stream) resolve to packages/*/src
// through the `paths` of the root tsconfig.json; a package missing there resolves to its dist/ and fails
// `workspace-import-via-src` below.

/** A path regex matching our own modules (packages/*, examples, bench, fuzz) outside the `allowed` packages. */
const OURS_OTHER_THAN = (...allowed) => `^(packages/(?!(?:${allowed.join('|')})/)[^/]+/|examples/|bench/|fuzz/)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere (type-only imports are ignored: tsPreCompilationDeps is false, so only imports that survive compilation count).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      comment:
        'packages/core is pure computation: no Node built-in that touches the OS or the process (fs, fs/promises, worker_threads, child_process, os, path, v8, crypto, net, ...; with or without the node: prefix). The Node runtime lives in packages/engine.',
      from: { path: '^packages/core/src/' },
      // Allowed: `buffer` (a native memcmp), `module` and `url` (arrow-module.ts loads apache-arrow lazily and
      // synchronously with createRequire): they read no file, start no thread and hook no process event.
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?(buffer|module|url)$' },
    },
    {
      name: 'core-imports-nothing-of-ours',
      severity: 'error',
      comment: '@df-stream/core imports no other workspace package.',
      from: { path: '^packages/core/src/' },
      to: { path: OURS_OTHER_THAN('core') },
    },
    {
      name: 'io-imports-only-core',
      severity: 'error',
      comment: '@df-stream/io may import @df-stream/core and nothing else of ours.',
      from: { path: '^packages/io/src/' },
      to: { path: OURS_OTHER_THAN('core', 'io') },
    },
    {
      name: 'engine-imports-only-core-io',
      severity: 'error',
      comment: '@df-stream/engine (the Node runtime) may import @df-stream/core and @df-stream/io only.',
      from: { path: '^packages/engine/src/' },
      to: { path: OURS_OTHER_THAN('core', 'io', 'engine') },
    },
    {
      name: 'sql-imports-only-core-io',
      severity: 'error',
      comment: '@df-stream/sql (the SQL front end) may import @df-stream/core and @df-stream/io only: it builds plans, it runs nothing.',
      from: { path: '^packages/sql/src/' },
      to: { path: OURS_OTHER_THAN('core', 'io', 'sql') },
    },
    {
      name: 'df-stream-imports-only-core-io-sql-engine',
      severity: 'error',
      comment: 'The public package df-stream re-exports @df-stream/core, @df-stream/io and @df-stream/sql and wires @df-stream/engine; nothing else of ours.',
      from: { path: '^packages/df-stream/src/' },
      to: { path: OURS_OTHER_THAN('core', 'io', 'sql', 'engine', 'df-stream') },
    },
    {
      name: 'no-column-internals',
      severity: 'error',
      comment:
        'cli, cluster, sql, examples, bench and fuzz use the package entry points, never the column classes, builders, dictionaries, bitmaps or group-by internals of core.',
      from: { path: '^(packages/(cli|cluster|sql)/|examples/|bench/|fuzz/)' },
      to: { path: '^packages/core/src/((column|column-builder|dictionary|bitmap)\\.ts$|group-by/)' },
    },
    {
      name: 'no-deep-imports-across-packages',
      severity: 'error',
      comment:
        "Another package is imported by its name ('@df-stream/core', resolved through tsconfig paths), never by a relative path into its folder (../../core/src/...).",
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/', pathNot: '^packages/$1/', dependencyTypes: ['local'], dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'no-deep-imports-from-examples-bench',
      severity: 'error',
      comment: "examples, bench and fuzz import packages by name ('@df-stream/io'), never by a relative path into packages/.",
      from: { path: '^(examples|bench|fuzz)/' },
      to: { path: '^packages/', dependencyTypes: ['local'], dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'src-no-test-packages',
      severity: 'error',
      comment: 'Shipped code (packages/*/src) imports no test-only package: vitest, fast-check, tsx, @df-stream/test-utils.',
      from: { path: '^packages/[^/]+/src/', pathNot: '^packages/test-utils/' },
      to: { path: ['(^|/)node_modules/(vitest|@vitest/[^/]+|fast-check|tsx)/', '^(vitest|fast-check|tsx)$', '^packages/test-utils/'] },
    },
    {
      name: 'src-not-to-dev-dep',
      severity: 'error',
      comment: 'Shipped code imports only packages in its dependencies: a devDependency is absent when the package is installed.',
      from: { path: '^packages/[^/]+/src/', pathNot: '^packages/test-utils/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'workspace-import-via-src',
      severity: 'error',
      comment: 'A workspace package resolved to its build output: add it to the `paths` of the root tsconfig.json so imports are checked against its source.',
      // A bin launcher runs the build output on purpose: it is what npm links as the command.
      from: { path: '^(packages|examples|bench|fuzz)/', pathNot: '^packages/[^/]+/bin/' },
      to: { path: '^packages/[^/]+/(dist|bin)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Third-party code and our own build output are leaves: edges to them are checked, their insides are not.
    doNotFollow: { path: ['(^|/)node_modules/', '^packages/[^/]+/dist/'] },
    exclude: { path: ['^bench/(dist|results)/', '^fuzz/findings/'] },
    moduleSystems: ['es6', 'cjs'],
    // false: only dependencies that survive compilation count, so `import type` and imports used only as types
    // neither form cycles nor break layering rules.
    tsPreCompilationDeps: false,
    // The root tsconfig.json maps @df-stream/* and df-stream to packages/*/src/index.ts.
    tsConfig: { fileName: 'tsconfig.json' },
    // Look up dependencies in the package.json of the package and of the workspace root.
    combinedDependencies: true,
    // Workspace symlinks (node_modules/@df-stream/x -> packages/x) resolve to their real path.
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
