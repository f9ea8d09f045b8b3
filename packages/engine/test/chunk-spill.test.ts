import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Chunk, DataFrame } from '@df-stream/core';
import { type CategoricalColumn, DictionaryTable, MemorySpillStore, NumberColumn, type SpillStore } from '@df-stream/core/internal';
import { decodeChunk, encodeChunk, FileSpillStore } from '@df-stream/engine';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

// Spill directories go to this file's own temp directory: tests running beside it spill to the system's.
process.env.DF_STREAM_TMPDIR = makeTestDir('df-stream-spill-store').dir;
const spillDirs = (): string[] => readdirSync(process.env.DF_STREAM_TMPDIR ?? tmpdir()).filter((n) => n.startsWith('df-stream-spill-'));

/** Every storage: numbers, int64 past 2^53, bools, utf8, categorical, dates, with nulls; 3 chunks of 7 rows. */
function frame(): DataFrame {
  const rows = Array.from({ length: 21 }, (_, i) => ({
    i8: i % 5 === 0 ? null : i - 10,
    f: i % 4 === 0 ? null : i / 3,
    big: i % 6 === 0 ? null : 2n ** 60n + BigInt(i),
    b: i % 7 === 0 ? null : i % 2 === 0,
    s: i % 3 === 0 ? null : `é${'x'.repeat(i)}`,
    cat: i % 8 === 0 ? null : ['north', 'south', 'east'][i % 3],
  }));
  return DataFrame.fromRecords(rows, { chunkSize: 7, dtypes: { big: 'int64', s: 'utf8', cat: 'categorical' } });
}

describe.each<[string, () => SpillStore]>([
  ['FileSpillStore', () => new FileSpillStore()],
  ['MemorySpillStore', () => new MemorySpillStore()],
])('%s.createChunks', (_name, makeStore) => {
  it('gives back each partition in the order appended, values, dtypes and dictionaries as they were', () => {
    const df = frame();
    const before = spillDirs().length;
    const area = makeStore().createChunks(3);
    const [a, b, c] = df.chunks;
    // A window on a bigger chunk: only its own rows go to the file.
    const window = a.slice(2, 5);
    area.append(2, b);
    area.append(0, a);
    area.append(2, c);
    area.append(1, window);
    const back = (p: number): Chunk[] => [...area.read(p)];
    const records = (chunks: Chunk[]) => DataFrame.fromChunks(chunks, df.schema).toRecords();
    expect(records(back(0))).toEqual(records([a]));
    expect(records(back(1))).toEqual(records([window]));
    expect(records(back(2))).toEqual(records([b, c]));
    expect(back(2)[0].schema.fields).toEqual(df.schema.fields);
    const dict = (ch: Chunk) => (ch.column('cat') as CategoricalColumn).dictionary;
    expect(dict(back(2)[1])).toBe(dict(c));
    expect(area.bytes(1)).toBeGreaterThan(0);
    expect(area.bytes(1)).toBeLessThan(area.bytes(0));
    area.dispose();
    area.dispose();
    expect(spillDirs().length).toBe(before);
  });

  it('writes only the rows of a column that is a window on a bigger buffer', () => {
    const store = makeStore();
    const area = store.createChunks(1);
    const whole = Float64Array.from({ length: 100_000 }, (_, i) => i);
    area.append(0, Chunk.of({ x: new NumberColumn('float64', whole.subarray(500, 510)) }));
    const [back] = [...area.read(0)];
    expect(back.column('x').get(0)).toBe(500);
    expect(back.numRows).toBe(10);
    if (store instanceof FileSpillStore) expect(area.bytes(0)).toBeLessThan(1000);
    area.dispose();
  });
});

describe('a damaged spilled chunk', () => {
  it('is a data error, never a chunk: a short blob, another header, a body that does not decode, a dictionary never held', () => {
    const table = new DictionaryTable();
    const good = encodeChunk(frame().chunks[0], table);
    expect(decodeChunk(good, table).numRows).toBe(7);
    expect(() => decodeChunk(good.subarray(0, 5), table)).toThrow(/spilled chunk blob is damaged/);
    const otherMagic = good.slice();
    otherMagic[0] ^= 0xff;
    expect(() => decodeChunk(otherMagic, table)).toThrow(/spilled chunk blob is damaged/);
    const cut = good.subarray(0, good.length - 40);
    expect(() => decodeChunk(cut, table)).toThrow(/spilled chunk/);
    expect(() => decodeChunk(good, new DictionaryTable())).toThrow(/never held/);
  });
});
