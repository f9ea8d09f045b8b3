import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileOps } from './file-ops.js';
import { writeError } from './write-error.js';

/** Temp files that exist now (or may: a write is under way), each with the output it is to become. */
const pending = new Map<string, string>();

/**
 * Writes `path` all or nothing: `write` fills a temp file beside it (same directory, so the rename is atomic on
 * one filesystem), which is renamed to `path` once `write` has finished, or removed if it fails. A failed job
 * leaves no partial output under the real name; a killed one (SIGKILL) leaves at most the hidden temp file.
 */
export async function writeAtomically<T>(path: string, write: (temp: string) => Promise<T>): Promise<T> {
  const temp = tempPathFor(path);
  try {
    const result = await write(temp);
    try {
      await fileOps().rename(temp, path);
    } catch (error) {
      throw writeError(error, path);
    }
    pending.delete(temp);
    return result;
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}

/**
 * A fresh name beside `path` for a file that is not the output yet (`tag` says what it is: a part, a merge). Hidden
 * (a leading dot) and ending in neither the output's extension nor any other, so no glob for inputs (`*.csv`, and
 * `*` in a shell or in the CLI, which skip dot files) picks up one a killed job left behind.
 */
export function tempPathFor(path: string, tag = 'tmp'): string {
  const temp = join(dirname(path), `.${basename(path)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
  pending.set(temp, path);
  return temp;
}

/** The output a temp file of `tempPathFor` is for (the name errors should give), or the path itself. */
export function outputOf(temp: string): string {
  return pending.get(temp) ?? temp;
}

export async function removeQuietly(path: string): Promise<void> {
  // Recursive: a partitioned output's temp name is a directory (temp names are always df-stream's own).
  await rm(path, { force: true, recursive: true }).catch(() => undefined);
  pending.delete(path);
}

/**
 * Removes every temp file of a write still under way: what the runtime does at exit and on SIGINT/SIGTERM, when
 * the writes' own cleanup will never run. Synchronous, as an 'exit' listener must be.
 */
export function removePendingTempFiles(): void {
  for (const temp of [...pending.keys()]) {
    try {
      rmSync(temp, { force: true, recursive: true });
    } catch {
      // Best effort at exit: a file that cannot be removed now cannot be removed later either.
    }
    pending.delete(temp);
  }
}
