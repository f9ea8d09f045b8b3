import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('scripts/build-wasm.mjs', () => {
  it("finds every package's WebAssembly kernels, each compiled from its .wat source as committed", () => {
    const script = fileURLToPath(new URL('../build-wasm.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [script, '--check', '--list'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // core's kernels as well as io's (a directory the search missed would be checked by no one).
    const listed = run.stdout.trim().split('\n');
    expect(listed).toContain('packages/core/src/aggregates/wasm/sum.wat');
    expect(listed).toContain('packages/io/src/csv/read/wasm/dense-scanner.wat');
  });
});
