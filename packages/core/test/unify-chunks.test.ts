import { columnValues } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { Chunk } from '../src/chunk.js';
import type { CategoricalColumn } from '../src/column.js';
import { buildColumn } from '../src/column-builder.js';
import { Schema } from '../src/schema.js';
import { unifyChunks } from '../src/unify-chunks.js';

describe('unifyChunks', () => {
  it('turns number chunks into text through their common number dtype, as one chunk of all the values does', () => {
    // Found by the mixed-kinds property test: an int64 chunk went straight to text, exact, while in one chunk
    // the float that follows makes the column float64 first.
    for (const values of [
      [-(2 ** 63), 5e-324, ''],
      [2 ** 60, 0.5, 'x'],
      [2n ** 60n, 'x'],
      [7, 0.25, null, 'y'],
    ]) {
      const one = unifyChunks([Chunk.of({ v: buildColumn(values) })]);
      const many = unifyChunks(values.map((v) => Chunk.of({ v: buildColumn([v]) })));
      expect(many.chunks.flatMap((c) => columnValues(c.columns[0]))).toStrictEqual(one.chunks.flatMap((c) => columnValues(c.columns[0])));
    }
  });

  it('casts every chunk to the widest dtype', () => {
    const chunks = [Chunk.of({ n: buildColumn([1, 2]) }), Chunk.of({ n: buildColumn([300]) }), Chunk.of({ n: buildColumn([0.5]) })];
    const { schema, chunks: out } = unifyChunks(chunks);
    expect(schema.field('n').dtype).toBe('float64');
    expect(out.map((c) => c.columns[0].dtype)).toEqual(['float64', 'float64', 'float64']);
    expect(out.flatMap((c) => columnValues(c.columns[0]))).toStrictEqual([1, 2, 300, 0.5]);
  });

  it('recodes categoricals built on different dictionaries into one shared dictionary', () => {
    const a = buildColumn(['x', 'y']);
    const b = buildColumn(['y', 'z', null]);
    const { chunks } = unifyChunks([Chunk.of({ s: a }), Chunk.of({ s: b })]);
    const columns = chunks.map((c) => c.columns[0] as CategoricalColumn);
    expect(columns[0].dictionary).toBe(columns[1].dictionary);
    expect(columns.flatMap(columnValues)).toStrictEqual(['x', 'y', 'y', 'z', null]);
    expect(columns[0].dictionary.size).toBe(3);
  });

  it('ignores all-null chunks when choosing the dtype', () => {
    const { schema, chunks } = unifyChunks([Chunk.of({ s: buildColumn([null]) }), Chunk.of({ s: buildColumn(['q']) })]);
    expect(schema.field('s').dtype).toBe('categorical');
    expect(chunks.flatMap((c) => columnValues(c.columns[0]))).toStrictEqual([null, 'q']);
  });

  it('rejects chunks with different columns', () => {
    expect(() => unifyChunks([Chunk.of({ a: buildColumn([1]) }), Chunk.of({ b: buildColumn([1]) })])).toThrow(/different columns/);
  });

  it('returns the given schema when there are no chunks', () => {
    const schema = new Schema([{ name: 'a', dtype: 'int32' }]);
    expect(unifyChunks([], schema).schema).toBe(schema);
  });
});
