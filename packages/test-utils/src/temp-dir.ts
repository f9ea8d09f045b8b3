import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export interface TestDir {
  /** The directory itself. */
  readonly dir: string;
  /** The path of `name` inside the directory (nothing is created). */
  path(name: string): string;
  /** Writes `data` to `name` inside the directory and returns its path. */
  write(name: string, data: string | Uint8Array): string;
}

/**
 * A fresh directory `<os tmpdir>/<prefix>-XXXXXX`, removed with everything in it after the tests of the scope
 * that made it: call it at the top of a test file for one directory per file, or inside a `describe` for one
 * per block. Files stay there from one test to the next, so a test may read what an earlier one wrote.
 */
export function makeTestDir(prefix: string): TestDir {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    path: (name) => join(dir, name),
    write(name, data) {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
  };
}
