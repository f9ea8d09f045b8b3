import { columnValues } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { Chunk } from '../src/chunk.js';
import { CategoricalColumn } from '../src/column.js';
import { buildColumn } from '../src/column-builder.js';
import { Dictionary } from '../src/dictionary.js';
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

  it('recodes chunks that alternate between two growing dictionaries, as a parallel scan gives them', () => {
    const left = new Dictionary();
    const right = new Dictionary();
    const chunks: Chunk[] = [];
    const want: (string | null)[] = [];
    // Each dictionary holds more than its first chunk uses (a reader's grows on), and a null row's code is whatever the
    // reader left.
    for (let k = 0; k < 6; k++) {
      const dictionary = k % 2 === 0 ? left : right;
      const values = Array.from({ length: 50 }, (_, i) => (i % 11 === 0 ? null : `v${(i * 7 + k * 13) % (10 + 5 * k)}`));
      const codes = Int32Array.from(values, (v) => (v === null ? 0 : dictionary.intern(v)));
      const validity = new Uint8Array(7);
      values.forEach((v, i) => {
        if (v !== null) validity[i >>> 3] |= 1 << (i & 7);
      });
      chunks.push(Chunk.of({ s: new CategoricalColumn(codes, dictionary, validity) }));
      want.push(...values);
    }
    const unified = unifyChunks(chunks).chunks.map((c) => c.columns[0] as CategoricalColumn);
    expect(new Set(unified.map((c) => c.dictionary)).size).toBe(1);
    expect(unified.flatMap(columnValues)).toStrictEqual(want);
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
