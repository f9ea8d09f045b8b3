import { join } from 'node:path';
import { DataFrame } from '@df-stream/core';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { scanParquet, writeParquet } from '../../src/index.js';
import { openParquetWorkers } from '../../src/parquet/read/parquet-worker.js';

const { dir } = makeTestDir('df-stream-parquet-threads');

/** Waits (up to 5 s) for terminated decoder threads to be gone. */
async function settled(max: number): Promise<number> {
  for (let i = 0; i < 100 && openParquetWorkers() > max; i++) await new Promise((r) => setTimeout(r, 50));
  return openParquetWorkers();
}

describe('decoder threads of a directory of Parquet files', () => {
  it('stay bounded when every file is opened for its schema (a union by name), and the rows are all read', async () => {
    for (let i = 0; i < 10; i++) {
      const df = DataFrame.fromRecords(Array.from({ length: 20 }, (_, j) => ({ k: i, v: j, ...(i % 2 === 0 ? { extra: `e${j}` } : {}) })));
      await writeParquet(df, join(dir, `part-${String(i).padStart(2, '0')}.parquet`));
    }
    const frame = scanParquet(dir, { unionByName: true });
    expect((await frame.schema()).names).toEqual(['k', 'v', 'extra']);
    expect(await settled(4)).toBeLessThanOrEqual(4);
    const rows = (await frame.collect()).toRecords();
    expect(rows.length).toBe(200);
    expect(rows.filter((r) => r.extra === null).length).toBe(100);
    expect(await settled(4)).toBeLessThanOrEqual(4);
  });
});
