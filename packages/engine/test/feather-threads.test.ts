import { col, count, DataFrame } from '@df-stream/core';
import { installNodeRuntime } from '@df-stream/engine';
import { scanFeather, writeFeather } from '@df-stream/io';
import { dbBenchmarkRows, makeTestDir } from '@df-stream/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

installNodeRuntime();

const dir = makeTestDir('df-stream-feather-threads');
const files: string[] = [];

// Three files of seeded db-benchmark rows (strings as dictionaries, nulls, several batches each): a list of
// Feather files is read one split per file, so 2 threads read them on worker threads with the own IPC reader.
beforeAll(async () => {
  for (const seed of [3, 4, 5]) {
    const path = dir.path(`part-${seed}.feather`);
    await writeFeather(DataFrame.fromRecords(dbBenchmarkRows(3000, 20, seed), { chunkSize: 700 }), path);
    files.push(path);
  }
});

/** Only order-independent aggregates: a float mean's last bits depend on how partial sums are merged. */
async function query(threads: number, chunkSize?: number) {
  const df = await scanFeather(files, chunkSize === undefined ? {} : { chunkSize })
    .groupBy('id1', 'id4')
    .withOptions({ threads })
    .agg(count().as('n'), col('v1').sum().as('v1'), col('v3').max().as('v3'), col('id3').max().as('id3'))
    .collect();
  return df.sort(['id1', 'id4']).toRecords();
}

describe('Feather files on threads', () => {
  it('gives the same group-by on 1 and 2 threads and at chunk sizes 1, 7 and the default', async () => {
    const reference = await query(1);
    expect(reference.length).toBeGreaterThan(20);
    expect(reference.reduce((s, r) => s + Number(r.n), 0)).toBe(9000);
    expect(await query(2)).toEqual(reference);
    expect(await query(2, 7)).toEqual(reference);
    expect(await query(1, 1)).toEqual(reference);
  });
});
