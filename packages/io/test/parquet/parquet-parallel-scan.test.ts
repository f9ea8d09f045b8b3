import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Chunk, col, DataFrame, type ScanSource } from '@df-stream/core';
import { MemoryGovernor, ParallelScan } from '@df-stream/core/internal';
import { installNodeRuntime } from '@df-stream/engine';
import { dbBenchmarkRows, makeTestDir } from '@df-stream/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanParquet, writeParquet } from '../../src/index.js';
import { readParquetFooter } from '../../src/parquet/read/parquet-footer.js';
import { readThriftStruct } from '../../src/parquet/read/thrift-compact.js';

installNodeRuntime();

const { dir } = makeTestDir('df-stream-parquet-parallel-scan');
const path = join(dir, 'rows.parquet');
const ROWS = 6000;
const rows = () => DataFrame.fromRecords(dbBenchmarkRows(ROWS, 20, 7), { chunkSize: 1000 });

// Seeded db-benchmark rows (strings, ints, floats, 3% nulls) in row groups of 499 rows: 13 row groups, a part each, dealt
// to the lanes in turn, so the lanes' chunks are cut where parts end at every chunk size but 1.
beforeAll(async () => {
  await writeParquet(rows(), path, { rowGroupSize: 499 });
});

async function serial(source: ScanSource): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of source.scan({})) out.push(c);
  return out;
}

/** A parallel scan whatever the file's size (`always`), on the Node runtime's threads. */
async function parallel(source: ScanSource, columns?: string[]): Promise<Chunk[]> {
  const scan = await ParallelScan.open(source, { parallel: true, ...(columns === undefined ? {} : { columns }) }, true);
  expect(scan).toBeDefined();
  const out: Chunk[] = [];
  for await (const c of (scan as ParallelScan).scan()) out.push(c);
  return out;
}

const records = (chunks: Chunk[]) => DataFrame.fromChunks(chunks).toRecords();
const count = (chunks: Chunk[]) => chunks.reduce((n, c) => n + c.numRows, 0);

describe('a parallel scan of a Parquet file', () => {
  it('gives the rows of a scan on one thread, in order and in the same dtypes, at chunk sizes 1, 2, 7, 64 and the default', async () => {
    const want = await serial(scanParquet(path).source);
    expect(count(want)).toBe(ROWS);
    for (const chunkSize of [1, 2, 7, 64, undefined]) {
      const got = await parallel(scanParquet(path, chunkSize === undefined ? {} : { chunkSize }).source);
      expect(count(got)).toBe(ROWS);
      for (const c of got) expect(c.schema.fields).toEqual(want[0].schema.fields);
      expect(records(got)).toEqual(records(want));
    }
  });

  it('reads only the columns asked for, and tells its progress as it goes', async () => {
    const scan = (await ParallelScan.open(scanParquet(path).source, { parallel: true, columns: ['id3', 'v3'] }, true)) as ParallelScan;
    let seen = 0;
    const got: Chunk[] = [];
    for await (const c of scan.scan()) {
      expect(c.schema.names).toEqual(['id3', 'v3']);
      got.push(c);
      seen = Math.max(seen, scan.progress().bytesRead);
    }
    expect(seen).toBeGreaterThan(0);
    expect(records(got)).toEqual(records(await serial(scanParquet(path, { columns: ['id3', 'v3'] }).source)));
  });

  it('stops its threads when the consumer stops early, and reads again after', async () => {
    const source = scanParquet(path, { chunkSize: 50 }).source;
    const scan = (await ParallelScan.open(source, { parallel: true }, true)) as ParallelScan;
    let chunks = 0;
    for await (const _ of scan.scan()) if (++chunks === 3) break;
    expect(chunks).toBe(3);
    expect(records(await parallel(source))).toEqual(records(await serial(scanParquet(path).source)));
  });

  it('fails with the error of a scan on one thread when a page a worker thread reads is corrupt', async () => {
    // The first data page of column 5 in row group 1 (part 1: a worker's lane, the calling thread reading lane 0) says
    // its snappy block has one byte more than the page holds.
    const bad = join(dir, 'bad.parquet');
    await writeParquet(rows(), bad, { rowGroupSize: 499, compression: 'snappy' });
    const footer = await readParquetFooter(bad);
    const chunk = footer?.rowGroups[1].chunks[5];
    const bytes = new Uint8Array(readFileSync(bad));
    for (let at = chunk?.start ?? 0; ; ) {
      const { value, end } = readThriftStruct(bytes, at);
      if (value.get(1) === 0) {
        bytes[end] += 1;
        break;
      }
      at = end + (value.get(3) as number);
    }
    writeFileSync(bad, bytes);
    const one = await serial(scanParquet(bad).source).then(
      () => new Error('no error'),
      (e: unknown) => e as Error,
    );
    expect(one.message).toMatch(/snappy/);
    expect(one.message).toContain(bad);
    await expect(parallel(scanParquet(bad).source)).rejects.toThrow(one.message);
  });

  it('is what iterating a plan over a big file uses, and only then', async () => {
    // A small file stays on the calling thread: its bytes a thread are below the source's rule.
    expect(await ParallelScan.open(scanParquet(path).source, { parallel: true })).toBeUndefined();
    // Nor with a pushed filter, a budget, or for a caller that did not ask (a group-by splits its input itself).
    const source = scanParquet(path).source;
    expect(await ParallelScan.open(source, { parallel: false }, true)).toBeUndefined();
    expect(await ParallelScan.open(source, {}, true)).toBeUndefined();
    expect(await ParallelScan.open(source, { parallel: true, predicate: col('v1').gt(2).node }, true)).toBeUndefined();
    expect(await ParallelScan.open(source, { parallel: true, governor: new MemoryGovernor(2 ** 30) }, true)).toBeUndefined();
  });

  it('ships string columns cut mid-page, all-null pages and empty dictionaries as one thread reads them', async () => {
    // A utf8 column whose pages end in nulls and empty strings (a chunk cut there may view its page's bytes whole,
    // which must not be moved away from the reader), and a string column null in its whole first row group (an empty
    // dictionary the first time the worker ships it).
    const n = 4000;
    const frame = DataFrame.fromColumns(
      {
        long: Array.from({ length: n }, (_, i) => (i % 500 >= 480 ? (i % 2 === 0 ? null : '') : `value-${i}-${'x'.repeat(i % 40)}`)),
        sparse: Array.from({ length: n }, (_, i) => (i < 1000 || i % 7 !== 0 ? null : `k${i % 13}`)),
        v: Array.from({ length: n }, (_, i) => i),
      },
      { chunkSize: 1000 },
    );
    const file = join(dir, 'strings.parquet');
    await writeParquet(frame, file, { rowGroupSize: 500 });
    const want = records(await serial(scanParquet(file).source));
    expect(want.length).toBe(n);
    for (const chunkSize of [1, 7, 64, 333, 490, undefined]) {
      expect(records(await parallel(scanParquet(file, chunkSize === undefined ? {} : { chunkSize }).source))).toEqual(want);
    }
  });
});
