import { columnValues, ownBufferBytes } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { allValidBitmap, setBit } from '../src/bitmap.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, codeArrayFor, NumberColumn, Utf8Column } from '../src/column.js';
import { buildColumn } from '../src/column-builder.js';
import { Dictionary } from '../src/dictionary.js';

function validityOf(valid: readonly boolean[]): Uint8Array {
  const bits = new Uint8Array(Math.ceil(valid.length / 8));
  valid.forEach((v, i) => setBit(bits, i, v));
  return bits;
}

describe('columns', () => {
  it('drops a validity bitmap that marks no nulls', () => {
    const column = new NumberColumn('int32', new Int32Array([1, 2, 3]), allValidBitmap(3));
    expect(column.validity).toBeNull();
    expect(column.nullCount).toBe(0);
    expect(column.byteLength).toBe(12);
  });

  it('reads nulls from the bitmap and counts them', () => {
    const column = new NumberColumn('float64', new Float64Array([1, 2, 3]), validityOf([true, false, true]));
    expect(column.nullCount).toBe(1);
    expect(columnValues(column)).toStrictEqual([1, null, 3]);
    expect(column.byteLength).toBe(24 + 1);
  });

  it('returns int64 values within ±2^53 as numbers and beyond as bigints', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    const column = new BigIntColumn('int64', new BigInt64Array([max, max + 1n, -max, -max - 1n]));
    expect(columnValues(column)).toStrictEqual([Number.MAX_SAFE_INTEGER, max + 1n, -Number.MAX_SAFE_INTEGER, -max - 1n]);
  });

  it('slices every kind of column across byte boundaries of the bitmaps', () => {
    const values = Array.from({ length: 21 }, (_, i) => i);
    const valid = values.map((i) => i % 3 !== 0);
    const strings = values.map((i) => (valid[i] ? `s${i}é` : null));
    const columns = [
      new NumberColumn('int16', Int16Array.from(values), validityOf(valid)),
      new BigIntColumn('int64', BigInt64Array.from(values.map(BigInt)), validityOf(valid)),
      buildColumn(values.map((i) => (valid[i] ? i % 2 === 0 : null))),
      buildColumn(strings, { dtype: 'utf8' }),
      buildColumn(strings, { dtype: 'categorical' }),
    ];
    expect(columns.map((c) => c.constructor)).toEqual([NumberColumn, BigIntColumn, BoolColumn, Utf8Column, CategoricalColumn]);
    for (const column of columns) {
      const all = columnValues(column);
      for (const [start, end] of [
        [0, 21],
        [3, 11],
        [8, 16],
        [5, 5],
        [20, 21],
        [1, 2],
      ]) {
        const slice = column.slice(start, end);
        expect(slice.dtype).toBe(column.dtype);
        expect(columnValues(slice)).toStrictEqual(all.slice(start, end));
        expect(slice.nullCount).toBe(all.slice(start, end).filter((v) => v === null).length);
        // A slice without nulls carries no bitmap, and owns exactly the buffers it reports.
        expect(slice.validity === null).toBe(slice.nullCount === 0);
        expect(slice.byteLength).toBe(ownBufferBytes(slice));
      }
    }
  });

  it('keeps the dictionary of a sliced categorical column', () => {
    const dict = Dictionary.from(['a', 'b']);
    const column = new CategoricalColumn(new Uint8Array([1, 0, 1]), dict);
    expect(column.slice(1, 3).dictionary).toBe(dict);
    expect(columnValues(column.slice(1, 3))).toEqual(['a', 'b']);
    // The dictionary is not part of the column's own bytes.
    expect(column.byteLength).toBe(3);
  });

  it('utf8 offsets of a slice start at 0', () => {
    const column = buildColumn(['ab', 'cde', 'f'], { dtype: 'utf8' }) as Utf8Column;
    const slice = column.slice(1, 3);
    expect(Array.from(slice.offsets)).toEqual([0, 3, 4]);
    expect(new TextDecoder().decode(slice.data)).toBe('cdef');
  });

  it('picks the narrowest code array for a dictionary size', () => {
    expect(codeArrayFor(256, 1)).toBeInstanceOf(Uint8Array);
    expect(codeArrayFor(257, 1)).toBeInstanceOf(Uint16Array);
    expect(codeArrayFor(65536, 1)).toBeInstanceOf(Uint16Array);
    expect(codeArrayFor(65537, 1)).toBeInstanceOf(Uint32Array);
  });
});
