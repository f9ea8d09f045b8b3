import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DataFrame } from '@df-stream/core';
import { type AggSpec, HashAggregator } from '@df-stream/core/internal';
import { FileSpillStore, makeTempDir, removeAllTempFiles } from '@df-stream/engine';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

// Spill directories go to this file's own temp directory: tests running beside it spill to the system's.
process.env.DF_STREAM_TMPDIR = makeTestDir('df-stream-spill-store').dir;
const spillDirs = (): string[] => readdirSync(process.env.DF_STREAM_TMPDIR ?? tmpdir()).filter((n) => n.startsWith('df-stream-spill-'));

describe('FileSpillStore', () => {
  it('gives back each partition in the order appended, and removes its files on dispose', () => {
    const df = DataFrame.fromRecords(Array.from({ length: 50 }, (_, i) => ({ k: `k${i % 9}`, v: i })));
    const aggs: AggSpec[] = [{ column: 'v', fn: 'sum', name: 'v_sum' }];
    const parts = [0, 1, 2].map((p) => {
      const agg = new HashAggregator(['k'], aggs, { memoryLimit: Infinity });
      agg.consume(df.slice(p * 10, p * 10 + 10).chunks[0], p * 10);
      return agg.exportCompact();
    });
    const before = spillDirs().length;
    const area = new FileSpillStore().create(2);
    expect(spillDirs().length).toBe(before + 1);
    area.append(1, parts[0]);
    area.append(0, parts[1]);
    area.append(1, parts[2]);
    expect([...area.read(0)]).toEqual([parts[1]]);
    expect([...area.read(1)]).toEqual([parts[0], parts[2]]);
    area.dispose();
    area.dispose();
    expect(spillDirs().length).toBe(before);
  });

  it('lets a group-by spill through it and get the same result as in memory', () => {
    const df = DataFrame.fromRecords(
      Array.from({ length: 5000 }, (_, i) => ({ k: `key${(i * 7919) % 1500}`, v: i % 13 })),
      { chunkSize: 100 },
    );
    const aggs: AggSpec[] = [
      { column: 'v', fn: 'sum', name: 'v_sum' },
      { column: 'v', fn: 'n_unique', name: 'v_n_unique' },
    ];
    const run = (memoryLimit: number) => {
      const agg = new HashAggregator(['k'], aggs, { memoryLimit, partitions: 4, spillStore: new FileSpillStore() });
      let row = 0;
      for (const c of df.chunks) {
        agg.consume(c, row);
        row += c.numRows;
      }
      const out = [...agg.finish()];
      return { spills: agg.stats.spills, rows: out.flatMap((c) => DataFrame.fromChunks([c]).toRecords()) };
    };
    const memory = run(Infinity);
    const spilled = run(20_000);
    expect(memory.spills).toBe(0);
    expect(spilled.spills).toBeGreaterThan(0);
    const sorted = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.k).localeCompare(String(b.k)));
    expect(sorted(spilled.rows)).toEqual(sorted(memory.rows));
  });
});

describe('temp directories', () => {
  it('are removed all at once (what exit, Ctrl-C and SIGTERM do)', () => {
    const a = makeTempDir('df-stream-test-');
    const b = makeTempDir('df-stream-test-');
    expect(existsSync(a) && existsSync(b)).toBe(true);
    removeAllTempFiles();
    expect(existsSync(a) || existsSync(b)).toBe(false);
  });
});
