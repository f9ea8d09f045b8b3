import { columnValues, ownBufferBytes } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { Chunk } from '../src/chunk.js';
import { buildColumn } from '../src/column-builder.js';
import { ColumnNotFoundError, Schema } from '../src/schema.js';

describe('Chunk', () => {
  const chunk = Chunk.of({ a: buildColumn([1, 2, 3]), b: buildColumn(['x', null, 'z']) });

  it('knows its rows, schema and own bytes', () => {
    expect(chunk.numRows).toBe(3);
    expect(chunk.schema.names).toEqual(['a', 'b']);
    expect(chunk.byteLength).toBe(chunk.columns.reduce((n, c) => n + ownBufferBytes(c), 0));
  });

  it('slices (clamped) and selects', () => {
    expect(columnValues(chunk.slice(1).column('b'))).toStrictEqual([null, 'z']);
    expect(chunk.slice(2, 99).numRows).toBe(1);
    expect(chunk.slice(5).numRows).toBe(0);
    expect(chunk.select(['b']).schema.names).toEqual(['b']);
    expect(() => chunk.column('c')).toThrow(ColumnNotFoundError);
  });

  it('keeps its row count when it keeps no column (what count(*) reads)', () => {
    const none = chunk.select([]);
    expect(none.numRows).toBe(3);
    expect(none.slice(1).numRows).toBe(2);
    expect(none.slice(1, 2).numRows).toBe(1);
  });

  it('rejects columns of different lengths or of another dtype than the schema', () => {
    expect(() => Chunk.of({ a: buildColumn([1]), b: buildColumn([1, 2]) })).toThrow("column 'b' has 2 rows, expected 1");
    const schema = new Schema([{ name: 'a', dtype: 'int32' }]);
    expect(() => new Chunk(schema, [buildColumn([1])])).toThrow("column 'a' is int8 but the schema says int32");
  });
});
