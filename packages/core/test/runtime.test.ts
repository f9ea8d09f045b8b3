import { col, count, DataFrame, LazyFrame } from '@df-stream/core';
import { type CompactPartial, currentRuntime, installRuntime, type Runtime, type SpillArea } from '@df-stream/core/internal';
import { afterEach, describe, expect, it } from 'vitest';

const saved = currentRuntime();
afterEach(() => installRuntime(saved));

const frame = DataFrame.fromRecords(
  Array.from({ length: 3000 }, (_, i) => ({ k: `k${i % 700}`, v: i % 11 })),
  { chunkSize: 100 },
);
const query = (memoryLimit: number) =>
  LazyFrame.fromFrame(frame)
    .filter(col('v').ge(1))
    .groupBy('k')
    .withOptions({ memoryLimit, threads: 4 })
    .agg(count(), { v: ['sum'] })
    .collect();

describe('core without a runtime', () => {
  it('runs a group-by on the calling thread and keeps states in memory past the budget', async () => {
    installRuntime({});
    const tiny = (await query(1000)).toRecords();
    installRuntime({});
    const roomy = (await query(Infinity)).toRecords();
    expect(tiny).toEqual(roomy);
    expect(tiny).toHaveLength(700);
  });
});

describe('an installed runtime', () => {
  it('gets the spills through its store, and the result is the same', async () => {
    const appended: number[] = [];
    let disposed = 0;
    const memory: CompactPartial[][] = [];
    const runtime: Runtime = {
      spillStore: {
        create(partitions: number): SpillArea {
          for (let p = 0; p < partitions; p++) memory[p] = [];
          return {
            append: (p, partial) => {
              appended.push(p);
              memory[p].push(structuredClone(partial));
            },
            read: (p) => memory[p],
            dispose: () => {
              disposed++;
            },
          };
        },
        createChunks() {
          throw new Error('a group-by spills partial states, never chunks');
        },
      },
    };
    installRuntime(runtime);
    const spilled = (await query(1000)).toRecords();
    installRuntime({});
    const plain = (await query(Infinity)).toRecords();
    expect(appended.length).toBeGreaterThan(0);
    expect(disposed).toBeGreaterThan(0);
    const byKey = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [r.k, r]));
    expect(byKey(spilled)).toEqual(byKey(plain));
  });
});
