import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { benchRoot } from '../paths.js';

/**
 * Compiles bench/src to bench/dist with tsc (incremental, a second or two when nothing changed). Engines then run
 * as plain `node dist/engines/x.js`: under tsx every timed process would pay ~0.1 s and ~35 MB for the loader.
 */
export function compileBench(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(benchRoot, 'tsconfig.json')], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`tsc -p bench failed:\n${result.stdout}${result.stderr}`);
  }
}
