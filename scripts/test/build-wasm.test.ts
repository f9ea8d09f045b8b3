import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('scripts/build-wasm.mjs', () => {
  it("finds every package's WebAssembly kernels, each compiled from its .wat source as committed", () => {
    const script = fileURLToPath(new URL('../build-wasm.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [script, '--check', '--list'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // Every .wat git knows of under packages/ (a source the search missed would be checked by no one).
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const tracked = spawnSync('git', ['ls-files', 'packages/*.wat'], { cwd: root, encoding: 'utf8' });
    expect(tracked.status).toBe(0);
    const expected = tracked.stdout.trim().split('\n').sort();
    expect(expected).toContain('packages/core/src/aggregates/wasm/sum.wat');
    expect(run.stdout.trim().split('\n').sort()).toEqual(expected);
  });
});
