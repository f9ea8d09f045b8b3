import { Chunk, DataFrame, Schema } from '@df-stream/core';
import { type AggSpec, CategoricalColumn, Dictionary, HashAggregator, NumberColumn, Utf8Column, utf8Encoder } from '@df-stream/core/internal';
import { describe, expect, it } from 'vitest';

const schema = new Schema([
  { name: 'k', dtype: 'categorical' },
  { name: 'v', dtype: 'float64' },
]);

function categorical(dictionary: Dictionary, keys: string[], values: number[]): Chunk {
  const codes = Uint32Array.from(keys, (k) => dictionary.intern(k));
  return new Chunk(schema, [new CategoricalColumn(codes, dictionary), new NumberColumn('float64', Float64Array.from(values))]);
}

function utf8(keys: string[], values: number[]): Chunk {
  const bytes = keys.map((k) => utf8Encoder.encode(k));
  const offsets = new Int32Array(keys.length + 1);
  bytes.forEach((b, i) => (offsets[i + 1] = offsets[i] + b.length));
  const data = new Uint8Array(offsets[keys.length]);
  bytes.forEach((b, i) => data.set(b, offsets[i]));
  const s = new Schema([
    { name: 'k', dtype: 'utf8' },
    { name: 'v', dtype: 'float64' },
  ]);
  return new Chunk(s, [new Utf8Column(offsets, data), new NumberColumn('float64', Float64Array.from(values))]);
}

const aggs: AggSpec[] = [
  { column: 'v', fn: 'sum', name: 'v_sum' },
  { column: null, fn: 'count', name: 'count' },
];

/** An aggregator of one utf8 chunk (`utf8(keys, values)`), its rows at input positions from `firstRow`. */
function utf8Groups(keys: string[], values: number[], firstRow = 0): HashAggregator {
  const agg = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
  agg.consume(utf8(keys, values), firstRow);
  return agg;
}

/** An aggregator whose first chunk is 5000 keys from reader dictionary `a`, a row each of value 1. */
function readerGroups(): { a: Dictionary; keys: string[]; agg: HashAggregator } {
  const a = new Dictionary();
  const keys = Array.from({ length: 5000 }, (_, i) => `key-${i}`);
  const agg = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
  agg.consume(
    categorical(
      a,
      keys,
      keys.map(() => 1),
    ),
  );
  return { a, keys, agg };
}

describe('group keys from a reader dictionary', () => {
  it('take the first dictionary as their own, and keep the groups right when another dictionary, utf8 keys and a merge come', () => {
    // The reader's dictionary holds a value no row has reached yet ('late'): it must not become a group.
    const a = new Dictionary();
    a.intern('late');
    const b = new Dictionary();
    const agg = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
    agg.consume(categorical(a, ['x', 'y', 'x'], [1, 2, 3]));
    agg.consume(categorical(b, ['y', 'z', 'x'], [10, 20, 30]));
    agg.consume(utf8(['z', 'w'], [100, 200]));
    agg.consume(categorical(a, ['w', 'x', 'q'], [1000, 2000, 3000]));
    const other = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
    // Rows of another split, after these in the input.
    other.consume(categorical(new Dictionary(), ['q', 'p'], [5, 6]), 100);
    agg.mergeCompact(other.exportCompact());
    const out = DataFrame.fromChunks([...agg.finish()]).toRecords();
    expect(out).toEqual([
      { k: 'x', v_sum: 2034, count: 4 },
      { k: 'y', v_sum: 12, count: 2 },
      { k: 'z', v_sum: 120, count: 2 },
      { k: 'w', v_sum: 1200, count: 2 },
      { k: 'q', v_sum: 3005, count: 2 },
      { k: 'p', v_sum: 6, count: 1 },
    ]);
    // The reader's dictionary was only read: 'late' and the keys of its chunks, nothing the others brought.
    expect(a.values()).toEqual(['late', 'x', 'y', 'w', 'q']);
  });

  it('do not count an adopted reader dictionary as state bytes (a spill cannot free it)', () => {
    const { a, keys, agg } = readerGroups();
    const withoutTable = agg.stats.bytes;
    const copy = utf8Groups(
      keys,
      keys.map(() => 1),
    );
    // Hashed from utf8 bytes, the index keeps a table of its own: more bytes by about the dictionary's size.
    expect(copy.stats.bytes - withoutTable).toBeGreaterThan(a.byteLength / 2);
    agg.dispose();
    copy.dispose();
  });

  it("merge another thread's groups of keys the reader's dictionary holds without copying it, and the rest after one", () => {
    const { a, keys, agg } = readerGroups();
    const before = agg.stats.bytes;
    // Another thread's split: the same keys, backwards, after these rows in the input.
    const back = [...keys].reverse();
    const other = utf8Groups(
      back,
      back.map((_, i) => i),
      keys.length,
    );
    agg.mergeCompact(other.exportCompact());
    // No second table of the 5000 keys: the reader's codes served.
    expect(agg.stats.bytes - before).toBeLessThan(a.byteLength / 2);
    const late = utf8Groups(['key-7', 'new'], [100, 200], 2 * keys.length);
    agg.mergeCompact(late.exportCompact());
    const out = DataFrame.fromChunks([...agg.finish()]).toRecords();
    expect(out).toHaveLength(keys.length + 1);
    expect(out[0]).toEqual({ k: 'key-0', v_sum: 1 + 4999, count: 2 });
    expect(out[7]).toEqual({ k: 'key-7', v_sum: 1 + 4992 + 100, count: 3 });
    expect(out[keys.length]).toEqual({ k: 'new', v_sum: 200, count: 1 });
    // The reader's dictionary was only read.
    expect(a.size).toBe(keys.length);
    agg.dispose();
  });

  it("merge a partial of key values the reader's dictionary holds without copying it too", () => {
    const { a, keys, agg } = readerGroups();
    const before = agg.stats.bytes;
    const other = utf8Groups(
      keys,
      keys.map(() => 2),
      keys.length,
    );
    // The value form (`export`/`merge`): keys as strings, looked up with `idOf`.
    agg.merge(other.export());
    expect(agg.stats.bytes - before).toBeLessThan(a.byteLength / 2);
    const out = DataFrame.fromChunks([...agg.finish()]).toRecords();
    expect(out).toHaveLength(keys.length);
    expect(out[42]).toEqual({ k: 'key-42', v_sum: 3, count: 2 });
    agg.dispose();
  });

  it("reserve the reader's key table beside its dictionary while the reader keeps one", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `key-${i}`);
    const reserved = (readerIndexBytes: number): number => {
      const dictionary = new Dictionary();
      dictionary.readerIndexBytes = readerIndexBytes;
      const agg = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
      agg.consume(
        categorical(
          dictionary,
          keys,
          keys.map(() => 1),
        ),
      );
      const bytes = agg.reservedBytes;
      agg.dispose();
      return bytes;
    };
    expect(reserved(3 << 20) - reserved(0)).toBe(3 << 20);
  });

  it("reserve a second reader's dictionary and key table too (the calling thread's reader after a probe, another file)", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `key-${i}`);
    const agg = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
    agg.consume(
      categorical(
        new Dictionary(),
        keys,
        keys.map(() => 1),
      ),
    );
    const [bytes, reserved] = [agg.stats.bytes, agg.reservedBytes];
    const second = new Dictionary();
    second.readerIndexBytes = 1 << 20;
    agg.consume(
      categorical(
        second,
        keys,
        keys.map(() => 1),
      ),
    );
    // The same keys: no new group, but a remap of the second dictionary's codes (state bytes, reserved 1.25x), and the
    // dictionary with its reader's table, which the remap keeps.
    expect(agg.reservedBytes - reserved).toBe(1.25 * (agg.stats.bytes - bytes) + second.byteLength + (1 << 20));
    agg.dispose();
  });
  it("use a reader's codes as the group ids only while they are: codes met out of order, a null group first", () => {
    // The dictionary knows p and q before any row: q, met first, is group 0, so p's code 0 is group 1, not 0.
    const outOfOrder = new Dictionary();
    outOfOrder.intern('p');
    outOfOrder.intern('q');
    const agg = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
    agg.consume(categorical(outOfOrder, ['q'], [1]));
    agg.consume(categorical(outOfOrder, ['p', 'q'], [10, 20]));
    // Every code of this chunk has its group already: the codes are not the groups.
    agg.consume(categorical(outOfOrder, ['q', 'p', 'p'], [100, 1000, 10000]));
    expect(DataFrame.fromChunks([...agg.finish()]).toRecords()).toEqual([
      { k: 'q', v_sum: 121, count: 3 },
      { k: 'p', v_sum: 11010, count: 3 },
    ]);
    // A null row first: the null group is 0, and a's code 0 is group 1.
    const dictionary = new Dictionary();
    const withNull = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
    const validity = Uint8Array.of(0b10);
    withNull.consume(
      new Chunk(schema, [new CategoricalColumn(Uint32Array.of(0, dictionary.intern('a')), dictionary, validity, 1), new NumberColumn('float64', Float64Array.of(1, 2))]),
    );
    withNull.consume(categorical(dictionary, ['a', 'a'], [10, 20]));
    expect(DataFrame.fromChunks([...withNull.finish()]).toRecords()).toEqual([
      { k: null, v_sum: 1, count: 1 },
      { k: 'a', v_sum: 32, count: 3 },
    ]);
    // A chunk of only a null row: group 0 is no code's, though 0 is below the groups' count when a's rows come.
    const fresh = new Dictionary();
    const nullFirst = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
    nullFirst.consume(new Chunk(schema, [new CategoricalColumn(Uint32Array.of(0), fresh, Uint8Array.of(0), 1), new NumberColumn('float64', Float64Array.of(1))]));
    nullFirst.consume(categorical(fresh, ['a', 'a'], [10, 20]));
    expect(DataFrame.fromChunks([...nullFirst.finish()]).toRecords()).toEqual([
      { k: null, v_sum: 1, count: 1 },
      { k: 'a', v_sum: 30, count: 2 },
    ]);
  });
});

describe('output key columns', () => {
  const keySchema = new Schema([
    { name: 'a', dtype: 'int8' },
    { name: 'b', dtype: 'int16' },
    { name: 'c', dtype: 'categorical' },
    { name: 'd', dtype: 'int16' },
    { name: 'v', dtype: 'float64' },
  ]);
  const bits = (valid: boolean[]) => {
    const out = new Uint8Array((valid.length + 7) >>> 3);
    valid.forEach((ok, i) => ok && (out[i >>> 3] |= 1 << (i & 7)));
    return valid.every((ok) => ok) ? null : out;
  };

  it('give every group its keys, nulls included, at every output chunk size, one key and several', () => {
    for (const seed of [1, 2, 3]) {
      let state = seed;
      const next = (n: number) => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return (state >>> 8) % n;
      };
      const dictionary = new Dictionary();
      const rows: { a: number | null; b: number | null; c: string | null; d: number; v: number }[] = [];
      const chunks: Chunk[] = [];
      for (let k = 0; k < 4; k++) {
        const part = Array.from({ length: 500 }, () => ({
          a: next(10) === 0 ? null : next(200) - 100,
          b: next(12) === 0 ? null : next(3000) - 1500,
          c: next(9) === 0 ? null : `s${next(40)}`,
          d: next(50) * 100,
          v: next(100),
        }));
        rows.push(...part);
        const a = Int8Array.from(part, (r) => r.a ?? 0);
        const b = Int16Array.from(part, (r) => r.b ?? 0);
        const c = Uint32Array.from(part, (r) => (r.c === null ? 0 : dictionary.intern(r.c)));
        chunks.push(
          new Chunk(keySchema, [
            new NumberColumn('int8', a, bits(part.map((r) => r.a !== null))),
            new NumberColumn('int16', b, bits(part.map((r) => r.b !== null))),
            new CategoricalColumn(c, dictionary, bits(part.map((r) => r.c !== null))),
            new NumberColumn(
              'int16',
              Int16Array.from(part, (r) => r.d),
            ),
            new NumberColumn(
              'float64',
              Float64Array.from(part, (r) => r.v),
            ),
          ]),
        );
      }
      // Keys with nulls and without, alone (group ids are the key ids) and together (ids from the tuple table).
      for (const keys of [['a'], ['b'], ['c'], ['d'], ['a', 'b', 'c'], ['d', 'a'], ['c', 'd']]) {
        for (const chunkSize of [1, 7, 64, 100_000]) {
          const agg = new HashAggregator(keys, aggs, { memoryLimit: Infinity, chunkSize });
          for (const chunk of chunks) agg.consume(chunk);
          const out = DataFrame.fromChunks([...agg.finish()]).toRecords();
          const expected = new Map<string, { sum: number; count: number }>();
          for (const r of rows) {
            const key = JSON.stringify(keys.map((k) => r[k as 'a' | 'b' | 'c' | 'd']));
            const e = expected.get(key) ?? { sum: 0, count: 0 };
            e.sum += r.v;
            e.count++;
            expected.set(key, e);
          }
          const got = new Map(out.map((r) => [JSON.stringify(keys.map((k) => r[k])), { sum: r.v_sum, count: r.count }]));
          expect(got).toEqual(expected);
          // First-seen order: the groups come in the order their first rows do.
          const firsts = [...new Set(rows.map((r) => JSON.stringify(keys.map((k) => r[k as 'a' | 'b' | 'c' | 'd']))))];
          expect(out.map((r) => JSON.stringify(keys.map((k) => r[k])))).toEqual(firsts);
        }
      }
    }
  });

  it('keep every key when a later chunk widens the column', () => {
    const narrow = new Schema([
      { name: 'a', dtype: 'int8' },
      { name: 'v', dtype: 'float64' },
    ]);
    const wide = new Schema([
      { name: 'a', dtype: 'int32' },
      { name: 'v', dtype: 'float64' },
    ]);
    const agg = new HashAggregator(['a'], aggs, { memoryLimit: Infinity, chunkSize: 2 });
    agg.consume(new Chunk(narrow, [new NumberColumn('int8', Int8Array.from([5, -7])), new NumberColumn('float64', Float64Array.from([1, 2]))]));
    agg.consume(new Chunk(wide, [new NumberColumn('int32', Int32Array.from([100_000, 5, -7])), new NumberColumn('float64', Float64Array.from([3, 4, 5]))]));
    const df = DataFrame.fromChunks([...agg.finish()]);
    expect(df.schema.field('a').dtype).toBe('int32');
    expect(df.toRecords()).toEqual([
      { a: 5, v_sum: 5, count: 2 },
      { a: -7, v_sum: 7, count: 2 },
      { a: 100_000, v_sum: 3, count: 1 },
    ]);
  });
});
