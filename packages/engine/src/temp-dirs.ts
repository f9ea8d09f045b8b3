import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removePendingTempFiles } from '@df-stream/io/internal';

const live = new Set<string>();
let hooked = false;

/**
 * A private temp directory (spill files, a cluster job's local result), removed by `removeTempDir`, or at exit,
 * on Ctrl-C or on SIGTERM if the job died first. `DF_STREAM_TMPDIR` puts them somewhere else than the OS's.
 */
export function makeTempDir(prefix = 'df-stream-'): string {
  const dir = mkdtempSync(join(process.env.DF_STREAM_TMPDIR ?? tmpdir(), prefix));
  live.add(dir);
  removeTempFilesOnExit();
  return dir;
}

/** Removes `dir`; one that cannot be removed now (EBUSY, EIO) is tried again at exit rather than failing the caller. */
export function removeTempDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
    live.delete(dir);
  } catch {
    // Called from cleanup paths (dispose, finally): an error here would hide the error that got us there.
  }
}

/** Every temp directory, and every output file still under its temp name (io's `writeAtomically`): what exit and signals do. */
export function removeAllTempFiles(): void {
  for (const dir of [...live]) removeTempDir(dir);
  removePendingTempFiles();
}

/**
 * Removes all temp files at exit, on Ctrl-C and on SIGTERM (the Node runtime installs this; so does the first temp
 * directory). A signal's own default action still ends the process, unless the program handles it itself.
 */
export function removeTempFilesOnExit(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' runs for a normal end and for process.exit() (the CLI's Ctrl-C handler exits that way).
  process.once('exit', removeAllTempFiles);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      removeAllTempFiles();
      // Alone, a listener would swallow the signal: then end the process as the default action would.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
