import { NumberColumn } from '@df-stream/core/internal';
import { describe, expect, it } from 'vitest';
import { BodyBuffers } from '../../src/feather/read/body-buffers.js';

describe('BodyBuffers', () => {
  it('gives a settled buffer out again, after copying out what a column viewed of it', () => {
    const pool = new BodyBuffers();
    const body = pool.take(64);
    new Float64Array(body.buffer, 0, 2).set([1.5, 2.5]);
    const viewing = new NumberColumn('float64', new Float64Array(body.buffer, 0, 2));
    const [owned] = pool.settle([body], [viewing]);
    expect((owned as NumberColumn).values.buffer).not.toBe(body.buffer);
    // Reusing the buffer does not change the column.
    const again = pool.take(32);
    expect(again.buffer).toBe(body.buffer);
    again.fill(0);
    expect([...(owned as NumberColumn).values]).toEqual([1.5, 2.5]);
  });

  it('keeps the smaller buffers when one alone passes the bytes it may keep', () => {
    const pool = new BodyBuffers();
    // Not touched, so not resident: a buffer past the 96 MiB the pool keeps.
    const huge = pool.take(100 * 2 ** 20);
    const small = pool.take(1000);
    pool.settle([huge, small], []);
    expect(pool.take(1000).buffer).toBe(small.buffer);
    expect(pool.take(0).length).toBe(0);
  });
});
