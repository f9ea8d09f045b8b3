import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DfError } from '@df-stream/core';

/**
 * The compiled JavaScript of a module of this package, for a worker thread to load: next to the caller in `dist/`,
 * or, when the caller runs from TypeScript sources (tests under vitest), the same file in `dist/`. Threads never
 * load TypeScript, so no loader (tsx) is needed at run time; tests build first (`pnpm test` does).
 */
export function compiledUrl(name: string, callerUrl: string): URL {
  const url = callerUrl.endsWith('.ts') ? new URL(`../dist/${name}.js`, callerUrl) : new URL(`./${name}.js`, callerUrl);
  if (!existsSync(fileURLToPath(url))) {
    throw new DfError('internal', `${fileURLToPath(url)} is missing`, { hint: 'build the workspace first: pnpm build' });
  }
  return url;
}
