import { appendFileSync, statSync, truncateSync } from 'node:fs';
import { type Chunk, DataFrame, DfError } from '@df-stream/core';
import { FormatError, scanCsv, scanFeather, scanParquet, writeFeather, writeParquet } from '@df-stream/io';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

const test = makeTestDir('df-stream-file-changes');

const ROWS = 20_000;
const csvText = `k,v\n${Array.from({ length: ROWS }, (_, i) => `k${i % 10},${i}`).join('\n')}\n`;

/**
 * Scans `chunks`, calls `change` after the first chunk, then reads on as a slow consumer would (the event loop runs
 * between chunks: a read under way meanwhile that fails must not fail the process unhandled). Returns the rows read,
 * or the error.
 */
async function readWhileChanging(chunks: AsyncIterable<Chunk>, change: () => void): Promise<{ rows: number; values: number[] } | DfError> {
  let rows = 0;
  const values: number[] = [];
  try {
    for await (const chunk of chunks) {
      if (rows === 0) change();
      await new Promise((r) => setTimeout(r, 2));
      rows += chunk.numRows;
      const v = chunk.columns[chunk.schema.indexOf('v')];
      for (let i = 0; i < chunk.numRows; i++) values.push(v.get(i) as number);
    }
  } catch (error) {
    if (error instanceof DfError) return error;
    throw error;
  }
  return { rows, values };
}

function expectChanged(result: unknown, file: string): void {
  expect(result).toBeInstanceOf(FormatError);
  const error = result as FormatError;
  expect(error.kind).toBe('data');
  expect(error.code).toBe('changed');
  expect(error.message).toMatch(new RegExp(`^${file}: changed while it was read: `));
  expect(error.message).not.toContain('\n');
}

describe('a CSV file that changes while it is read', () => {
  // Small chunks and read buffers: the file is read in many pieces, most of them after the change.
  const scan = (path: string): AsyncIterable<Chunk> => scanCsv(path, { chunkSize: 500, readBufferSize: 4096 }).scan();

  it('shrinks: a data error, not the rows that were left', async () => {
    const path = test.write('shrinks.csv', csvText);
    expectChanged(await readWhileChanging(scan(path), () => truncateSync(path, csvText.length / 2)), path);
  });

  it('shrinks between reading its schema and its rows: the same', async () => {
    const path = test.write('shrinks-early.csv', csvText);
    const lazy = scanCsv(path, { chunkSize: 500, readBufferSize: 4096 });
    await lazy.schema();
    truncateSync(path, csvText.length - 1000);
    expectChanged(await lazy.collect().catch((e: unknown) => e), path);
  });

  it('grows by whole rows: read as it was when opened (a snapshot), every row exact', async () => {
    const path = test.write('grows.csv', csvText);
    const result = await readWhileChanging(scan(path), () => appendFileSync(path, 'k1,-1\nk2,-2\n'));
    expect(result).toEqual({ rows: ROWS, values: Array.from({ length: ROWS }, (_, i) => i) });
  });

  it('grows with its last row cut where it ended (a writer was mid-row): a data error, not a short value', async () => {
    // No line break at the end: the last row, "k9,19999", is whole only if nothing follows it.
    const path = test.write('grows-mid-row.csv', csvText.trimEnd());
    expectChanged(await readWhileChanging(scan(path), () => appendFileSync(path, '7\nk1,5\n')), path);
  });
});

describe('columnar files truncated while they are read (their footer was read first)', () => {
  const frame = DataFrame.fromColumns({ k: Array.from({ length: ROWS }, (_, i) => `k${i % 10}`), v: Array.from({ length: ROWS }, (_, i) => i) }, { chunkSize: 2000 });

  it.each([0.5])('Parquet cut to %s of its size: a data error, never a hang or a crash', async (share) => {
    const path = test.path(`cut-${share}.parquet`);
    await writeParquet(frame, path, { rowGroupSize: 2000 });
    const size = statSync(path).size;
    expectChanged(await readWhileChanging(scanParquet(path, { chunkSize: 1000 }).scan(), () => truncateSync(path, Math.floor(size * share))), path);
  });

  it('Parquet rewritten longer: the same', async () => {
    const path = test.path('grown.parquet');
    await writeParquet(frame, path, { rowGroupSize: 2000 });
    expectChanged(await readWhileChanging(scanParquet(path, { chunkSize: 1000 }).scan(), () => appendFileSync(path, 'PAR1')), path);
  });

  it.each([
    ['Feather', 'feather', 0.5],
    ['Feather', 'feather', 0.95],
    ['Arrow stream', 'arrows', 0.5],
  ])(
    '%s (.%s) cut to %s of its size: a data error, never a hang',
    async (_name, ext, share) => {
      const path = test.path(`cut-${share}.${ext}`);
      await writeFeather(frame, path);
      const size = statSync(path).size;
      expectChanged(await readWhileChanging(scanFeather(path, { chunkSize: 1000 }).scan(), () => truncateSync(path, Math.floor(size * share))), path);
    },
    10_000,
  );

  it('Feather appended to: read as it was when opened', async () => {
    const path = test.path('grown.feather');
    await writeFeather(frame, path);
    const result = await readWhileChanging(scanFeather(path, { chunkSize: 1000 }).scan(), () => appendFileSync(path, 'garbage'));
    expect(result).toEqual({ rows: ROWS, values: Array.from({ length: ROWS }, (_, i) => i) });
  });
});
