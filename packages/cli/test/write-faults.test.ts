import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { type FileOps, nodeFileOps, setFileOps } from '@df-stream/io/internal';
import { type FileFault, faultyFileOps, makeTestDir } from '@df-stream/test-utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/main.js';

// The CLI in this process (as bin/df-stream.js runs it), so that a fault goes into the file layer it uses.
const test = makeTestDir('df-stream-cli-write-faults');
const tmp = test.path('tmp');
const input = test.write('in.csv', `k,v\n${Array.from({ length: 30_000 }, (_, i) => `key-${(i * 7919) % 6000},${i % 13}`).join('\n')}\n`);
const savedTmp = process.env.DF_STREAM_TMPDIR;
const signals = ['SIGINT', 'SIGTERM'] as const;
const savedListeners = signals.map((s) => process.listeners(s));

beforeAll(() => {
  mkdirSync(tmp);
  process.env.DF_STREAM_TMPDIR = tmp;
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.DF_STREAM_TMPDIR;
  else process.env.DF_STREAM_TMPDIR = savedTmp;
  // main() installed the CLI's Ctrl-C handler (it exits): the test runner's own signals must not reach it.
  signals.forEach((s, i) => {
    for (const l of process.listeners(s)) if (!savedListeners[i].includes(l)) process.removeListener(s, l);
  });
});

/** `df-stream ...args` with `faults` in the file layer: its exit code and what it printed on stderr. */
async function runWithFaults(args: readonly string[], faults: readonly FileFault[], real: FileOps = nodeFileOps): Promise<{ code: number; lines: string[] }> {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  const ops = faultyFileOps(real, faults);
  const restore = setFileOps(ops);
  try {
    const code = await main(args);
    expect(ops.hits.length).toBeGreaterThan(0);
    return {
      code,
      lines: writes
        .join('')
        .split('\n')
        .filter((l) => l !== ''),
    };
  } finally {
    restore();
    spy.mockRestore();
  }
}

/** No output, no temp file beside it, no spill directory. */
function expectNothingLeft(out: string): void {
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(test.dir).filter((n) => n.startsWith('.'))).toEqual([]);
  expect(readdirSync(tmp)).toEqual([]);
}

describe('df-stream on a failing disk: one error line (and its hint), exit 1, nothing left behind', () => {
  it('a spill that hits ENOSPC', async () => {
    const out = test.path('spill.csv');
    const args = ['agg', input, '--by', 'k', '--agg', 'v:sum', '--memory', '60KB', '--threads', '1', '-o', out];
    const { code, lines } = await runWithFaults(args, [{ op: 'write', path: /df-stream-spill-/, code: 'ENOSPC', afterBytes: 500 }]);
    expect(code).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^df-stream: error: cannot write ${tmp}/df-stream-spill-\\w+/p\\d+: no space left on device \\(ENOSPC\\)$`));
    expect(lines[1]).toMatch(/^ {2}hint: spill files go to DF_STREAM_TMPDIR/);
    expectNothingLeft(out);
  });

  it.each([
    ['csv', 'EIO'],
    ['parquet', 'ENOSPC'],
    ['feather', 'EIO'],
  ])('a .%s output that hits %s mid-file', async (ext, errno) => {
    const out = test.path(`out.${ext}`);
    const { code, lines } = await runWithFaults(['convert', input, out], [{ op: 'write', code: errno, afterBytes: 10_000 }]);
    expect(code).toBe(1);
    expect(lines[0]).toMatch(new RegExp(`^df-stream: error: cannot write ${out}: .* \\(${errno}\\)$`));
    expect(lines.slice(1).every((l) => l.startsWith('  hint: '))).toBe(true);
    expectNothingLeft(out);
  });

  it('stdout redirected to a file that fills up (written off the main thread)', async () => {
    // Standard output as the file layer gives it when it is a regular file: here a file of the test's.
    const redirected = await nodeFileOps.create(test.path('stdout.csv'), 'wx');
    try {
      const { code, lines } = await runWithFaults(
        ['agg', input, '--by', 'k', '--agg', 'v:sum', '--format', 'csv'],
        [{ op: 'write', path: /^stdout$/, code: 'ENOSPC', afterBytes: 10_000 }],
        {
          ...nodeFileOps,
          stdout: () => redirected,
        },
      );
      expect(code).toBe(1);
      expect(lines[0]).toBe('df-stream: error: cannot write stdout: no space left on device (ENOSPC)');
    } finally {
      await redirected.close();
    }
  });

  it('an output whose rename fails', async () => {
    const out = test.path('renamed.parquet');
    const { code, lines } = await runWithFaults(['agg', input, '--by', 'k', '--agg', 'count', '-o', out], [{ op: 'rename', code: 'EIO' }]);
    expect(code).toBe(1);
    expect(lines[0]).toBe(`df-stream: error: cannot write ${out}: i/o error (EIO)`);
    expectNothingLeft(out);
  });
});
