import path from 'node:path';
import { makeTestDir } from '@df-stream/test-utils';
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnarCopies, copyFileName, selectCopies } from '../src/convert/columnar-copies.js';
import { generateGroupbyCsv } from '../src/generate/groupby-csv.js';
import { suiteMarkdown } from '../src/run/results-markdown.js';
import type { CaseResult, SuiteResult } from '../src/run/suite-result.js';

/**
 * The columnar copies the parquet and feather suites read: distinct names, the first copies keeping the file names
 * earlier results refer to, each writer's file read back by the peers with the CSV's totals, and results that keep
 * the copies apart.
 */

const { dir } = makeTestDir('df-stream-bench-copies');
const csv = path.join(dir, 'groupby.csv');
let duck: Awaited<ReturnType<DuckDBInstance['connect']>>;

beforeAll(async () => {
  await generateGroupbyCsv({ path: csv, rows: 5000, k: 10, seed: 3 });
  duck = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
});

afterAll(() => duck?.closeSync());

/** Row count, total length of id3 and the sums of v1 and v3: a wrong column, row or string shows in one of them. */
async function duckdbTotals(from: string): Promise<number[]> {
  const reader = await duck.runAndReadAll(`SELECT count(*) n, sum(length(id3)) id3_len, sum(v1) v1, sum(v3) v3 FROM ${from}`);
  const row = reader.getRowObjectsJS()[0];
  return [row.n, row.id3_len, row.v1, row.v3].map(Number);
}

function polarsTotals(file: string, format: 'parquet' | 'feather'): number[] {
  const frame = format === 'parquet' ? pl.scanParquet(file) : pl.scanIPC(file);
  const row = frame
    .select(pl.len().alias('n'), pl.col('id3').str.lengths().cast(pl.Int64).sum().alias('id3_len'), pl.col('v1').sum().alias('v1'), pl.col('v3').sum().alias('v3'))
    .collectSync()
    .toRecords()[0];
  return [row.n, row.id3_len, row.v1, row.v3].map(Number);
}

describe('columnar copies of the group-by CSV', () => {
  it('have distinct ids, names and file names, and the first copy of each format keeps the plain name', () => {
    const options = { rows: 1e7, k: 100 };
    const names = columnarCopies.map((c) => copyFileName(options, c));
    expect(new Set(columnarCopies.map((c) => c.id)).size).toBe(columnarCopies.length);
    expect(new Set(columnarCopies.map((c) => c.name)).size).toBe(columnarCopies.length);
    expect(names).toEqual(['G1_1e7_1e2_0_0.parquet', 'G1_1e7_1e2_0_0_polars.parquet', 'G1_1e7_1e2_0_0.feather', 'G1_1e7_1e2_0_0_utf8view.feather']);
    for (const copy of columnarCopies) expect(copy.name.startsWith(`${copy.format} (`), copy.name).toBe(true);
  });

  it('are selected by format, by id, or all of a suite format; an unknown id is an error naming the known ones', () => {
    expect(selectCopies(['parquet']).map((c) => c.id)).toEqual(['parquet-duckdb', 'parquet-polars']);
    expect(selectCopies(undefined, 'feather').map((c) => c.id)).toEqual(['feather-largeutf8', 'feather-utf8view']);
    expect(selectCopies(['feather-utf8view', 'parquet-polars']).map((c) => c.id)).toEqual(['parquet-polars', 'feather-utf8view']);
    expect(() => selectCopies(['parquet-polars'], 'feather')).toThrow(/unknown feather copy parquet-polars; known: feather-largeutf8, feather-utf8view/);
  });

  it.each(columnarCopies.map((c) => [c.id, c] as const))('%s is read back by DuckDB and Polars with the CSV totals', async (_id, copy) => {
    const out = path.join(dir, copyFileName({ rows: 5000, k: 10 }, copy));
    const stats = await copy.write(csv, out, 1);
    const expected = await duckdbTotals(`read_csv('${csv}')`);
    expect(stats.rows).toBe(5000);
    // DuckDB reads Arrow IPC only through a community extension, so the Feather copies are read back by Polars alone.
    if (copy.format === 'parquet') expect(await duckdbTotals(`read_parquet('${out}')`)).toEqual(expected);
    const [n, id3Len, v1, v3] = polarsTotals(out, copy.format);
    expect([n, id3Len, v1]).toEqual(expected.slice(0, 3));
    expect(v3).toBeCloseTo(expected[3], 6);
  });
});

describe('a columnar suite result', () => {
  const run = { wallMs: 1000, maxRssKB: 100_000, userS: 1, sysS: 0, queryMs: 900 };
  const result = (cases: Partial<CaseResult>[]): SuiteResult => ({
    name: 'parquet-1e7',
    suite: 'parquet',
    title: 'Parquet',
    format: 'parquet',
    rows: 1e7,
    k: 100,
    nullPct: 0,
    sorted: false,
    threads: 2,
    runs: 1,
    warmup: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    invocation: 'pnpm bench parquet',
    machine: { cpuModel: 'cpu', cores: 2, totalMemGB: 1, os: 'os', node: 'v20', versions: {} },
    engines: {},
    cases: cases.map((c) => ({
      query: 'q1',
      title: 'sum v1 by id1',
      engine: 'duckdb',
      status: 'ok',
      file: 'f',
      fileBytes: 1e6,
      command: `node ${c.engine ?? 'duckdb'} --file ${c.file ?? 'f'}`,
      measuredAt: '',
      loadAvg: 0,
      runs: [run],
      medianWallMs: 1000,
      peakRssKB: 100_000,
      ...c,
    })),
  });

  it('shows one row per query and copy, and each copy with its writer in the file list and the commands', () => {
    const md = suiteMarkdown(
      result([
        { engine: 'duckdb', dataset: 'parquet (duckdb)', file: 'a.parquet' },
        { engine: 'df-stream', dataset: 'parquet (duckdb)', file: 'a.parquet', medianWallMs: 2000 },
        { engine: 'duckdb', dataset: 'parquet (polars)', file: 'b.parquet' },
        { engine: 'df-stream', dataset: 'parquet (polars)', file: 'b.parquet', status: 'failed', reason: 'bad page' },
      ]),
    );
    expect(md).toContain('| q1 sum v1 by id1, parquet (duckdb) | 1.00 s, 102 MB | 2.00 s, 102 MB |');
    expect(md).toContain('| q1 sum v1 by id1, parquet (polars) | 1.00 s, 102 MB | **failed** |');
    expect(md).toContain('`a.parquet` (parquet (duckdb), 1 MB), `b.parquet` (parquet (polars), 1 MB)');
    expect(md).toContain('- df-stream on q1 (parquet (polars)): failed: bad page');
    for (const command of ['node duckdb --file a.parquet', 'node df-stream --file a.parquet', 'node duckdb --file b.parquet']) expect(md).toContain(command);
    expect(md).toContain('`pnpm bench parquet` ran them all');
  });

  it('says how many cases its command ran when the others were merged from earlier runs', () => {
    const md = suiteMarkdown({ ...result([{ engine: 'duckdb' }, { engine: 'df-stream' }, { engine: 'polars' }]), earlierCases: 2 });
    expect(md).toContain('`pnpm bench parquet` ran 1 of the 3 cases; the others come from earlier runs');
    expect(md).not.toContain('ran them all');
  });
});
