import { existsSync, mkdirSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { DataFrame, DfError, type LazyFrame } from '@df-stream/core';
import { HashAggregator } from '@df-stream/core/internal';
import { FileSpillStore, installNodeRuntime } from '@df-stream/engine';
import { scanCsv } from '@df-stream/io';
import { nodeFileOps, setFileOps } from '@df-stream/io/internal';
import { type FileFault, faultyFileOps, makeTestDir } from '@df-stream/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const test = makeTestDir('df-stream-spill-faults');
const tmp = test.path('tmp');
const input = test.write('in.csv', `k,v\n${Array.from({ length: 30_000 }, (_, i) => `key-${(i * 7919) % 6000},${i % 13}`).join('\n')}\n`);

/** Spills: 6000 groups do not fit a third of 60 KB. One thread, so the spill is this thread's. */
const plan = (memoryLimit: number): LazyFrame =>
  scanCsv(input)
    .groupBy('k')
    .withOptions({ memoryLimit, threads: 1, partitions: 4 })
    .agg({ v: ['sum', 'max'] });
const SPILLING = 60_000;

let restore: (() => void) | undefined;
const savedTmp = process.env.DF_STREAM_TMPDIR;
beforeAll(() => {
  mkdirSync(tmp);
  process.env.DF_STREAM_TMPDIR = tmp;
  installNodeRuntime();
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.DF_STREAM_TMPDIR;
  else process.env.DF_STREAM_TMPDIR = savedTmp;
});
afterEach(() => {
  restore?.();
  restore = undefined;
});

function inject(faults: readonly FileFault[]): ReturnType<typeof faultyFileOps> {
  const ops = faultyFileOps(nodeFileOps, faults);
  restore = setFileOps(ops);
  return ops;
}

async function failure(run: Promise<unknown>): Promise<DfError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DfError);
  return error as DfError;
}

describe('a group-by that spills to a failing disk', () => {
  const expected = async (): Promise<Record<string, unknown>[]> => (await plan(Infinity).collect()).toRecords();

  it('spills through the file layer, and short writes give the in-memory result', async () => {
    const ops = inject([{ op: 'write', path: /df-stream-spill-/, maxBytes: 999 }]);
    const actual = (await plan(SPILLING).collect()).toRecords();
    expect(ops.created.filter((p) => p.includes('df-stream-spill-')).length).toBeGreaterThan(0);
    const byKey = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.k).localeCompare(String(b.k)));
    expect(byKey(actual)).toEqual(byKey(await expected()));
    expect(readdirSync(tmp)).toEqual([]);
  });

  it.each(['ENOSPC', 'EIO'])('%s mid-spill: an io error naming the spill file and the code, and the spill directory is removed', async (code) => {
    const ops = inject([{ op: 'write', path: /df-stream-spill-/, code, afterBytes: 20_000 }]);
    const error = await failure(plan(SPILLING).collect());
    expect(ops.hits.length).toBeGreaterThan(0);
    expect(error.kind).toBe('io');
    expect(error.code).toBe(code);
    expect(error.message).toMatch(new RegExp(`^cannot write ${tmp}/df-stream-spill-\\w+/p\\d: .* \\(${code}\\)$`));
    expect(error.hint).toMatch(/DF_STREAM_TMPDIR/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('a spill file that cannot be created: the same', async () => {
    const ops = inject([{ op: 'create', path: /df-stream-spill-\w+\/p2$/, code: 'ENOSPC' }]);
    const error = await failure(plan(SPILLING).collect());
    expect(ops.hits.length).toBe(1);
    expect(error.message).toMatch(/^cannot write .*\/df-stream-spill-\w+\/p2: no space left on device \(ENOSPC\)$/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('while the result is sunk to a file: no output, no temp file, no spill directory', async () => {
    inject([{ op: 'write', path: /df-stream-spill-/, code: 'ENOSPC', afterBytes: 20_000 }]);
    const out = test.path('out.parquet');
    const error = await failure(plan(SPILLING).sink(out));
    expect(error.code).toBe('ENOSPC');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(test.dir).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('a spill file cut short (a disk that lost the end of a write)', () => {
  it('is an io error when read back, never zeros taken for group states', () => {
    const ops = inject([]);
    const agg = new HashAggregator(['k'], [{ column: 'v', fn: 'sum', name: 'v_sum' }], { memoryLimit: Infinity });
    agg.consume(DataFrame.fromRecords(Array.from({ length: 100 }, (_, i) => ({ k: `k${i}`, v: i }))).chunks[0], 0);
    const area = new FileSpillStore().create(1);
    try {
      area.append(0, agg.exportCompact());
      const [file] = ops.created;
      truncateSync(file, statSync(file).size - 10);
      expect(() => [...area.read(0)]).toThrow(/^spill file .*\/p0 is shorter than what was written to it$/);
    } finally {
      area.dispose();
    }
    expect(readdirSync(tmp)).toEqual([]);
  });
});
