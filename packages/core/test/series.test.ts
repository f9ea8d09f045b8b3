import { describe, expect, it } from 'vitest';
import { buildColumn } from '../src/column-builder.js';
import { DfError } from '../src/errors/df-error.js';
import { Series } from '../src/series.js';

describe('Series', () => {
  const chunks = [buildColumn([1, null]), buildColumn([]), buildColumn([3]), buildColumn([null, 5, 6])];
  const series = new Series('n', 'int8', chunks);

  it('reads rows across chunks, including around empty chunks', () => {
    const expected = [1, null, 3, null, 5, 6];
    expect(series.length).toBe(6);
    expect(expected.map((_, i) => series.get(i))).toStrictEqual(expected);
    expect(series.toArray()).toStrictEqual(expected);
    expect([...series]).toStrictEqual(expected);
    expect(series.nullCount).toBe(2);
  });

  it('rejects rows out of range', () => {
    expect(() => series.get(6)).toThrow(DfError);
    expect(() => series.get(-1)).toThrow(DfError);
  });
});
