import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Chunk, DataFrame, LazyFrame, type UniqueKeep } from '@df-stream/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSpillStore } from '../src/file-spill-store.js';

// Spill files go to a directory of this test's own, so it can see them gone.
const spillRoot = mkdtempSync(join(tmpdir(), 'df-stream-sort-spill-'));
let saved: string | undefined;
beforeAll(() => {
  saved = process.env.DF_STREAM_TMPDIR;
  process.env.DF_STREAM_TMPDIR = spillRoot;
});
afterAll(() => {
  if (saved === undefined) delete process.env.DF_STREAM_TMPDIR;
  else process.env.DF_STREAM_TMPDIR = saved;
  rmSync(spillRoot, { recursive: true, force: true });
});

/** Seeded rows: a categorical key whose dictionary grows in no sorted order, int64 past 2^53, floats with NaN, nulls. */
function frame(n: number, chunkSize: number): DataFrame {
  let a = 3;
  const r = () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 2 ** 32;
  };
  const words = ['kiwi', 'Äpfel', 'fig', '日本', 'apple', 'ｱ', '😀'];
  const rows = Array.from({ length: n }, (_, i) => ({
    w: r() < 0.05 ? null : `${words[Math.floor(r() * words.length)]}${Math.floor((i / n) * 40)}`,
    big: r() < 0.05 ? null : 2n ** 60n + BigInt(Math.floor(r() * 30)),
    f: r() < 0.05 ? Number.NaN : Math.floor(r() * 20) / 2,
    row: i,
  }));
  return DataFrame.fromRecords(rows, { dtypes: { w: 'categorical', big: 'int64' }, chunkSize });
}

/** Counts the spill areas made, so a test can see that it spilled. */
class CountingStore extends FileSpillStore {
  areas = 0;
  override createChunks(partitions: number) {
    this.areas++;
    return super.createChunks(partitions);
  }
}

describe('sort and unique through spill files', () => {
  const df = frame(4000, 97);
  const lazy = LazyFrame.fromFrame(df);

  it('sorts the same in memory and through temp files, and removes them', async () => {
    const options = { descending: [false, true, false], nullsLast: [true, false, true] };
    const inMemory = await lazy.sort(['w', 'big', 'f'], options).collect();
    const store = new CountingStore();
    const spilled = await lazy.sort(['w', 'big', 'f'], { ...options, memoryLimit: 16_000, spillStore: store }).collect();
    expect(store.areas).toBeGreaterThan(3);
    expect(spilled.toRecords()).toEqual(inMemory.toRecords());
    expect(inMemory.toRecords().map((x) => x.row)).not.toEqual(df.toRecords().map((x) => x.row));
    expect(readdirSync(spillRoot)).toEqual([]);
  });

  it('gives the same unique rows through temp files for every keep, and removes them', async () => {
    for (const keep of ['first', 'last', 'any', 'none'] as UniqueKeep[]) {
      const inMemory = (await lazy.unique(['w', 'big'], { keep }).collect()).toRecords();
      const store = new CountingStore();
      const spilled = (await lazy.unique(['w', 'big'], { keep, memoryLimit: 8_000, spillStore: store, partitions: 5 }).collect()).toRecords();
      expect(store.areas).toBeGreaterThan(0);
      const order = keep === 'first' || keep === 'any' ? spilled : [...spilled].sort((x, y) => (x.row as number) - (y.row as number));
      expect(order).toEqual(inMemory);
      expect(readdirSync(spillRoot)).toEqual([]);
    }
  });

  it('removes the runs spilled so far when the input fails part way', async () => {
    const failing = new LazyFrame({
      description: 'failing',
      schema: async () => df.schema,
      scan: () => ({
        async *[Symbol.asyncIterator](): AsyncGenerator<Chunk> {
          yield* df.chunks.slice(0, 20);
          throw new Error('the disk went away');
        },
      }),
    });
    await expect(failing.sort('w', { memoryLimit: 16_000, spillStore: new FileSpillStore() }).collect()).rejects.toThrow(/the disk went away/);
    await expect(failing.unique('w', { keep: 'last', memoryLimit: 4_000, spillStore: new FileSpillStore() }).collect()).rejects.toThrow(/the disk went away/);
    expect(readdirSync(spillRoot)).toEqual([]);
  });
});
