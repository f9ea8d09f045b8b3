import { describe, expect, it } from 'vitest';
import { classifyRun } from '../src/classify-run.js';
import type { RunResult } from '../src/run-cli.js';

const run = (over: Partial<RunResult>): RunResult => ({
  code: 1,
  signal: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  overMemory: false,
  peakRssMb: 80,
  ms: 500,
  ...over,
});

describe('classifyRun', () => {
  it('accepts exit 0 with a quiet stderr, and exit 1 or 2 with one error line and a hint', () => {
    expect(classifyRun(run({ code: 0 }))).toEqual({ ok: true, exit: 0 });
    expect(classifyRun(run({ stderr: 'df-stream: error: x.csv:3: bad quote (byte 9)\n  hint: fix it\n' }))).toEqual({ ok: true, exit: 1 });
    expect(classifyRun(run({ code: 2, stderr: "df-stream: error: column 'k' not found; available: a\n" }))).toEqual({ ok: true, exit: 2 });
    // A usage error quotes its expression with a caret under it.
    const caret = "df-stream: error: --by: syntax error at column 9: unexpected 'Phone'\n  Contact Phone\n          ^\n  hint: quote it\n";
    expect(classifyRun(run({ code: 2, stderr: caret }))).toEqual({ ok: true, exit: 2 });
    expect(classifyRun(run({ code: 1, stderr: caret })).ok).toBe(false);
  });

  it('finds hangs, memory, crashes, stack traces, internal errors, panics and unclean output', () => {
    const kind = (over: Partial<RunResult>): string => {
      const verdict = classifyRun(run(over));
      return verdict.ok ? 'ok' : verdict.kind;
    };
    expect(kind({ timedOut: true, code: null, signal: 'SIGKILL' })).toBe('hang');
    expect(kind({ overMemory: true, code: null, signal: 'SIGKILL' })).toBe('memory');
    expect(kind({ code: 134, stderr: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n' })).toBe('memory');
    expect(kind({ code: null, signal: 'SIGSEGV' })).toBe('crash');
    expect(kind({ code: 7 })).toBe('crash');
    expect(kind({ stderr: 'TypeError: x is undefined\n    at f (file:///a/b.js:3:9)\n' })).toBe('stack-trace');
    expect(kind({ stderr: 'df-stream: error: internal error: oops\n' })).toBe('internal-error');
    expect(kind({ stderr: 'df-stream: error: f.parquet: parquet decoder crashed: unreachable\n' })).toBe('decoder-panic');
    expect(kind({ stderr: 'df-stream: error: a\nb\nc\n' })).toBe('unclean-output');
    expect(kind({ stderr: `df-stream: error: ${'x'.repeat(2000)}\n` })).toBe('unclean-output');
    expect(kind({ stderr: "df-stream: error: column '\u001b[31m' not found\n" })).toBe('unclean-output');
    expect(kind({ code: 0, stderr: 'warning\n' })).toBe('unclean-output');
  });
});
