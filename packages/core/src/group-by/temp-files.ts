import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let hooked = false;

/**
 * A private temp directory for spill files, removed by `removeTempDir`, or at process exit if a job
 * died first. The CLI also calls `removeAllTempDirs` on Ctrl-C before exiting.
 */
export function makeTempDir(prefix = 'df-stream-'): string {
  const dir = mkdtempSync(join(process.env.DF_STREAM_TMPDIR ?? tmpdir(), prefix));
  live.add(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeAllTempDirs);
  }
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

export function removeAllTempDirs(): void {
  for (const dir of [...live]) removeTempDir(dir);
}
