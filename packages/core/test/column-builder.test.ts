import { columnValues, dtypesOf, expectFrameEqual } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { Chunk } from '../src/chunk.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn, Utf8Column } from '../src/column.js';
import { buildColumn, ColumnBuilder } from '../src/column-builder.js';
import { DataFrame } from '../src/data-frame.js';
import { DfError } from '../src/errors/df-error.js';

/** Builds one chunk per array with one builder (decisions carry over between chunks). */
function buildChunks(chunks: readonly (readonly unknown[])[], options: ConstructorParameters<typeof ColumnBuilder>[0] = {}): Column[] {
  const builder = new ColumnBuilder(options);
  return chunks.map((values) => {
    for (const v of values) builder.append(v);
    return builder.finish();
  });
}

describe('integer downcasting', () => {
  it.each([
    { values: [0, 127], dtype: 'int8', array: Int8Array },
    { values: [-128, 0], dtype: 'int8', array: Int8Array },
    { values: [0, 128], dtype: 'int16', array: Int16Array },
    { values: [-129, 0], dtype: 'int16', array: Int16Array },
    { values: [32767, -32768], dtype: 'int16', array: Int16Array },
    { values: [32768], dtype: 'int32', array: Int32Array },
    { values: [-32769], dtype: 'int32', array: Int32Array },
    { values: [2 ** 31 - 1, -(2 ** 31)], dtype: 'int32', array: Int32Array },
    { values: [2 ** 31], dtype: 'int64', array: BigInt64Array },
    { values: [-(2 ** 31) - 1], dtype: 'int64', array: BigInt64Array },
    { values: [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER], dtype: 'int64', array: BigInt64Array },
  ] as const)('$values -> $dtype', ({ values, dtype, array }) => {
    const column = buildColumn(values);
    expect(column.dtype).toBe(dtype);
    expect(column instanceof NumberColumn || column instanceof BigIntColumn).toBe(true);
    expect((column as NumberColumn | BigIntColumn).values).toBeInstanceOf(array);
    expect(columnValues(column)).toStrictEqual([...values]);
  });

  it('reads bigints beyond 2^53 back exactly, as bigints', () => {
    const values = [2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 7n, -(2n ** 53n) - 1n];
    const column = buildColumn(values);
    expect(column.dtype).toBe('int64');
    expect(columnValues(column)).toStrictEqual([2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 7, -(2n ** 53n) - 1n]);
  });

  it('keeps small bigints compact: bigint input does not force int64', () => {
    const column = buildColumn([1n, -5n, 100n]);
    expect(column.dtype).toBe('int8');
    expect(columnValues(column)).toStrictEqual([1, -5, 100]);
  });

  it('keeps int64 exact when small numbers and large bigints are mixed in either order', () => {
    expect(columnValues(buildColumn([1, 2n ** 60n, -3]))).toStrictEqual([1, 2n ** 60n, -3]);
    expect(columnValues(buildColumn([2n ** 60n, 1, null, -3n]))).toStrictEqual([2n ** 60n, 1, null, -3]);
  });

  it('stores an integer-valued number between 2^53 and 2^63 as int64 (it reads back as bigint)', () => {
    const column = buildColumn([2 ** 60]);
    expect(column.dtype).toBe('int64');
    expect(column.get(0)).toBe(2n ** 60n);
  });

  it('turns integers beyond int64 into float64 rather than wrapping', () => {
    const asNumber = buildColumn([1, 2 ** 64]);
    expect(asNumber.dtype).toBe('float64');
    expect(columnValues(asNumber)).toStrictEqual([1, 2 ** 64]);
    const asBigInt = buildColumn([1n, 2n ** 64n, -(2n ** 63n) - 1n]);
    expect(asBigInt.dtype).toBe('float64');
    expect(columnValues(asBigInt)).toStrictEqual([1, 2 ** 64, -(2 ** 63)]);
    // Also after an exact int64 value was already stored.
    expect(columnValues(buildColumn([2n ** 60n, 2n ** 70n]))).toStrictEqual([2 ** 60, 2 ** 70]);
  });
});

describe('floats, NaN and nulls', () => {
  it('stores NaN as a float value, not a null', () => {
    const column = buildColumn([1.5, Number.NaN, null, Infinity, -Infinity]);
    expect(column.dtype).toBe('float64');
    expect(column.nullCount).toBe(1);
    expect(columnValues(column)).toStrictEqual([1.5, Number.NaN, null, Infinity, -Infinity]);
  });

  it('makes NaN alone a float64 column with no nulls and no validity bitmap', () => {
    const column = buildColumn([Number.NaN, Number.NaN]);
    expect(column.dtype).toBe('float64');
    expect(column.nullCount).toBe(0);
    expect(column.validity).toBeNull();
  });

  it('keeps -0 exact (an integer array would turn it into 0)', () => {
    const column = buildColumn([-0, 1]);
    expect(column.dtype).toBe('float64');
    expect(Object.is(column.get(0), -0)).toBe(true);
  });

  it('turns ints into float64 when a fraction appears, values exact', () => {
    const column = buildColumn([1, 2 ** 40, 0.5, null]);
    expect(column.dtype).toBe('float64');
    expect(columnValues(column)).toStrictEqual([1, 2 ** 40, 0.5, null]);
  });

  it('uses float32 only on request', () => {
    expect(buildColumn([0.1, 0.2]).dtype).toBe('float64');
    const f32 = buildColumn([0.1, 2, null], { dtype: 'float32' });
    expect(f32.dtype).toBe('float32');
    expect((f32 as NumberColumn).values).toBeInstanceOf(Float32Array);
    expect(columnValues(f32)).toStrictEqual([Math.fround(0.1), 2, null]);
  });
});

describe('empty and all-null columns', () => {
  it('builds an empty column as int8 of length 0 without a bitmap', () => {
    const column = buildColumn([]);
    expect(column.dtype).toBe('int8');
    expect(column.length).toBe(0);
    expect(column.nullCount).toBe(0);
    expect(column.validity).toBeNull();
    expect(column.byteLength).toBe(0);
  });

  it('builds an all-null column with every row null', () => {
    const column = buildColumn([null, undefined, null]);
    expect(column.length).toBe(3);
    expect(column.nullCount).toBe(3);
    expect(columnValues(column)).toStrictEqual([null, null, null]);
    expect(column.validity).not.toBeNull();
  });

  it('gives an all-null chunk the type settled by earlier chunks', () => {
    const [a, b] = buildChunks([
      [1, 40_000],
      [null, null],
    ]);
    expect(a.dtype).toBe('int32');
    expect(b.dtype).toBe('int32');
    const [s, t] = buildChunks([['x'], [null]]);
    expect(s.dtype).toBe('categorical');
    expect(t.dtype).toBe('categorical');
  });

  it('unifies a leading all-null chunk with the type found later', () => {
    const df = DataFrame.fromColumns({ a: [null, null, 'x', 'y'], b: [null, null, 300, 1] }, { chunkSize: 2 });
    expectFrameEqual(df, {
      dtypes: { a: 'categorical', b: 'int16' },
      columns: { a: [null, null, 'x', 'y'], b: [null, null, 300, 1] },
    });
  });
});

describe('strings and the categorical cap', () => {
  it('stores repeated strings as categorical codes over one dictionary', () => {
    const column = buildColumn(['b', 'a', 'b', null, '']);
    expect(column).toBeInstanceOf(CategoricalColumn);
    const cat = column as CategoricalColumn;
    expect(cat.codes).toBeInstanceOf(Uint8Array);
    expect(cat.dictionary.values()).toEqual(['b', 'a', '']);
    expect(columnValues(column)).toStrictEqual(['b', 'a', 'b', null, '']);
  });

  it('picks the narrowest code array for the dictionary size', () => {
    const many = Array.from({ length: 300 }, (_, i) => `k${i % 300}`);
    const column = buildColumn([...many, ...many]);
    expect(column.dtype).toBe('categorical');
    expect((column as CategoricalColumn).codes).toBeInstanceOf(Uint16Array);
    expect(columnValues(column)).toStrictEqual([...many, ...many]);
  });

  it('falls back to utf8 past the cap, keeping every value', () => {
    const values = ['a', 'b', null, 'c', 'a', 'd', 'é', '東京'];
    const column = buildColumn(values, { categoricalCap: 3 });
    expect(column).toBeInstanceOf(Utf8Column);
    expect(columnValues(column)).toStrictEqual(values);
    expect(buildColumn(values.slice(0, 5), { categoricalCap: 3 }).dtype).toBe('categorical');
  });

  it('keeps earlier chunks categorical, later ones utf8, and fromChunks unifies them to utf8', () => {
    const chunks = buildChunks([['a', 'b', 'a'], ['b', 'c', 'd', 'e'], ['a']], { categoricalCap: 3 });
    expect(chunks.map((c) => c.dtype)).toEqual(['categorical', 'utf8', 'utf8']);
    const unified = DataFrame.fromChunks(chunks.map((s) => Chunk.of({ s })));
    expectFrameEqual(unified, { dtypes: { s: 'utf8' }, columns: { s: ['a', 'b', 'a', 'b', 'c', 'd', 'e', 'a'] } });
    const df = DataFrame.fromColumns({ s: ['a', 'b', 'a', 'b', 'c', 'd', 'e', 'a'] }, { chunkSize: 3, categoricalCap: 3 });
    expectFrameEqual(df, { dtypes: { s: 'utf8' }, columns: { s: ['a', 'b', 'a', 'b', 'c', 'd', 'e', 'a'] } });
  });

  it('shares one dictionary across the chunks of a categorical column', () => {
    const chunks = buildChunks([
      ['x', 'y'],
      ['y', 'z'],
    ]) as CategoricalColumn[];
    expect(chunks[0].dictionary).toBe(chunks[1].dictionary);
    expect(chunks[1].codes[0]).toBe(chunks[0].codes[1]);
  });

  it('treats a large first chunk of mostly distinct strings as free text (utf8)', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `id${i}`);
    expect(buildColumn(ids).dtype).toBe('utf8');
    expect(columnValues(buildColumn(ids))).toStrictEqual(ids);
    expect(buildColumn(ids, { dtype: 'categorical' }).dtype).toBe('categorical');
  });
});

describe('explicit dtypes', () => {
  it('applies per-column overrides in fromRecords', () => {
    const df = DataFrame.fromRecords(
      [
        { age: 30, city: 'Oslo' },
        { age: 41, city: 'Lima' },
      ],
      { dtypes: { age: 'int32', city: 'categorical' } },
    );
    expect(dtypesOf(df)).toEqual({ age: 'int32', city: 'categorical' });
    expect(df.toRecords()).toEqual([
      { age: 30, city: 'Oslo' },
      { age: 41, city: 'Lima' },
    ]);
  });

  it('keeps a forced categorical past the cap', () => {
    const column = buildColumn(['a', 'b', 'c', 'd'], { dtype: 'categorical', categoricalCap: 2 });
    expect(column.dtype).toBe('categorical');
    expect(columnValues(column)).toEqual(['a', 'b', 'c', 'd']);
  });

  it.each([
    { dtype: 'int8', bad: 128 },
    { dtype: 'int8', bad: -129 },
    { dtype: 'int16', bad: 32768 },
    { dtype: 'int32', bad: 2 ** 31 },
    { dtype: 'uint8', bad: -1 },
    { dtype: 'uint8', bad: 256 },
    { dtype: 'uint16', bad: 65536 },
    { dtype: 'uint32', bad: 2 ** 32 },
  ] as const)('rejects $bad as $dtype, naming the column and the row', ({ dtype, bad }) => {
    expect(() => DataFrame.fromColumns({ age: [1, 2, 3, bad] }, { dtypes: { age: dtype }, chunkSize: 2 })).toThrow(
      new DfError('usage', `column 'age', row 3: value ${bad} does not fit ${dtype}`, { where: { column: 'age' } }),
    );
  });

  it('accepts the boundary values of each requested width', () => {
    const df = DataFrame.fromColumns(
      { a: [-128, 127], b: [0, 255], c: [-32768, 32767], d: [0, 65535], e: [-(2 ** 31), 2 ** 31 - 1], f: [0, 2 ** 32 - 1] },
      { dtypes: { a: 'int8', b: 'uint8', c: 'int16', d: 'uint16', e: 'int32', f: 'uint32' } },
    );
    expectFrameEqual(df, {
      dtypes: { a: 'int8', b: 'uint8', c: 'int16', d: 'uint16', e: 'int32', f: 'uint32' },
      columns: { a: [-128, 127], b: [0, 255], c: [-32768, 32767], d: [0, 65535], e: [-(2 ** 31), 2 ** 31 - 1], f: [0, 2 ** 32 - 1] },
    });
  });

  it('rejects values of the wrong kind with the column name', () => {
    expect(() => buildColumn([1.5], { name: 'age', dtype: 'int32' })).toThrow(/column 'age'/);
    expect(() => buildColumn(['x'], { name: 'age', dtype: 'int32' })).toThrow(/column 'age'.*int32/);
    expect(() => buildColumn([{}], { name: 'obj' })).toThrow(/column 'obj', row 0: cannot store a value of type Object/);
  });

  it('stores ints as int64, float64 or strings when asked', () => {
    expect(columnValues(buildColumn([1, 2], { dtype: 'int64' }))).toStrictEqual([1, 2]);
    expect(buildColumn([1, 2], { dtype: 'int64' })).toBeInstanceOf(BigIntColumn);
    expect(buildColumn([1, 2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(columnValues(buildColumn([1, null, 2n ** 60n], { dtype: 'utf8' }))).toStrictEqual(['1', null, '1152921504606846976']);
    expect(columnValues(buildColumn([true, 3], { dtype: 'categorical' }))).toStrictEqual(['true', '3']);
  });
});

describe('mixed types', () => {
  it('stores numbers and strings together as strings', () => {
    const column = buildColumn([1, 'x', 2.5, null, 2n ** 60n]);
    expect(column.dtype).toBe('categorical');
    expect(columnValues(column)).toStrictEqual(['1', 'x', '2.5', null, '1152921504606846976']);
  });

  it('stores booleans in a bit-packed bool column, and as strings when mixed', () => {
    const column = buildColumn([true, false, null, true]);
    expect(column).toBeInstanceOf(BoolColumn);
    expect((column as BoolColumn).values).toEqual(new Uint8Array([0b1001]));
    expect(columnValues(column)).toStrictEqual([true, false, null, true]);
    expect(columnValues(buildColumn([true, 1]))).toStrictEqual(['true', '1']);
  });

  it('stores Dates as a microsecond timestamp', () => {
    const dates = [new Date('2024-02-29T12:00:00.123Z'), null, new Date(0), new Date('1969-07-20T20:17:00Z')];
    const column = buildColumn(dates);
    expect(column.dtype).toBe('timestamp');
    expect(column).toBeInstanceOf(BigIntColumn);
    expect(columnValues(column)).toStrictEqual(dates.map((d) => (d === null ? null : d.getTime() * 1000)));
  });

  it('stores a Date among other values as its ISO text', () => {
    expect(columnValues(buildColumn(['x', new Date(0)]))).toStrictEqual(['x', '1970-01-01T00:00:00.000Z']);
  });
});

describe('widening across chunks', () => {
  it('widens int8 then int32 to int32, values exact', () => {
    const chunks = buildChunks([
      [1, -2, 100],
      [70_000, -3],
    ]);
    expect(chunks.map((c) => c.dtype)).toEqual(['int8', 'int32']);
    const df = DataFrame.fromColumns({ n: [1, -2, 100, 70_000, -3] }, { chunkSize: 3 });
    expectFrameEqual(df, { dtypes: { n: 'int32' }, columns: { n: [1, -2, 100, 70_000, -3] } });
  });

  it('never narrows again after a wider chunk', () => {
    const chunks = buildChunks([[1000], [1], [null]]);
    expect(chunks.map((c) => c.dtype)).toEqual(['int16', 'int16', 'int16']);
  });

  it('widens int then float to float64', () => {
    const df = DataFrame.fromColumns({ n: [1, 2, 3.5, null] }, { chunkSize: 2 });
    expectFrameEqual(df, { dtypes: { n: 'float64' }, columns: { n: [1, 2, 3.5, null] } });
  });

  it('widens int8 then int64 (beyond 2^53) to int64, exact', () => {
    const df = DataFrame.fromColumns({ n: [1, -1, 2n ** 62n, 5] }, { chunkSize: 2 });
    expectFrameEqual(df, { dtypes: { n: 'int64' }, columns: { n: [1, -1, 2n ** 62n, 5] } });
  });

  it('widens number then string to utf8, numbers as their text', () => {
    const df = DataFrame.fromColumns({ v: [1, 2, 'x', 'y'] }, { chunkSize: 2 });
    expectFrameEqual(df, { dtypes: { v: 'utf8' }, columns: { v: ['1', '2', 'x', 'y'] } });
  });

  it('reports the row of the whole column, not of the chunk, in errors', () => {
    const builder = new ColumnBuilder({ name: 'x', dtype: 'int8' });
    builder.append(1);
    builder.finish();
    builder.append(2);
    builder.append(1000);
    expect(() => builder.finish()).toThrow("column 'x', row 2: value 1000 does not fit int8");
  });
});
