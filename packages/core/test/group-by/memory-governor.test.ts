import { DataFrame, type Value } from '@df-stream/core';
import { type AggSpec, CategoricalColumn, HashAggregator, MemoryGovernor, MemorySpillStore } from '@df-stream/core/internal';
import { dbBenchmarkRows, referenceGroupBy } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

describe('MemoryGovernor', () => {
  it('grants reservations up to its budget, refuses past it without changing anything, and takes back releases', () => {
    const g = new MemoryGovernor(1000, 50);
    const a = g.reserve('a', 600);
    const b = g.reserve('b');
    expect(b.resize(300)).toBe(true);
    expect(g.reserved).toBe(900);
    expect(b.resize(500)).toBe(false);
    expect(b.bytes).toBe(300);
    expect(g.available).toBe(100);
    a.release();
    a.release();
    expect(g.reserved).toBe(300);
    expect(b.resize(1000)).toBe(true);
    expect(g.peak).toBe(1000);
    expect(g.floor).toBe(50);
  });

  it('keep: granted within the budget; past it, refused when the caller can spill, recorded when it cannot', () => {
    const g = new MemoryGovernor(100);
    const r = g.reserve('sorted runs');
    expect(r.keep(60, true)).toBe(true);
    expect(r.keep(150, true)).toBe(false);
    expect(r.bytes).toBe(60);
    expect(r.keep(150, false)).toBe(true);
    expect(g.reserved).toBe(150);
    r.release();
    expect(g.reserved).toBe(0);
  });

  it('says which component found no room, as a usage error', () => {
    const g = new MemoryGovernor(2 ** 20);
    expect(() => g.reserve('the join build', 2 ** 21)).toThrow(expect.objectContaining({ kind: 'usage', message: expect.stringContaining('the join build') }));
  });

  it('records memory that already exists past the budget (force), so later requests are refused', () => {
    const g = new MemoryGovernor(100);
    const r = g.reserve('a worker thread');
    r.force(150);
    expect(g.available).toBe(0);
    expect(g.reserve('states').resize(1)).toBe(false);
  });
});

describe('group states under a governor', () => {
  const rows = dbBenchmarkRows(3000, 200, 7);
  const df = DataFrame.fromRecords(rows, { chunkSize: 64 });
  const aggs: AggSpec[] = [
    { column: 'v1', fn: 'sum', name: 'v1_sum' },
    { column: 'v3', fn: 'max', name: 'v3_max' },
    { column: null, fn: 'count', name: 'count' },
  ];
  const expected = referenceGroupBy(
    rows,
    ['id3', 'id4'],
    [
      ['v1', 'sum'],
      ['v3', 'max'],
      [null, 'count'],
    ],
  );

  it('spill when the governor refuses them room, stay within what it granted, and give the reference result', () => {
    const store = new MemorySpillStore();
    const g = new MemoryGovernor(400_000);
    // Another component holds most of the budget: the states get what is left.
    const other = g.reserve('a reader', 250_000);
    const agg = new HashAggregator(['id3', 'id4'], aggs, { governor: g, spillStore: store, partitions: 4 });
    for (const chunk of df.chunks) {
      agg.consume(chunk);
      expect(g.reserved).toBeLessThanOrEqual(g.budget);
    }
    expect(agg.stats.spills).toBeGreaterThan(0);
    expect(store.appended).toBeGreaterThan(0);
    expect(g.spilledBytes).toBeGreaterThan(0);
    const out = DataFrame.fromChunks([...agg.finish()]).toRecords();
    expect(store.open).toBe(0);
    expect(out).toHaveLength(expected.size);
    // The reference's key: values joined by \u0001, a null as \u0000null.
    const key = (r: Record<string, Value>): string => [r.id3, r.id4].map((v) => (v === null ? '\u0000null' : String(v))).join('\u0001');
    for (const r of out) expect([r.v1_sum, r.v3_max, r.count]).toEqual(expected.get(key(r)));
    // Disposed: the states hold nothing of the budget any more.
    expect(g.reserved).toBe(other.bytes);
  });

  it('grow the tuple table without spilling when only the table grows (flat states already sized ahead)', () => {
    // Two keys (a tuple table), a new group every row, the source's projection after each chunk: the flat states
    // are sized ahead for the projected groups, and later only the tuple table has to grow.
    const rows = 1_000_000;
    const df = DataFrame.fromColumns(
      { k: Int32Array.from({ length: rows }, (_, i) => i), j: Int32Array.from({ length: rows }, (_, i) => i & 1), v: new Float64Array(rows) },
      { chunkSize: 65_536 },
    );
    const aggs: AggSpec[] = [{ column: 'v', fn: 'sum', name: 'v' }];
    const consume = (g: MemoryGovernor): HashAggregator => {
      const agg = new HashAggregator(['k', 'j'], aggs, { governor: g, spillStore: new MemorySpillStore() });
      let seen = 0;
      for (const chunk of df.chunks) {
        agg.consume(chunk);
        seen += chunk.numRows;
        agg.expectRows(rows);
      }
      expect(seen).toBe(rows);
      return agg;
    };
    const probe = consume(new MemoryGovernor(2 ** 40));
    const held = probe.reservedBytes;
    expect(probe.stats.spills).toBe(0);
    probe.dispose();
    // Room for what the states hold at the end, and half again: counting the flat states as growing with the table
    // asked for more than twice that at the table's next doubling, and spilled.
    const agg = consume(new MemoryGovernor(1.5 * held));
    expect(agg.stats.spills).toBe(0);
    expect(agg.stats.groups).toBe(rows);
    agg.dispose();
  });

  it('count a growing tuple table by its own rule: a tenth more room than the final states hold is enough', () => {
    // q10's shape: a new group every row, two keys (a tuple table), the flat states sized ahead for the projected
    // groups while the table's tuples grow by half and its index by doubling. Counting every part as doubling when
    // the table grew asked for twice the states' room and spilled a job that a budget of 1.1x its end held.
    const rows = 1_000_000;
    const df = DataFrame.fromColumns(
      { k: Int32Array.from({ length: rows }, (_, i) => i), j: Int32Array.from({ length: rows }, (_, i) => i & 1), v: new Float64Array(rows).fill(1) },
      { chunkSize: 65_536 },
    );
    const aggs: AggSpec[] = [
      { column: 'v', fn: 'sum', name: 'v' },
      { column: null, fn: 'count', name: 'n' },
    ];
    const consume = (g: MemoryGovernor): HashAggregator => {
      const agg = new HashAggregator(['k', 'j'], aggs, { governor: g, spillStore: new MemorySpillStore() });
      for (const chunk of df.chunks) {
        agg.consume(chunk);
        agg.expectRows(rows);
      }
      return agg;
    };
    const probe = consume(new MemoryGovernor(2 ** 40));
    const held = probe.reservedBytes;
    probe.dispose();
    const agg = consume(new MemoryGovernor(1.1 * held));
    expect(agg.stats.spills).toBe(0);
    const out = DataFrame.fromChunks([...agg.finish()]);
    expect(out.numRows).toBe(rows);
    expect(
      out
        .column('n')
        .toArray()
        .every((n) => n === 1),
    ).toBe(true);
  });

  it('reserve growth for the flat states only: a median by a few keys, whose values grow with the rows, does not spill', () => {
    // Ten groups, chunks of 65,536 rows: before each chunk the states might have to hold 65,546 groups. Counting
    // the median's values (which grow with the rows, not the groups) as growing with the groups asked for
    // thousands of times their bytes before every chunk, and spilled every time; for one key and for two.
    const rows = 400_000;
    const df = DataFrame.fromColumns(
      {
        k: Int32Array.from({ length: rows }, (_, i) => i % 10),
        j: Int32Array.from({ length: rows }, (_, i) => i % 2),
        v: Float64Array.from({ length: rows }, (_, i) => i),
      },
      { chunkSize: 65_536 },
    );
    const aggs: AggSpec[] = [
      { column: 'v', fn: 'median', name: 'm' },
      { column: 'v', fn: 'sum', name: 's' },
    ];
    for (const keys of [['k'], ['k', 'j']]) {
      const agg = new HashAggregator(keys, aggs, { governor: new MemoryGovernor(64 * 2 ** 20), spillStore: new MemorySpillStore() });
      for (const chunk of df.chunks) agg.consume(chunk);
      expect(agg.stats.spills, keys.join(',')).toBe(0);
      const out = DataFrame.fromChunks([...agg.finish()]);
      expect(out.numRows).toBe(10);
    }
  });

  it('do not spill when the budget has room for them', () => {
    const store = new MemorySpillStore();
    const g = new MemoryGovernor(2 ** 30);
    const agg = new HashAggregator(['id3', 'id4'], aggs, { governor: g, spillStore: store });
    for (const chunk of df.chunks) agg.consume(chunk);
    expect(agg.stats.spills).toBe(0);
    // The states and a quarter more (what a spill holds beside them: partition order, one piece), and once the
    // categorical key's dictionary, which the key index uses as its own (a spill neither copies nor frees it).
    const id3 = df.chunks[0].column('id3');
    const dictionary = id3 instanceof CategoricalColumn ? id3.dictionary.byteLength : 0;
    expect(dictionary).toBeGreaterThan(0);
    expect(g.reserved).toBe(1.25 * agg.stats.bytes + dictionary);
    agg.dispose();
  });
});
