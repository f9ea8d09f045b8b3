import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ itself, found from this file so that src/ (tsx) and dist/ (compiled) agree. */
export const benchRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(benchRoot, '..');
export const dataDir = path.join(benchRoot, 'data');
export const resultsDir = path.join(benchRoot, 'results');
export const docsFile = path.join(repoRoot, 'docs', 'benchmarks.md');

/**
 * `pnpm bench` runs with bench/ as cwd, so a path the user typed is resolved against the directory they typed it
 * in (INIT_CWD, set by pnpm and npm), not against bench/.
 */
export function resolveUserPath(p: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), p);
}

/** Paths in reports are relative to the repo root so they read the same on every machine. */
export function repoRelative(p: string): string {
  return path.relative(repoRoot, p) || '.';
}
