import { Chunk, Schema } from '@df-stream/core';
import { CategoricalColumn, ChunkReceiver, ChunkShipper, Dictionary, NumberColumn } from '@df-stream/core/internal';
import { describe, expect, it } from 'vitest';

const schema = new Schema([
  { name: 'k', dtype: 'categorical' },
  { name: 'v', dtype: 'int32' },
]);

/** A chunk of `values` coded in `dictionary`, which grows as a reader's does across its chunks. */
function chunkOf(dictionary: Dictionary, values: string[]): Chunk {
  const codes = Int32Array.from(values.map((v) => dictionary.intern(v)));
  return new Chunk(schema, [
    new CategoricalColumn(codes, dictionary),
    new NumberColumn(
      'int32',
      Int32Array.from(values, (_, i) => i),
    ),
  ]);
}

const valuesOf = (chunk: Chunk, name: string) => Array.from({ length: chunk.numRows }, (_, i) => chunk.column(name).get(i));

describe('chunks shipped between threads', () => {
  it('carry only what their dictionaries gained since the last chunk, and arrive with the same strings', () => {
    const dictionary = new Dictionary();
    const shipper = new ChunkShipper();
    const receiver = new ChunkReceiver();
    const batches = [['a', 'b', 'a'], ['b', 'c'], ['a'], ['d', 'a', 'c']];
    const gained: number[][] = [];
    for (const values of batches) {
      const { chunk, transfer } = shipper.ship(chunkOf(dictionary, values));
      gained.push(chunk.deltas.map((d) => d.offsets.length - 1));
      // As a worker posts it: the buffers move to the other side.
      const got = receiver.receive(structuredClone(chunk, { transfer }));
      expect(valuesOf(got, 'k')).toEqual(values);
      expect(valuesOf(got, 'v')).toEqual(values.map((_, i) => i));
    }
    expect(gained).toEqual([[2], [1], [], [1]]);
  });

  it('refuses a chunk whose dictionary misses what an earlier chunk carried', () => {
    const dictionary = new Dictionary();
    const shipper = new ChunkShipper();
    shipper.ship(chunkOf(dictionary, ['a', 'b']));
    const second = shipper.ship(chunkOf(dictionary, ['c'])).chunk;
    expect(() => new ChunkReceiver().receive(second)).toThrow(/0 strings where the sender had 2/);
  });

  it('moves only the buffers of copies it made, never one a column holds as it is (its reader may hand out more views of it)', () => {
    const whole = Int32Array.from([1, 2, 3]);
    const part = Int32Array.from([9, 8, 7, 6]).subarray(1, 3);
    const chunk = new Chunk(
      new Schema([
        { name: 'a', dtype: 'int32' },
        { name: 'b', dtype: 'int32' },
      ]),
      [new NumberColumn('int32', whole), new NumberColumn('int32', Int32Array.from([0, 0, 0]).subarray(0, 3))],
    );
    const { transfer } = new ChunkShipper().ship(chunk);
    expect(transfer).not.toContain(whole.buffer);
    const sliced = new Chunk(new Schema([{ name: 'a', dtype: 'int32' }]), [new NumberColumn('int32', part)]);
    const shipped = new ChunkShipper().ship(sliced);
    // The view on part of a buffer was copied: the copy may move.
    expect(shipped.transfer).toHaveLength(1);
    expect(shipped.transfer[0]).not.toBe(part.buffer);
  });

  it('refuses a delta that repeats a string (two codes would name it)', () => {
    const data = { fields: [{ name: 'k', dtype: 'categorical' as const }], numRows: 0, columns: [] };
    const twice = { id: 0, from: 0, offsets: Int32Array.of(0, 1, 2), bytes: Uint8Array.of(97, 97) };
    expect(() => new ChunkReceiver().receive({ data, deltas: [twice] })).toThrow(/received a string twice/);
  });
});
