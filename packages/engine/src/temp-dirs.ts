import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let hooked = false;

/**
 * A private temp directory (spill files, a cluster job's local result), removed by `removeTempDir`, or at exit,
 * on Ctrl-C or on SIGTERM if the job died first. `DF_STREAM_TMPDIR` puts them somewhere else than the OS's.
 */
export function makeTempDir(prefix = 'df-stream-'): string {
  const dir = mkdtempSync(join(process.env.DF_STREAM_TMPDIR ?? tmpdir(), prefix));
  live.add(dir);
  hookProcess();
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

export function removeAllTempDirs(): void {
  for (const dir of [...live]) removeTempDir(dir);
}

function hookProcess(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' runs for a normal end and for process.exit() (the CLI's Ctrl-C handler exits that way).
  process.once('exit', removeAllTempDirs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      removeAllTempDirs();
      // Alone, a listener would swallow the signal: then end the process as the default action would.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
