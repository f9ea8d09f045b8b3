import { ColumnNotFoundError, DfError } from '@df-stream/core';
import { CsvError, FormatError } from '@df-stream/io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { reportError } from '../src/report-error.js';
import { UsageError } from '../src/usage-error.js';

/** What `reportError` writes to stderr, and the exit code it returns. */
function report(e: unknown): { code: number; stderr: string } {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    const code = reportError(e);
    return { code, stderr: writes.join('') };
  } finally {
    spy.mockRestore();
  }
}

function systemError(code: string, path: string): Error {
  return Object.assign(new Error(`${code}: something, open '${path}'`), { code, errno: -1, syscall: 'open', path });
}

describe('reportError', () => {
  beforeEach(() => {
    vi.stubEnv('NO_COLOR', '1');
    vi.stubEnv('DF_STREAM_DEBUG', '0');
  });
  afterEach(() => vi.unstubAllEnvs());

  it('a bug (a TypeError) is an internal error that asks to be reported, exit 1, no stack trace', () => {
    const r = report(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe("df-stream: error: internal error: Cannot read properties of undefined (reading 'x')");
    expect(lines[1]).toMatch(/^ {2}\(this is likely a bug in df-stream: please report it at the df-stream issue tracker, .*DF_STREAM_DEBUG=1/);
    expect(lines).toHaveLength(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a RangeError and a DfError of kind internal are internal errors too', () => {
    expect(report(new RangeError('Invalid array length')).stderr).toMatch(/^df-stream: error: internal error: Invalid array length\n/);
    expect(report(new DfError('internal', "unexpected reply 'end' to meta")).stderr).toMatch(/^df-stream: error: internal error: unexpected reply/);
    expect(report('thrown string').stderr).toMatch(/^df-stream: error: internal error: non-error thrown: "thrown string"\n/);
  });

  it('with DF_STREAM_DEBUG=1 an internal error shows its stack trace', () => {
    vi.stubEnv('DF_STREAM_DEBUG', '1');
    const r = report(new TypeError('boom'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^df-stream: error: internal error: boom\nTypeError: boom\n\s+at /);
    expect(r.stderr).toMatch(/bug in df-stream/);
  });

  it('bad data is one line (its hint already in it), exit 1', () => {
    const e = new CsvError('unterminated quoted field', { code: 'unterminated-quote', file: 'bad.csv', line: 3, byteOffset: 20, hint: 'close the quote' });
    const r = report(e);
    expect(r).toEqual({ code: 1, stderr: `df-stream: error: ${e.message}\n` });
    const f = report(new FormatError('not a Parquet file', { file: 'a.parquet', code: 'wrong-format' }));
    expect(f).toEqual({ code: 1, stderr: 'df-stream: error: a.parquet: not a Parquet file\n' });
  });

  it('usage mistakes print their hint and exit 2', () => {
    expect(report(new UsageError('agg needs --by', 'e.g. df-stream agg data.csv --by city'))).toEqual({
      code: 2,
      stderr: 'df-stream: error: agg needs --by\n  hint: e.g. df-stream agg data.csv --by city\n',
    });
    expect(report(new ColumnNotFoundError('cty', ['city'])).code).toBe(2);
    expect(report(new CsvError('dtypes names a column', { code: 'usage', file: 'a.csv', line: 1, byteOffset: 0 })).code).toBe(2);
    const zod = z.object({ n: z.number() }).safeParse({ n: 'x' });
    expect(zod.success).toBe(false);
    const r = report(zod.error);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('a file the OS refuses is one line naming it: ENOENT, EACCES, EISDIR exit 1', () => {
    expect(report(systemError('ENOENT', 'nope.csv'))).toEqual({ code: 1, stderr: 'df-stream: error: no such file: nope.csv\n' });
    expect(report(systemError('EACCES', 'secret.csv'))).toEqual({ code: 1, stderr: 'df-stream: error: permission denied: secret.csv\n' });
    expect(report(systemError('EISDIR', 'data'))).toEqual({ code: 1, stderr: 'df-stream: error: is a directory: data\n' });
    expect(report(new FormatError('EACCES: permission denied', { file: 'out.parquet', code: 'io' })).code).toBe(1);
  });
});
