import { DfError } from '@df-stream/core';
import { compiledUrl } from '@df-stream/engine';
import { describe, expect, it } from 'vitest';

describe('compiledUrl', () => {
  it("finds a module's compiled JavaScript in dist/, also when the caller runs from its TypeScript source", () => {
    const url = compiledUrl('split-thread', new URL('../src/thread-split-runner.ts', import.meta.url).href);
    expect(url.pathname.endsWith('/packages/engine/dist/split-thread.js')).toBe(true);
  });

  it('says to build first, as an internal error, when the compiled file is missing', () => {
    const error = (() => {
      try {
        compiledUrl('no-such-module', new URL('../src/thread-split-runner.ts', import.meta.url).href);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DfError);
    expect(error).toMatchObject({ kind: 'internal', hint: 'build the workspace first: pnpm build' });
    expect((error as Error).message).toMatch(/no-such-module\.js is missing/);
  });
});
