import { col, count, DataFrame, LazyFrame, type ScanSource } from '@df-stream/core';
import { type CompactPartial, currentRuntime, installRuntime, type Runtime, type SpillArea, type SplitRunner } from '@df-stream/core/internal';
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

describe('a group-by reading while its workers run', () => {
  it("lets the event loop turn, so a worker's message is taken before a synchronous reader is through", async () => {
    const events: string[] = [];
    const chunks = DataFrame.fromRecords(
      Array.from({ length: 1000 }, (_, i) => ({ k: i % 7, v: i })),
      { chunkSize: 100 },
    ).chunks;
    // The calling thread's split: ten chunks, each after 15 ms of synchronous work (as Parquet's synchronous reads).
    const split: ScanSource = {
      description: 'busy',
      schema: async () => chunks[0].schema,
      scan: () => ({
        async *[Symbol.asyncIterator]() {
          for (const c of chunks) {
            const until = performance.now() + 15;
            while (performance.now() < until) {}
            events.push('chunk');
            yield c;
          }
        },
      }),
    };
    const source: ScanSource = {
      ...split,
      splits: async () => [
        { reader: 'busy', args: [] },
        { reader: 'busy', args: [] },
      ],
    };
    // A worker whose only message comes as a macrotask (a worker thread's message does).
    const runner: SplitRunner = {
      parallelism: 2,
      open: async () => split,
      run: () => new Promise<void>((resolve) => setImmediate(() => resolve(void events.push('worker message')))),
    };
    installRuntime({ splitRunner: runner, turn: () => new Promise<void>((resolve) => setImmediate(resolve)) });
    const out = await LazyFrame.fromSource(source).groupBy('k').withOptions({ threads: 2 }).agg(count()).collect();
    expect(out.numRows).toBe(7);
    expect(events.filter((e) => e === 'chunk')).toHaveLength(10);
    expect(events.indexOf('worker message')).toBeLessThan(events.lastIndexOf('chunk'));
  });
});
