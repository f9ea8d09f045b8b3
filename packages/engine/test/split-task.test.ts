import { DataFrame } from '@df-stream/core';
import type { CompactPartial } from '@df-stream/core/internal';
import { installNodeRuntime, runSplitTask } from '@df-stream/engine';
import { scanCsv, writeCsv } from '@df-stream/io';
import { dbBenchmarkRows, makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

installNodeRuntime();

const dir = makeTestDir('df-stream-split-task-test');

describe('runSplitTask', () => {
  it('hands each spilled piece over as it is made, and waits for them all before it reads on', async () => {
    const rows = dbBenchmarkRows(3000, 30, 7);
    const path = dir.path('split-task.csv');
    await writeCsv(DataFrame.fromRecords(rows, { chunkSize: 500 }), path);
    const [split] = (await scanCsv(path, { chunkSize: 500 }).splits(2)) ?? [];
    expect(split).toBeDefined();
    // Each piece's promise is settled on the next turn of the event loop: the pieces of one spill that are called
    // before any settles were handed over together, as made, not one after another's promise.
    let outstanding = 0;
    let mostOutstanding = 0;
    const spilled: CompactPartial[] = [];
    let last: CompactPartial | undefined;
    const result = await runSplitTask(
      { split, keys: ['id3'], aggs: [{ column: null, fn: 'count', name: 'n' }], memoryLimit: 1, partitions: 4, positionBase: 0 },
      {
        partial: (partial, partition) => {
          if (partition === undefined) last = partial;
          else spilled.push(partial);
          mostOutstanding = Math.max(mostOutstanding, ++outstanding);
          return new Promise<void>((resolve) =>
            setImmediate(() => {
              outstanding--;
              resolve();
            }),
          );
        },
        progress: () => undefined,
      },
    );
    expect(spilled.length).toBeGreaterThan(4);
    expect(mostOutstanding).toBeGreaterThan(1);
    expect(outstanding).toBe(0);
    // Every row of the split (the first of two) is counted in a piece or in the last partial.
    expect(result.rows).toBeGreaterThan(1000);
    let total = 0;
    for (const p of [...spilled, ...(last === undefined ? [] : [last])]) for (let g = 0; g < p.numGroups; g++) total += (p.states[0].counts as Float64Array)[g];
    expect(total).toBe(result.rows);
  });

  it('fails with the error of a piece the caller could not take', async () => {
    const path = dir.path('split-task-fail.csv');
    await writeCsv(DataFrame.fromRecords(dbBenchmarkRows(2000, 30, 3), { chunkSize: 500 }), path);
    const [split] = (await scanCsv(path, { chunkSize: 500 }).splits(2)) ?? [];
    const task = { split, keys: ['id3'], aggs: [{ column: null, fn: 'count', name: 'n' }], memoryLimit: 1, partitions: 4, positionBase: 0 };
    await expect(runSplitTask(task, { partial: () => Promise.reject(new Error('the spill store is full')), progress: () => undefined })).rejects.toThrow(
      'the spill store is full',
    );
  });
});
