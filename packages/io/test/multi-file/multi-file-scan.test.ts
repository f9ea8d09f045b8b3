import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { col, count, DataFrame, type LazyFrame, type Value } from '@df-stream/core';
import { installNodeRuntime } from '@df-stream/engine';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { scan, scanCsv, scanFeather, scanParquet } from '../../src/index.js';
import { openSplit } from '../../src/open-split.js';
import { EXT, type FixtureFile, type FixtureFormat, rowsOf, writeHiveDir } from './hive-fixture.js';

// The group-bys with threads run on worker threads: the Node runtime provides them.
installNodeRuntime();

const { dir } = makeTestDir('df-stream-multi-file');

type Scanner = (input: string | readonly string[], options?: Record<string, unknown>) => LazyFrame;
const SCANNERS: Record<FixtureFormat, Scanner> = {
  csv: (i, o) => scanCsv(i, o),
  parquet: (i, o) => scanParquet(i, o),
  feather: (i, o) => scanFeather(i, o),
};

/** The reference: each file read on its own, its partition values appended, concatenated in path order. */
async function reference(format: FixtureFormat, files: readonly FixtureFile[]): Promise<Record<string, Value>[]> {
  const out: Record<string, Value>[] = [];
  for (const f of files) {
    const own = await SCANNERS[format](f.path).collect();
    for (const row of rowsOf(own)) out.push({ ...row, year: f.year, month: f.month });
  }
  return out;
}

describe.each(['csv', 'parquet', 'feather'] as const)('%s files under hive directories', (format) => {
  const root = join(dir, format);
  let files: FixtureFile[] = [];
  const scanner = SCANNERS[format];

  it('reads a directory and a ** glob as the files concatenated, partition columns last, at any chunk size', async () => {
    // One file per partition for Parquet: opening one costs a worker thread (~0.1 s), and nothing here needs more.
    files = await writeHiveDir(root, format, 17, 40, format === 'parquet' ? 1 : 2);
    const expected = await reference(format, files);
    // Each input form at one of the chunk sizes (a Parquet file costs a worker thread to open: combinations are few).
    const cases: [string | readonly string[], number | undefined][] = [
      [root, undefined],
      [join(root, `**/*${EXT[format]}`), 7],
      [files.map((f) => f.path), 1],
    ];
    for (const [input, chunkSize] of cases) {
      const df = await scanner(input, chunkSize === undefined ? {} : { chunkSize }).collect();
      expect(df.columns).toEqual(['id', 'city', 'v', 'year', 'month']);
      expect(df.schema.field('year').dtype).toBe('int16');
      expect(df.schema.field('month').dtype).toBe('int8');
      expect(rowsOf(df)).toEqual(expected);
    }
    // By content, per file.
    expect(rowsOf(await (await scan(root)).collect())).toEqual(expected);
  });

  it('reads only the files a filter on partition columns keeps, and says so in explain()', async () => {
    const lazy = scanner(root).filter(col('year').eq(2024).and(col('month').ge(2)).and(col('v').gt(40)));
    const kept = files.filter((f) => f.year === 2024 && f.month >= 2);
    expect(lazy.explain()).toContain(`[files: ${kept.length} of ${files.length}]`);
    const expected = (await reference(format, kept)).filter((r) => r.v !== null && (r.v as number) > 40);
    for (const chunkSize of [1, 7, undefined]) {
      const options = chunkSize === undefined ? {} : { chunkSize };
      const df = await scanner(root, options)
        .filter(col('year').eq(2024).and(col('month').ge(2)).and(col('v').gt(40)))
        .collect();
      expect(rowsOf(df)).toEqual(expected);
    }
    // A term over a partition and a file column together: decided row by row, the partition a constant per file.
    const mixed = await scanner(root)
      .filter(
        col('year')
          .eq(2023)
          .or(col('v').gt(100))
          .and(col('month').add(col('id')).gt(20)),
      )
      .collect();
    const all = await reference(format, files);
    expect(rowsOf(mixed)).toEqual(all.filter((r) => (r.year === 2023 || (r.v !== null && (r.v as number) > 100)) && (r.month as number) + (r.id as number) > 20));
    // A partition column alone: still pruned (nothing else to parse, but whole files to skip).
    const years = await scanner(root).filter(col('year').eq(2023)).select('year').collect();
    expect(years.numRows).toBe(
      (
        await reference(
          format,
          files.filter((f) => f.year === 2023),
        )
      ).length,
    );
  });

  it('never opens a pruned file: one that fails to read is fine when the filter rules its partition out', async () => {
    const bad = join(dir, `${format}-bad`);
    const own = await writeHiveDir(bad, format, 5, 10, 1);
    // Sorted last, in 2025: garbage for the binary formats, other columns for CSV (refused when opened).
    writeFileSync(join(bad, 'year=2025', 'month=03', `zz-broken${EXT[format]}`), format === 'csv' ? 'a,b\n1,2\n' : 'not a file at all');
    const expected = await reference(
      format,
      own.filter((f) => f.year < 2025),
    );
    const df = await scanner(bad).filter(col('year').lt(2025)).collect();
    expect(rowsOf(df)).toEqual(expected);
    await expect(scanner(bad).collect()).rejects.toThrow(/zz-broken/);
  });

  it('gives a group-by on 2 threads the same result as on 1, with work from every file', async () => {
    const lazy = scanner(root);
    // At most one split per thread (a thread is started per split), together covering every file in order.
    const splits = (await lazy.splits(2)) ?? [];
    expect(splits.length).toBe(2);
    const covered = splits.flatMap((s) => (s.args[0] as { parts: { path: string }[] }).parts.map((p) => p.path));
    expect([...new Set(covered)]).toEqual(files.map((f) => f.path));
    // Each split carries its files' partition values.
    let rows = 0;
    for (const s of splits) {
      const part = await (await openSplit(s)).collect();
      expect(part.columns).toEqual(['id', 'city', 'v', 'year', 'month']);
      rows += part.numRows;
    }
    expect(rows).toBe((await reference(format, files)).length);
    const run = async (threads: number) =>
      rowsOf(
        (await scanner(root).filter(col('month').neq(2)).groupBy('year', 'city').withOptions({ threads }).agg(col('v').sum().as('s'), count().as('n')).collect()).sort([
          'year',
          'city',
        ]),
      );
    const one = await run(1);
    expect(one.length).toBeGreaterThan(10);
    expect(await run(2)).toEqual(one);
  });
});

describe('files with different columns', () => {
  const a = join(dir, 'union', 'a.csv');
  const b = join(dir, 'union', 'b.csv');
  const c = join(dir, 'union', 'c.csv');
  const d = join(dir, 'union', 'd.csv');

  it('are matched by name when only the order differs', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'union'), { recursive: true });
    writeFileSync(a, 'id,x\n1,10\n2,20\n');
    writeFileSync(b, 'x,id,y\n1.5,3,p\n2.5,4,q\n');
    writeFileSync(c, 'id\n5\n');
    writeFileSync(d, 'x,id\n30,6\n');
    const df = await scanCsv([a, d]).collect();
    expect(df.toColumns()).toEqual({ id: [1, 2, 6], x: [10, 20, 30] });
  });

  it('are an error naming the file and the difference, with a hint, unless unionByName', async () => {
    const error = await scanCsv([a, b, c])
      .collect()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'usage', message: expect.stringMatching(/b\.csv has y not in .*a\.csv/), hint: expect.stringContaining('unionByName') });
    // The same where a worker thread meets the file (its split carries the first file's names).
    const threaded = await scanCsv([a, b, c])
      .groupBy('id')
      .withOptions({ threads: 2 })
      .agg(count().as('n'))
      .collect()
      .catch((e: unknown) => e);
    expect(threaded).toMatchObject({ kind: 'usage', message: expect.stringMatching(/b\.csv has y not in .*a\.csv/) });
  });

  it('with unionByName: missing columns null, dtypes widened, the decision in the notes', async () => {
    const lazy = scanCsv([a, b, c], { unionByName: true });
    const df = await lazy.collect();
    expect(df.columns).toEqual(['id', 'x', 'y']);
    expect(df.schema.field('x').dtype).toBe('float64');
    expect(df.toColumns()).toEqual({ id: [1, 2, 3, 4, 5], x: [10, 20, 1.5, 2.5, null], y: [null, null, 'p', 'q', null] });
    const { unionNotes } = await import('../../src/internal.js');
    const notes = await unionNotes(lazy);
    expect(notes).toContain(`y: missing in 2 of 3 inputs (null there), e.g. ${a}`);
    expect(notes.some((n) => /^x: int8 in .*a\.csv, float64 in .*b\.csv: read as float64$/.test(n))).toBe(true);
    // A filter on a column some files lack: null there, so their rows are not kept.
    expect((await scanCsv([a, b, c], { unionByName: true }).filter(col('y').eq('q')).collect()).toColumns()).toEqual({ id: [4], x: [2.5], y: ['q'] });
  });
});

describe('globs', () => {
  it('take **, {a,b}, ? and skip hidden files unless the pattern names them', async () => {
    const root = join(dir, 'globs');
    const files = await writeHiveDir(root, 'csv', 3, 5);
    writeFileSync(join(root, 'year=2024', 'month=01', '.hidden.csv'), 'id,city,v\n1,x,2\n');
    const pick = (pred: (f: FixtureFile) => boolean) => files.filter(pred).map((f) => f.path);
    const got = async (pattern: string) => {
      const { expandPaths } = await import('../../src/internal.js');
      return expandPaths(join(root, pattern), ['.csv']).map((f) => f.path);
    };
    expect(await got('**/*.csv')).toEqual(files.map((f) => f.path));
    expect(await got('**/month={01,03}/*.csv')).toEqual(pick((f) => f.month !== 2));
    expect(await got('year=202{3,5}/month=0?/part-0.csv')).toEqual(pick((f) => f.year !== 2024 && f.path.endsWith('part-0.csv')));
    expect(await got('year=2024/month=01/.h*.csv')).toEqual([join(root, 'year=2024', 'month=01', '.hidden.csv')]);
    expect(() => scanCsv(join(root, '**/*.parquet'))).toThrow(/no file matches .*\*\*\/\*\.parquet/);
  });
});

describe('concat', () => {
  const x = DataFrame.fromColumns({ a: [1, 2], b: ['p', 'q'] });
  const y = DataFrame.fromColumns({ b: ['r'], a: [300] });
  const z = DataFrame.fromColumns({ a: [1.5], c: [true] });

  it('vertical: by name, dtypes widened; different names are an error with a hint', async () => {
    const { concat } = await import('@df-stream/core');
    const df = await concat([x, y]).collect();
    expect(df.toColumns()).toEqual({ a: [1, 2, 300], b: ['p', 'q', 'r'] });
    expect(df.schema.field('a').dtype).toBe('int16');
    await expect(concat([x, z]).collect()).rejects.toThrow(/input 2 .* has c not in input 1/);
    const lazy = (await import('@df-stream/core')).LazyFrame;
    expect((await lazy.fromFrame(x).concat(lazy.fromFrame(y)).collect()).toColumns()).toEqual(df.toColumns());
  });

  it('diagonal (and unionByName): the union of the columns, null where missing', async () => {
    const { concat, LazyFrame } = await import('@df-stream/core');
    const df = await concat([x, z], { how: 'diagonal' }).collect();
    expect(df.toColumns()).toEqual({ a: [1, 2, 1.5], b: ['p', 'q', null], c: [null, null, true] });
    expect((await LazyFrame.fromFrame(x).unionByName(LazyFrame.fromFrame(z)).collect()).toColumns()).toEqual(df.toColumns());
  });
});
