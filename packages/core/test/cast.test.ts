import { columnValues } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { castColumn } from '../src/cast.js';
import { CategoricalColumn } from '../src/column.js';
import { buildColumn } from '../src/column-builder.js';
import { Dictionary } from '../src/dictionary.js';

describe('castColumn', () => {
  it('widens integers exactly, keeping nulls', () => {
    const column = buildColumn([-128, null, 127]);
    for (const dtype of ['int16', 'int32', 'int64', 'float32', 'float64'] as const) {
      const cast = castColumn(column, dtype);
      expect(cast.dtype).toBe(dtype);
      expect(columnValues(cast)).toStrictEqual([-128, null, 127]);
    }
  });

  it('turns int64 into float64', () => {
    const cast = castColumn(buildColumn([2n ** 60n, null]), 'float64');
    expect(columnValues(cast)).toStrictEqual([2 ** 60, null]);
  });

  it('turns anything into utf8 text', () => {
    expect(columnValues(castColumn(buildColumn([1.5, null, Number.NaN]), 'utf8'))).toStrictEqual(['1.5', null, 'NaN']);
    expect(columnValues(castColumn(buildColumn([true, false]), 'utf8'))).toStrictEqual(['true', 'false']);
    expect(columnValues(castColumn(buildColumn(['x', null, 'y']), 'utf8'))).toStrictEqual(['x', null, 'y']);
  });

  it('writes timestamps as ISO text, as the builder does for a Date among strings', () => {
    const when = buildColumn([new Date('2024-02-29T12:00:00.5Z'), null]);
    expect(columnValues(castColumn(when, 'utf8'))).toStrictEqual(['2024-02-29T12:00:00.500Z', null]);
    expect(columnValues(buildColumn(['x', new Date('2024-02-29T12:00:00.5Z')]))[1]).toBe('2024-02-29T12:00:00.500Z');
  });

  it('casts an all-null column to any dtype', () => {
    const nulls = buildColumn([null, null]);
    for (const dtype of ['bool', 'int64', 'float64', 'utf8', 'categorical', 'timestamp'] as const) {
      const cast = castColumn(nulls, dtype);
      expect(cast.dtype).toBe(dtype);
      expect(columnValues(cast)).toStrictEqual([null, null]);
    }
  });

  it('recodes strings into a given dictionary', () => {
    const shared = Dictionary.from(['b', 'a']);
    const cast = castColumn(buildColumn(['a', 'c', null], { dtype: 'utf8' }), 'categorical', shared);
    expect(cast).toBeInstanceOf(CategoricalColumn);
    expect((cast as CategoricalColumn).dictionary).toBe(shared);
    expect(Array.from((cast as CategoricalColumn).codes.subarray(0, 2))).toEqual([1, 2]);
    expect(columnValues(cast)).toStrictEqual(['a', 'c', null]);
  });
});
