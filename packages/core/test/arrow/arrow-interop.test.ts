import { Chunk, DataFrame, fromArrow, toArrow, UnsupportedArrowTypeError } from '@df-stream/core';
import {
  ArrowImporter,
  type BigIntColumn,
  type CategoricalColumn,
  chunkToRecordBatch,
  NumberColumn,
  recordBatchToChunk,
  type Utf8Column,
} from '@df-stream/core/internal';
import {
  Dictionary as ArrowDictionary,
  Schema as ArrowSchema,
  Field,
  Int32,
  List,
  makeData,
  RecordBatch,
  RecordBatchReader,
  RecordBatchStreamWriter,
  Struct,
  Table,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  Utf8,
  Vector,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';

const utf8 = (values: string[]) => vectorFromArray(values, new Utf8());

function sampleFrame(): DataFrame {
  return DataFrame.fromColumns(
    {
      i8: [1, -2, null, 4],
      i64: [2n ** 40n, null, -(2n ** 40n), 0n],
      f: [1.5, NaN, null, -0],
      b: [true, false, null, true],
      s: ['a', 'ü', null, ''],
      cat: ['x', 'y', 'x', null],
      ts: [new Date(0), new Date(86_400_000), null, new Date(1_700_000_000_000)],
    },
    { dtypes: { s: 'utf8', cat: 'categorical' }, chunkSize: 3 },
  );
}

describe('toArrow / fromArrow', () => {
  it('round-trips every dtype with its nulls', () => {
    const df = sampleFrame();
    const back = fromArrow(toArrow(df));
    expect(back.schema.names).toEqual(df.schema.names);
    expect(back.toRecords()).toEqual(df.toRecords());
    expect(back.schema.field('cat').dtype).toBe('categorical');
    expect(back.schema.field('ts').dtype).toBe('timestamp');
  });

  it('shares typed arrays, string buffers and codes with Arrow instead of copying', () => {
    const df = sampleFrame();
    const table = toArrow(df);
    const chunk = df.chunks[0];
    const batch = table.batches[0];
    expect(batch.getChild('i8')?.data[0].values).toBe((chunk.column('i8') as NumberColumn).values);
    expect(batch.getChild('i64')?.data[0].values).toBe((chunk.column('i64') as BigIntColumn).values);
    expect(batch.getChild('s')?.data[0].values.buffer).toBe((chunk.column('s') as Utf8Column).data.buffer);
    expect(batch.getChild('cat')?.data[0].values.buffer).toBe((chunk.column('cat') as CategoricalColumn).codes.buffer);
    const back = recordBatchToChunk(batch);
    expect((back.column('i64') as BigIntColumn).values.buffer).toBe((chunk.column('i64') as BigIntColumn).values.buffer);
    expect((back.column('s') as Utf8Column).data.buffer).toBe((chunk.column('s') as Utf8Column).data.buffer);
  });

  it('keeps one dictionary per categorical column across chunks', () => {
    const df = DataFrame.fromColumns({ c: ['a', 'b', 'c', 'a', 'd', 'e'] }, { dtypes: { c: 'categorical' }, chunkSize: 2 });
    const back = fromArrow(toArrow(df));
    const dicts = new Set(back.chunks.map((c) => (c.column('c') as CategoricalColumn).dictionary));
    expect(dicts.size).toBe(1);
    expect(back.column('c').toArray()).toEqual(['a', 'b', 'c', 'a', 'd', 'e']);
  });

  it('writes a growing dictionary as IPC deltas and reads it back', () => {
    const df = DataFrame.fromColumns({ c: ['a', 'b', 'c', 'a', 'd', 'e'], n: [1, 2, 3, 4, 5, 6] }, { dtypes: { c: 'categorical' }, chunkSize: 2 });
    const bytes = tableToIPC(toArrow(df), 'stream');
    const back = fromArrow(tableFromIPC(bytes));
    expect(back.toRecords()).toEqual(df.toRecords());
  });

  it('maps replaced Arrow dictionaries into one dictionary of ours', () => {
    const type = new ArrowDictionary(new Utf8(), new Int32(), 0);
    const schema = new ArrowSchema([new Field('c', type, true)]);
    const batch = (keys: number[], dict: string[]) =>
      new RecordBatch(
        schema,
        makeData({
          type: new Struct(schema.fields),
          length: keys.length,
          nullCount: 0,
          children: [makeData({ type, length: keys.length, nullCount: 0, data: Int32Array.from(keys), dictionary: utf8(dict) })],
        }),
      );
    const df = fromArrow([batch([0, 1, 1], ['x', 'y']), batch([1, 0], ['z', 'x'])]);
    expect(df.column('c').toArray()).toEqual(['x', 'y', 'y', 'x', 'z']);
    const dict = (df.chunks[1].column('c') as CategoricalColumn).dictionary;
    expect(dict.values()).toEqual(['x', 'y', 'z']);
  });

  it('reads an IPC stream whose dictionary grows by deltas', async () => {
    const type = new ArrowDictionary(new Utf8(), new Int32(), 7);
    const schema = new ArrowSchema([new Field('c', type, true)]);
    const first = utf8(['p', 'q']).data[0];
    const delta = utf8(['r']).data[0];
    const make = (keys: number[], dictionary: Vector<Utf8>) =>
      new RecordBatch(
        schema,
        makeData({
          type: new Struct(schema.fields),
          length: keys.length,
          nullCount: 0,
          children: [makeData({ type, length: keys.length, nullCount: 0, data: Int32Array.from(keys), dictionary })],
        }),
      );
    const writer = new RecordBatchStreamWriter();
    writer.write(make([0, 1], new Vector([first])));
    writer.write(make([2, 0], new Vector([first, delta])));
    writer.finish();
    const bytes = await writer.toUint8Array();
    const reader = await RecordBatchReader.from(bytes);
    const importer = new ArrowImporter();
    const values: unknown[] = [];
    const dictionaries = new Set<unknown>();
    for await (const b of reader) {
      const column = importer.toChunk(b).column('c') as CategoricalColumn;
      dictionaries.add(column.dictionary);
      values.push(...Array.from({ length: column.length }, (_, i) => column.get(i)));
    }
    expect(values).toEqual(['p', 'q', 'r', 'p']);
    expect(dictionaries.size).toBe(1);
  });

  it('downcasts Arrow integers like the builders do and widens, never wraps', () => {
    const small = tableFromArrays({ v: BigInt64Array.from([1n, -5n, 100n]) });
    expect(fromArrow(small).schema.field('v').dtype).toBe('int8');
    const importer = new ArrowImporter();
    const a = importer.toChunk(tableFromArrays({ v: Int32Array.from([1, 2]) }).batches[0]);
    const b = importer.toChunk(tableFromArrays({ v: Int32Array.from([1, 70_000]) }).batches[0]);
    const c = importer.toChunk(tableFromArrays({ v: Int32Array.from([3, 4]) }).batches[0]);
    expect([a, b, c].map((x) => x.schema.fields[0].dtype)).toEqual(['int8', 'int32', 'int32']);
    const big = tableFromArrays({ v: BigInt64Array.from([2n ** 62n, 1n]) });
    expect(fromArrow(big).column('v').toArray()).toEqual([2n ** 62n, 1]);
  });

  it('converts every timestamp unit to microseconds', () => {
    const ms = 1_700_000_000_123n;
    for (const [type, raw] of [
      [new TimestampSecond(), ms / 1000n],
      [new TimestampMillisecond(), ms],
      [new TimestampNanosecond(), ms * 1_000_000n + 999n],
    ] as const) {
      const table = new Table({ t: makeVectorOf(type, raw) });
      const expected = type instanceof TimestampSecond ? (ms / 1000n) * 1_000_000n : ms * 1000n;
      const col = fromArrow(table).chunks[0].column('t') as BigIntColumn;
      expect(col.dtype).toBe('timestamp');
      expect(col.values[0]).toBe(expected);
    }
  });

  it('names the column and type of an unsupported Arrow type', () => {
    const list = vectorFromArray([[1], [2, 3]], new List(new Field('item', new Int32(), true)));
    const table = new Table({ nums: list, ok: vectorFromArray([1, 2]) });
    expect(() => fromArrow(table)).toThrow(UnsupportedArrowTypeError);
    expect(() => fromArrow(table)).toThrow(/column 'nums': unsupported type List/);
  });

  it('converts single chunks both ways', () => {
    const chunk = Chunk.of({ x: new NumberColumn('int16', Int16Array.from([1, 300])) });
    expect(recordBatchToChunk(chunkToRecordBatch(chunk)).column('x').get(1)).toBe(300);
  });
});

function makeVectorOf(type: TimestampSecond | TimestampMillisecond | TimestampNanosecond, value: bigint): Vector {
  return new Vector([makeData({ type, length: 1, nullCount: 0, data: BigInt64Array.of(value) })]);
}
