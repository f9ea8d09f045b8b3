import { DfError } from '@df-stream/core';
import { describe, expect, it } from 'vitest';
import { cancelledError, decodeError, encodeError, isFinal, refuseTask } from '../src/task-errors.js';

describe('task errors through the queue', () => {
  it('come back from the failed reason with their name, kind, hint and location', () => {
    const thrown = new DfError('data', 'data.csv:3: bad row', { hint: 'fix it', where: { file: 'data.csv', line: 3 }, code: 'field-count' });
    thrown.name = 'CsvError';
    const back = decodeError(encodeError(thrown), 'split 0');
    expect(back).toMatchObject({
      name: 'CsvError',
      kind: 'data',
      message: 'data.csv:3: bad row',
      hint: 'fix it',
      code: 'field-count',
      where: { file: 'data.csv', line: 3 },
    });
  });

  it('a reason that is not a wire record (a crash, a BullMQ message) is an internal error naming the task', () => {
    expect(decodeError('job stalled more than allowable limit', 'split 2')).toMatchObject({
      kind: 'internal',
      message: 'split 2 failed: job stalled more than allowable limit',
    });
    expect(decodeError(undefined, 'the merge task')).toMatchObject({ kind: 'internal', message: 'the merge task failed: unknown reason' });
    expect(decodeError('{"no":"message"}', 'split 1').kind).toBe('internal');
  });

  it('fail the job at once for bad data, a bad call, a refused task or a cancel, and retry io and internal errors', () => {
    expect(isFinal(new DfError('data', 'x'))).toBe(true);
    expect(isFinal(new DfError('usage', 'x'))).toBe(true);
    expect(isFinal(cancelledError())).toBe(true);
    expect(isFinal(decodeError(refuseTask('bad payload').message, 'split 0'))).toBe(true);
    expect(isFinal(new DfError('io', 'disk full'))).toBe(false);
    expect(isFinal(new DfError('internal', 'bug'))).toBe(false);
  });
});
