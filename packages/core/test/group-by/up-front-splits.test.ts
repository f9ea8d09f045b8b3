import { type Chunk, col, count, DataFrame, DfError, type GroupByOptions, LazyFrame, type ProgressEvent, type ScanSource, type SourceSplit } from '@df-stream/core';
import { currentRuntime, HashAggregator, installRuntime, type SplitRunner } from '@df-stream/core/internal';
import { afterEach, describe, expect, it } from 'vitest';

const saved = currentRuntime();
afterEach(() => installRuntime(saved));

/**
 * 1000 rows in chunks of 50, as a source that splits only up front (as Parquet's row groups do) into two halves,
 * and a runner whose `open` records which halves the calling thread read. `run` plays the workers.
 */
function halves(
  keys: number,
  run: (chunksOf: (split: SourceSplit) => Chunk[]) => SplitRunner['run'],
  options: GroupByOptions = {},
  /** The calling thread's reader fails once it has given this many rows (a bad row). */
  failAfter = Infinity,
) {
  const df = DataFrame.fromRecords(
    Array.from({ length: 1000 }, (_, i) => ({ k: i % keys, v: i })),
    { chunkSize: 50 },
  );
  const chunksOf = (split: SourceSplit): Chunk[] => df.chunks.slice(Number(split.args[0]) * 10, Number(split.args[0]) * 10 + 10);
  let reads = 0;
  const sourceOf = (chunks: readonly Chunk[]): ScanSource => ({
    description: 'halves',
    schema: async () => df.schema,
    scan: () => ({
      async *[Symbol.asyncIterator]() {
        for (const c of chunks) {
          if (reads >= failAfter) throw new DfError('data', `bad row ${reads + 1}`);
          reads += c.numRows;
          yield c;
        }
      },
    }),
  });
  const opened: number[] = [];
  const runner: SplitRunner = {
    parallelism: 2,
    open: async (split) => {
      opened.push(Number(split.args[0]));
      return sourceOf(chunksOf(split));
    },
    run: run(chunksOf),
  };
  installRuntime({ splitRunner: runner, turn: () => new Promise<void>((resolve) => setImmediate(resolve)) });
  const source: ScanSource = {
    ...sourceOf(df.chunks),
    splits: async () => [0, 1].map((i) => ({ reader: 'halves', args: [i] })),
  };
  const result = () =>
    LazyFrame.fromSource(source)
      .groupBy('k')
      .withOptions({ threads: 2, probeRows: 200, ...options })
      .agg(count(), col('v').sum().alias('v'))
      .collect();
  // What one thread makes of every row: keys in first-appearance order, each row counted once.
  const expected = (): Record<string, unknown>[] => {
    const byKey = new Map<number, { k: number; count: number; v: number }>();
    for (let i = 0; i < 1000; i++) {
      const g = byKey.get(i % keys) ?? { k: i % keys, count: 0, v: 0 };
      g.count += 1;
      g.v += i;
      byKey.set(i % keys, g);
    }
    return [...byKey.values()];
  };
  return { opened, result, expected, read: () => reads };
}

/** Workers that aggregate their splits as a worker thread does and hand the states over: after a macrotask, or at once. */
function realWorkers(when: 'later' | 'at once') {
  return (chunksOf: (split: SourceSplit) => Chunk[]): SplitRunner['run'] =>
    async (tasks, onPartial) => {
      if (when === 'later') await new Promise<void>((resolve) => setImmediate(resolve));
      for (const task of tasks) {
        const chunks = chunksOf(task.split);
        const aggregator = new HashAggregator(task.keys, task.aggs, {}, chunks[0].schema);
        let row = task.positionBase;
        for (const c of chunks) {
          aggregator.consume(c, row);
          row += c.numRows;
        }
        await onPartial(aggregator.exportCompact());
        aggregator.dispose();
      }
    };
}

/** A worker's run that ends only when called off (`then` runs first): a worker still starting when the probe ends. */
function untilCalledOff(signal: AbortSignal, then: () => Promise<void> = async () => undefined): Promise<void> {
  return new Promise<void>((_, reject) => signal.addEventListener('abort', () => void then().then(() => reject(signal.reason))));
}

/** Runs the group-by over `keys` with workers `run`, and checks the halves this thread read and the result. */
async function expectRun(keys: number, run: (chunksOf: (split: SourceSplit) => Chunk[]) => SplitRunner['run'], opened: number[]): Promise<void> {
  const halvesRun = halves(keys, run);
  const out = await halvesRun.result();
  expect(halvesRun.opened).toEqual(opened);
  expect(out.toRecords()).toEqual(halvesRun.expected());
}

describe('a group-by over a source split up front', () => {
  it('calls its workers off when nearly every row makes a group, and reads their splits itself', async () => {
    let aborted = false;
    await expectRun(
      1000,
      () => (_tasks, _onPartial, _onProgress, signal) =>
        untilCalledOff(signal, async () => {
          aborted = true;
        }),
      [0, 1],
    );
    expect(aborted).toBe(true);
  });

  it('keeps its workers when groups are few, and merges what they hand over', async () => {
    await expectRun(7, realWorkers('later'), [0]);
  });

  it('drops states a worker handed over after it was called off (a message already on its way)', async () => {
    await expectRun(
      1000,
      (chunksOf) => (tasks, onPartial, onProgress, signal) => untilCalledOff(signal, () => realWorkers('at once')(chunksOf)(tasks, onPartial, onProgress, signal)),
      [0, 1],
    );
  });

  it('drops what the workers handed over before the probe ended when it calls them off, and counts their rows once', async () => {
    await expectRun(1000, realWorkers('at once'), [0, 1]);
  });

  it('takes what the workers handed over before the probe ended when it keeps them', async () => {
    await expectRun(7, realWorkers('at once'), [0]);
  });

  it('under a budget the caller set, starts its workers only after the probe, and none when they do not pay', async () => {
    // Rows the calling thread had read when the workers started.
    const started: number[] = [];
    let read = (): number => 0;
    const recording = (chunksOf: (split: SourceSplit) => Chunk[]): SplitRunner['run'] => {
      const worker = realWorkers('later')(chunksOf);
      return (...args) => {
        started.push(read());
        return worker(...args);
      };
    };
    const few = halves(7, recording, { memoryLimit: 2 ** 30 });
    read = few.read;
    expect((await few.result()).toRecords()).toEqual(few.expected());
    // Started when the calling thread had read the probe's 200 rows (four chunks of 50), not before.
    expect(started).toEqual([200]);
    expect(few.opened).toEqual([0]);
    started.length = 0;
    const unique = halves(1000, recording, { memoryLimit: 2 ** 30 });
    expect((await unique.result()).toRecords()).toEqual(unique.expected());
    expect(started).toEqual([]);
    expect(unique.opened).toEqual([0, 1]);
  });

  it('decides at the end of a first split shorter than the probe', async () => {
    const { opened, result, expected } = halves(1000, realWorkers('later'), { probeRows: 2000 });
    expect((await result()).toRecords()).toEqual(expected());
    expect(opened).toEqual([0, 1]);
  });

  it("fails with a worker's error that came while it was pending", async () => {
    const { result } = halves(7, () => () => Promise.reject(new Error('worker broke')));
    await expect(result()).rejects.toThrow(/worker broke/);
  });

  it('reports no rows of workers it calls off, so the rows read only grow', async () => {
    const events: ProgressEvent[] = [];
    // A worker that says it has read its 500 rows before the probe ends, then waits to be called off.
    const { result } = halves(
      1000,
      () => (_tasks, _onPartial, onProgress, signal) => {
        onProgress(500, 1000);
        return untilCalledOff(signal);
      },
      { onProgress: (e) => events.push(e), progressIntervalMs: 0 },
    );
    await result();
    const rows = events.map((e) => e.rows);
    expect(rows.at(-1)).toBe(1000);
    expect(rows.every((r, i) => i === 0 || r >= rows[i - 1])).toBe(true);
  });

  it("fails with the calling thread's bad row during the probe, and stops the pending workers", async () => {
    let aborted = false;
    const { result } = halves(
      7,
      () => (_tasks, _onPartial, _onProgress, signal) =>
        untilCalledOff(signal, async () => {
          aborted = true;
        }),
      {},
      100,
    );
    await expect(result()).rejects.toThrow(/bad row 101/);
    expect(aborted).toBe(true);
  });
});
