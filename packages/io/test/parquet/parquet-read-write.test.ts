import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Chunk, DataFrame, LazyFrame, type ScanSource, Schema } from '@df-stream/core';
import type { CategoricalColumn } from '@df-stream/core/internal';
import { makeTestDir } from '@df-stream/test-utils';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/format-error.js';
import { parquetRowGroups, readParquet, scanParquet, writeParquet } from '../../src/parquet/index.js';
import { ParquetWorker } from '../../src/parquet/read/parquet-worker.js';

const { dir } = makeTestDir('df-stream-parquet');

function frame(n: number): DataFrame {
  const cities = ['Oslo', 'Lima', 'Pune', 'Kyiv'];
  return DataFrame.fromColumns(
    {
      id: Array.from({ length: n }, (_, i) => i),
      city: Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : cities[i % 4])),
      temp: Array.from({ length: n }, (_, i) => (i % 11 === 5 ? null : i / 4)),
      flag: Array.from({ length: n }, (_, i) => i % 3 === 0),
    },
    { chunkSize: 1000 },
  );
}

describe('writeParquet / scanParquet', () => {
  it('round-trips values, nulls and categorical columns through row groups', async () => {
    const df = frame(5000);
    const path = join(dir, 'rt.parquet');
    await writeParquet(df, path, { rowGroupSize: 1500 });
    const plan = await parquetRowGroups(path);
    expect(plan.numRows).toBe(5000);
    expect(plan.rowGroups.map((g) => g.numRows)).toEqual([1500, 1500, 1500, 500]);
    const back = await readParquet(path, { chunkSize: 2048 });
    expect(back.toRecords()).toEqual(df.toRecords());
    expect(back.schema.field('city').dtype).toBe('categorical');
    expect(back.schema.field('id').dtype).toBe('int16');
    // One dictionary for the whole column, across row groups and chunks.
    expect(new Set(back.chunks.map((c) => (c.column('city') as CategoricalColumn).dictionary)).size).toBe(1);
  });

  it('re-cuts batches to chunkSize whatever the row groups are', async () => {
    const path = join(dir, 'chunks.parquet');
    await writeParquet(frame(5000), path, { rowGroupSize: 700 });
    const sizes: number[] = [];
    for await (const c of scanParquet(path, { chunkSize: 2048 })) sizes.push(c.numRows);
    expect(sizes).toEqual([2048, 2048, 904]);
  });

  it('decodes only the selected columns, in the order asked, and reads selected row groups', async () => {
    const path = join(dir, 'proj.parquet');
    await writeParquet(frame(3000), path, { rowGroupSize: 1000 });
    const lazy = scanParquet(path).select('temp', 'id');
    expect((await lazy.schema()).names).toEqual(['temp', 'id']);
    const df = await lazy.collect();
    expect(df.columns).toEqual(['temp', 'id']);
    const second = await readParquet(path, { rowGroups: [1], columns: ['id'] });
    expect(second.column('id').toArray()).toEqual(Array.from({ length: 1000 }, (_, i) => 1000 + i));
    await expect(readParquet(path, { rowGroups: [3] })).rejects.toThrow(/row group 3 does not exist/);
  });

  it('announces the schema from metadata before reading any chunk', async () => {
    const path = join(dir, 'schema.parquet');
    await writeParquet(frame(10), path);
    expect((await scanParquet(path).schema()).toString()).toBe('id: int8\ncity: categorical\ntemp: float64\nflag: bool');
  });

  it('keeps a high-cardinality categorical column dictionary-encoded through the row group', async () => {
    // 80,000 distinct 16-byte strings: a dictionary page past the upstream 1 MiB default limit.
    const n = 160_000;
    const keys = Array.from({ length: n }, (_, i) => `key-${String(i % 80_000).padStart(12, '0')}`);
    const path = join(dir, 'wide-dictionary.parquet');
    await writeParquet(DataFrame.fromColumns({ k: keys }, { chunkSize: 40_000, dtypes: { k: 'categorical' } }), path, { rowGroupSize: n });
    const worker = new ParquetWorker(path);
    const sizes: number[] = [];
    try {
      await worker.meta();
      for await (const { ipc } of worker.scan({ batchSize: 40_000 })) {
        for (const b of tableFromIPC(ipc).batches) sizes.push(b.data.children[0].dictionary?.length ?? -1);
      }
    } finally {
      await worker.close();
    }
    // Every batch carries the row group's whole dictionary (no fallback to plain pages, which readers
    // re-encode batch by batch); the reader maps it once and then recognises it.
    expect(sizes).toEqual([80_000, 80_000, 80_000, 80_000]);
    const back = await readParquet(path, { chunkSize: 50_000 });
    expect(back.schema.field('k').dtype).toBe('categorical');
    expect(back.column('k').get(123_456)).toBe(keys[123_456]);
  });

  it('writes zstd and uncompressed files that read back the same', async () => {
    const df = frame(2000);
    for (const compression of ['zstd', 'none', 'gzip'] as const) {
      const path = join(dir, `${compression}.parquet`);
      await writeParquet(df, path, { compression });
      expect((await readParquet(path)).toRecords()).toEqual(df.toRecords());
    }
  });

  it('streams a source whose columns widen mid-way into one file (segments merged)', async () => {
    const chunks = [
      DataFrame.fromColumns({ v: [1, 2], s: ['a', 'b'] }).chunks[0],
      DataFrame.fromColumns({ v: [70_000, 3], s: ['c', null] }).chunks[0],
      DataFrame.fromColumns({ v: [2n ** 40n, 4], s: ['a', 'd'] }).chunks[0],
    ];
    const source: ScanSource = {
      description: 'widening',
      schema: async () =>
        new Schema([
          { name: 'v', dtype: 'int8' },
          { name: 's', dtype: 'categorical' },
        ]),
      scan: async function* (): AsyncGenerator<Chunk> {
        yield* chunks;
      },
    };
    const path = join(dir, 'widen.parquet');
    await writeParquet(LazyFrame.fromSource(source), path);
    const back = await readParquet(path);
    expect(back.column('v').toArray()).toEqual([1, 2, 70_000, 3, 2 ** 40, 4]);
    expect(back.schema.field('v').dtype).toBe('int64');
    expect(back.column('s').toArray()).toEqual(['a', 'b', 'c', null, 'a', 'd']);
    expect(readdirSync(dir).filter((f) => f.startsWith('.widen'))).toEqual([]);
  });

  it('writes an empty frame with its schema', async () => {
    const path = join(dir, 'empty.parquet');
    await writeParquet(
      DataFrame.empty(
        new Schema([
          { name: 'a', dtype: 'int32' },
          { name: 'b', dtype: 'utf8' },
        ]),
      ),
      path,
    );
    const back = await readParquet(path);
    expect(back.numRows).toBe(0);
    expect(back.columns).toEqual(['a', 'b']);
  });

  it('leaves no file behind when the source fails mid-way', async () => {
    const path = join(dir, 'failed.parquet');
    const failing = async function* (): AsyncGenerator<Chunk> {
      yield frame(10).chunks[0];
      throw new Error('source broke');
    };
    await expect(writeParquet(failing(), path)).rejects.toThrow(/source broke/);
    expect(readdirSync(dir).filter((f) => f.includes('failed'))).toEqual([]);
  });
});

describe('Parquet errors', () => {
  it('says a .parquet file that is not Parquet is not Parquet', async () => {
    const path = join(dir, 'fake.parquet');
    writeFileSync(path, 'a,b\n1,2\n');
    const error = await readParquet(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).code).toBe('wrong-format');
    expect((error as FormatError).message).toMatch(/fake\.parquet: not a Parquet file .*scanCsv/);
  });

  it('reports a truncated file as malformed, naming the file', async () => {
    const path = join(dir, 'rt.parquet');
    const cut = join(dir, 'cut.parquet');
    const bytes = Buffer.alloc(statSync(path).size);
    writeFileSync(cut, Buffer.concat([Buffer.from('PAR1'), bytes.subarray(0, 2000)]));
    const error = await readParquet(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toContain('cut.parquet');
  });

  it('names an unknown column and suggests the closest', async () => {
    await expect(readParquet(join(dir, 'rt.parquet'), { columns: ['tmp'] })).rejects.toThrow(/column 'tmp' not found \(did you mean 'temp'\?\)/);
  });
});
