import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `path` all or nothing: `write` fills a temp file beside it (same directory, so the rename is atomic on
 * one filesystem), which is renamed to `path` once `write` has finished, or removed if it fails. A failed job
 * leaves no partial output under the real name.
 */
export async function writeAtomically<T>(path: string, write: (temp: string) => Promise<T>): Promise<T> {
  const temp = tempPathFor(path);
  try {
    const result = await write(temp);
    await rename(temp, path);
    return result;
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}

/** A fresh name beside `path` for a file that is not the output yet (`tag` says what it is: a part, a merge). */
export function tempPathFor(path: string, tag = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true }).catch(() => undefined);
}
