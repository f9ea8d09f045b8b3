import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataFrame, LazyFrame, type Value } from '@df-stream/core';
import { type FileOps, nodeFileOps, setFileOps } from '@df-stream/io/internal';
import { faultyFileOps, makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { scanCsv, scanFeather, scanParquet } from '../../src/index.js';
import { rowsOf } from './hive-fixture.js';

const { dir } = makeTestDir('df-stream-partitioned-sink');

/** Seeded rows over 2 years x 12 months x 3 regions, partitions interleaved row by row (the worst case for open files). */
function sales(n: number, seed: number): DataFrame {
  const rnd = new SeededRandom(seed);
  return DataFrame.fromColumns(
    {
      id: Array.from({ length: n }, (_, i) => i),
      year: Array.from({ length: n }, () => 2023 + rnd.int(2)),
      month: Array.from({ length: n }, () => 1 + rnd.int(12)),
      region: Array.from({ length: n }, () => (rnd.chance(0.05) ? null : ['north', 'south', 'east/west'][rnd.int(3)])),
      amount: Array.from({ length: n }, () => Math.round(rnd.next() * 10000) / 100),
    },
    { chunkSize: 64 },
  );
}

/** Rows sorted by id, with the columns in one order: what a read-back compares equal on. */
function byId(df: DataFrame, columns: readonly string[]): Record<string, Value>[] {
  return rowsOf(df.select(...columns))
    .map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])))
    .sort((a, b) => (a.id as number) - (b.id as number));
}

/** The file layer with every create counted, and the most files open at once. */
function countingFileOps(real: FileOps): FileOps & { open: number; peak: number; created: number } {
  const counts = { open: 0, peak: 0, created: 0 };
  const ops: FileOps = {
    async create(path, flags) {
      const handle = await real.create(path, flags);
      counts.created++;
      counts.open++;
      counts.peak = Math.max(counts.peak, counts.open);
      return {
        write: (b, o, l) => handle.write(b, o, l),
        close: async () => {
          counts.open--;
          await handle.close();
        },
      };
    },
    createSync: (path, flags) => real.createSync(path, flags),
    rename: (from, to) => real.rename(from, to),
  };
  return Object.assign(counts, ops);
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** Every file under `root`, relative, sorted. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(root, join(d, e.name)));
    }
  };
  walk(root);
  return out.sort();
}

describe.each([
  ['parquet', scanParquet],
  ['csv', scanCsv],
  ['feather', scanFeather],
] as const)('sink(dir, { partitionBy }) as %s', (format, scanner) => {
  const input = sales(600, 11);
  const columns = ['id', 'amount', 'year', 'region'];

  it('writes hive directories that read back as the input, partition columns not in the files', async () => {
    const out = join(dir, `${format}-basic`);
    await LazyFrame.fromFrame(input).sink(out, { partitionBy: ['year', 'region'], format });
    const files = listFiles(out);
    expect(files).toContain(`year=2023/region=north/part-0.${format}`);
    expect(files).toContain(`year=2024/region=east%2Fwest/part-0.${format}`);
    expect(files).toContain(`year=2024/region=__HIVE_DEFAULT_PARTITION__/part-0.${format}`);
    expect(files.every((f) => !f.split('/').some((s) => s.startsWith('.')))).toBe(true);
    // Inside a file: no partition column.
    const one = await scanner(join(out, `year=2023/region=north/part-0.${format}`)).collect();
    expect(one.columns).toEqual(['id', 'month', 'amount']);
    // (Reading at other chunk sizes is multi-file-scan.test.ts's; here what was written is the point.)
    const back = await scanner(out).collect();
    expect(back.columns).toEqual(['id', 'month', 'amount', 'year', 'region']);
    expect(byId(back, columns)).toEqual(byId(input, columns));
  });

  it('keeps at most maxOpenFiles part files open, opening new parts for partitions it closed', async () => {
    const counting = countingFileOps(nodeFileOps);
    restore = setFileOps(counting);
    const out = join(dir, `${format}-bounded`);
    // Rows written every 200 rows of input: each flush meets every one of the 12 partitions.
    await LazyFrame.fromFrame(input).sink(out, { partitionBy: ['month'], format, maxOpenFiles: 3, maxBufferedRows: 200 });
    restore();
    restore = undefined;
    expect(counting.peak).toBeLessThanOrEqual(3);
    const files = listFiles(out);
    // 12 partitions through 3 open files: partitions are closed and reopened as new parts.
    expect(files.length).toBeGreaterThan(12);
    expect(files).toContain(`month=1/part-1.${format}`);
    const back = await scanner(out).collect();
    expect(back.columns).toEqual(['id', 'year', 'region', 'amount', 'month']);
    expect(byId(back, ['id', 'amount', 'year', 'month', 'region'])).toEqual(byId(input, ['id', 'amount', 'year', 'month', 'region']));
  });
});

describe('a partitioned sink that fails', () => {
  it('leaves nothing: no directory, no temp directory, no part file', async () => {
    const parent = join(dir, 'fails');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(parent);
    const faulty = faultyFileOps(nodeFileOps, [{ op: 'write', path: /month=3\/\.part-1/, code: 'ENOSPC' }]);
    restore = setFileOps(faulty);
    const out = join(parent, 'out');
    await expect(LazyFrame.fromFrame(sales(2000, 3)).sink(out, { partitionBy: ['month'], format: 'csv', maxOpenFiles: 2, maxBufferedRows: 100 })).rejects.toMatchObject({
      kind: 'io',
      message: expect.stringContaining('no space left'),
    });
    expect(faulty.hits.length).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a directory that is not empty, and a partition column that does not exist', async () => {
    const out = join(dir, 'fails', 'taken');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(out);
    writeFileSync(join(out, 'x.txt'), 'mine');
    await expect(LazyFrame.fromFrame(sales(10, 1)).sink(out, { partitionBy: ['year'] })).rejects.toThrow(/not empty/);
    expect(readdirSync(out)).toEqual(['x.txt']);
    await expect(LazyFrame.fromFrame(sales(10, 1)).sink(join(dir, 'fails', 'new'), { partitionBy: ['yaer'] })).rejects.toThrow(/yaer/);
    expect(existsSync(join(dir, 'fails', 'new'))).toBe(false);
  });
});
