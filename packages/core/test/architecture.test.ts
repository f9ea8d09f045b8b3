import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every TypeScript file under a directory. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

describe('core', () => {
  // dependency-cruiser (pnpm lint) checks core's imports; this checks what an import rule cannot see.
  it('hooks no process event and never exits the process: the runtime does that', () => {
    const src = new URL('../src', import.meta.url).pathname;
    const offenders = sources(src).filter((f) => /\bprocess\.(on|once|addListener|prependListener|exit|kill)\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
