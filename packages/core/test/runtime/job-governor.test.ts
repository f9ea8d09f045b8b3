import { count, DataFrame, LazyFrame, type ProgressEvent } from '@df-stream/core';
import { MemoryGovernor, MemorySpillStore } from '@df-stream/core/internal';
import { describe, expect, it } from 'vitest';

// One budget for a whole plan: the first operator that holds memory makes the job's governor (or takes the one its
// consumer passes in ScanOptions), reserves from it and passes it to its inputs.

const ROWS = 3000;
const BUDGET = 2 ** 21;
const frame = DataFrame.fromColumns(
  {
    k: Array.from({ length: ROWS }, (_, i) => (i * 7919) % 1000),
    s: Array.from({ length: ROWS }, (_, i) => `s${(i * 31) % 997}`),
    v: Array.from({ length: ROWS }, (_, i) => ((i * 37) % 1000) / 8),
  },
  { chunkSize: 100 },
);
const right = DataFrame.fromColumns({ k: Array.from({ length: 1000 }, (_, i) => i), w: Array.from({ length: 1000 }, (_, i) => i * 2) }, { chunkSize: 100 });

type Operator = (lazy: LazyFrame, store: MemorySpillStore) => LazyFrame;
/** Each operator, and whether its output order is defined (then compared as it comes, else sorted). */
const OPERATORS: [string, Operator, boolean][] = [
  ['sort', (lazy, store) => lazy.sort(['s', 'v'], { spillStore: store, memoryLimit: BUDGET }), true],
  ['join', (lazy, store) => LazyFrame.fromFrame(right).join(lazy, { on: 'k', spillStore: store, memoryLimit: BUDGET }), false],
  ['unique (first)', (lazy, store) => lazy.unique(['k', 's'], { spillStore: store, memoryLimit: BUDGET }), true],
  ['unique (last)', (lazy, store) => lazy.unique(['k', 's'], { keep: 'last', spillStore: store, memoryLimit: BUDGET }), false],
];

/** The rows of a scan of `plan` under `governor` (its own when undefined), and what went to the spill store. */
async function run(operator: Operator, ordered: boolean, governor: MemoryGovernor | undefined): Promise<{ rows: string[]; spilled: number; open: number }> {
  const store = new MemorySpillStore();
  const rows: string[] = [];
  for await (const chunk of operator(LazyFrame.fromFrame(frame), store).scan({ governor })) {
    for (const r of DataFrame.fromChunks([chunk]).toRecords()) rows.push(JSON.stringify(r));
  }
  return { rows: ordered ? rows : rows.sort(), spilled: store.appended, open: store.open };
}

describe('an operator under a governor passed down in ScanOptions', () => {
  for (const [name, operator, ordered] of OPERATORS) {
    it(`${name}: holds its input in memory with the room, spills when another component holds it, same rows`, async () => {
      const alone = await run(operator, ordered, undefined);
      expect(alone.spilled).toBe(0);
      expect(alone.rows.length).toBeGreaterThan(0);
      const roomy = new MemoryGovernor(BUDGET);
      expect(await run(operator, ordered, roomy)).toEqual(alone);
      expect(roomy.reserved).toBe(0);
      expect(roomy.peak).toBeGreaterThan(0);
      // The same budget, nearly all of it held by another component of the job.
      const shared = new MemoryGovernor(BUDGET);
      const other = shared.reserve('another operator', BUDGET - 4096);
      const squeezed = await run(operator, ordered, shared);
      expect(squeezed.spilled).toBeGreaterThan(0);
      expect(squeezed.open).toBe(0);
      expect(squeezed.rows).toEqual(alone.rows);
      expect(shared.reserved).toBe(other.bytes);
      expect(shared.spilledBytes).toBeGreaterThan(0);
    });

    it(`${name}: gives its reservation back when its consumer stops early`, async () => {
      const governor = new MemoryGovernor(BUDGET);
      for await (const chunk of operator(LazyFrame.fromFrame(frame), new MemorySpillStore()).scan({ governor })) {
        expect(chunk.numRows).toBeGreaterThan(0);
        break;
      }
      expect(governor.reserved).toBe(0);
    });
  }
});

describe("a plan's operators", () => {
  it('share the governor of the one on top: a group-by under a sort reports the sort’s budget', async () => {
    const events: ProgressEvent[] = [];
    const plan = LazyFrame.fromFrame(frame)
      .groupBy('k')
      .withOptions({ memoryLimit: 2 ** 30, onProgress: (e) => events.push(e) })
      .agg(count())
      .sort('k', { memoryLimit: BUDGET, spillStore: new MemorySpillStore() });
    const out = await plan.collect();
    expect(out.numRows).toBe(1000);
    expect(events.at(-1)?.budget).toBe(BUDGET);
    // Alone, the group-by makes its own governor of its own budget.
    events.length = 0;
    await LazyFrame.fromFrame(frame)
      .groupBy('k')
      .withOptions({ memoryLimit: 2 ** 30, onProgress: (e) => events.push(e) })
      .agg(count())
      .collect();
    expect(events.at(-1)?.budget).toBe(2 ** 30);
  });

  it('keep a limit the user gave an inner one when the one on top has only the default budget', async () => {
    const events: ProgressEvent[] = [];
    await LazyFrame.fromFrame(frame)
      .groupBy('k')
      .withOptions({ memoryLimit: BUDGET, onProgress: (e) => events.push(e) })
      .agg(count())
      .sort('k', { spillStore: new MemorySpillStore() })
      .collect();
    expect(events.at(-1)?.budget).toBe(BUDGET);
  });
});
