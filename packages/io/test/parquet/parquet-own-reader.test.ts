import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataFrame, DType } from '@df-stream/core';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { type ParquetCompression, type ParquetReadOptions, readParquet, scanParquet, writeParquet } from '../../src/index.js';
import { corpusDir } from './corpus-dir.js';

// Our own Parquet reader against parquet-wasm (`engine: 'parquet-wasm'`), over files written by DuckDB, Polars and our
// writer with every codec, data page v1 and v2, nulls and the encodings those writers choose, and over the
// parquet-testing corpus: every value and null must be equal, at every chunk size and for row group subsets.

const dir = makeTestDir('parquet-own');
const ROWS = 5000;

/** A table of every type our reader covers, with nulls, low- and high-cardinality strings and int64 past 2^53. */
const TABLE_SQL = `
  SELECT
    i::INTEGER AS i32,
    (i * 7919 % 1000 - 500)::BIGINT AS i64_small,
    (i::BIGINT * 1000000007 * 1000003) AS i64_big,
    CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 13)::SMALLINT END AS i16_null,
    (i % 5)::TINYINT AS i8,
    (i % 200)::UTINYINT AS u8,
    (i * 13)::USMALLINT AS u16,
    (i * 100003)::UINTEGER AS u32,
    (i * 3)::UBIGINT AS u64,
    i / 3.0 AS f64,
    (i / 7.0)::FLOAT AS f32,
    CASE WHEN i % 11 = 0 THEN NULL ELSE i / 3.0 END AS f64_null,
    i % 2 = 0 AS b,
    CASE WHEN i % 5 = 0 THEN NULL ELSE i % 3 = 0 END AS b_null,
    'k' || (i % 37) AS s_dict,
    CASE WHEN i % 9 = 0 THEN NULL ELSE 'ünï-' || (i % 37) END AS s_dict_null,
    CASE WHEN i % 4 = 0 THEN NULL ELSE md5(i::VARCHAR) || repeat('x', (i % 17)::INTEGER) END AS s_plain,
    CASE WHEN i % 6 = 0 THEN '' ELSE 'p' END AS s_empty,
    DATE '1969-12-01' + (i % 1000)::INTEGER AS d,
    CASE WHEN i % 10 = 0 THEN NULL ELSE TIMESTAMP '1969-12-31 23:00:00' + INTERVAL (i * 61) SECOND END AS ts,
    CASE WHEN i > 100 THEN NULL ELSE i END AS mostly_null
  FROM range(${ROWS}) r(i)`;

interface DuckDb {
  run(sql: string): Promise<unknown>;
}

async function duckdb(): Promise<DuckDb | string> {
  try {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    return await instance.connect();
  } catch (error) {
    return `@duckdb/node-api is not installed here (${String(error).slice(0, 80)})`;
  }
}

type Polars = typeof import('nodejs-polars').default;

async function polars(): Promise<Polars | string> {
  try {
    return (await import('nodejs-polars')).default;
  } catch (error) {
    return `nodejs-polars is not installed here (${String(error).slice(0, 80)})`;
  }
}

/** Rows as JSON text (bigints as strings): what both readers must agree on, value for value and null for null. */
function records(df: DataFrame): string[] {
  return df.toRecords().map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)));
}

/** Strings are one kind (categorical or utf8 is the reader's storage decision); integer widths are another. */
function kind(dtype: DType): string {
  if (dtype === 'categorical' || dtype === 'utf8') return 'string';
  if (/^u?int/.test(dtype)) return 'int';
  return dtype;
}

/** Checks one file: our reader is used, and agrees with parquet-wasm at every chunk size and on a row group subset. */
async function expectSameAsWasm(path: string, options: { chunkSizes?: number[] } = {}): Promise<void> {
  const lazy = scanParquet(path);
  await lazy.schema();
  expect(lazy.explain(), path).not.toContain('parquet-wasm');
  const wasm = await readParquet(path, { engine: 'parquet-wasm' });
  const own = await readParquet(path);
  expect(own.numRows).toBe(wasm.numRows);
  expect(own.schema.fields.map((f) => [f.name, kind(f.dtype)])).toEqual(wasm.schema.fields.map((f) => [f.name, kind(f.dtype)]));
  const expected = records(wasm);
  expect(records(own)).toEqual(expected);
  for (const chunkSize of options.chunkSizes ?? [1, 2, 7, 64]) {
    expect(records(await readParquet(path, { chunkSize })), `chunkSize ${chunkSize}`).toEqual(expected);
  }
  const { parquetRowGroups } = await import('../../src/parquet/index.js');
  const plan = await parquetRowGroups(path);
  if (plan.rowGroups.length >= 3) {
    const picked = [1, plan.rowGroups.length - 1];
    const start = plan.rowGroups[0];
    const rows = await readParquet(path, { rowGroups: picked });
    const wasmRows = await readParquet(path, { rowGroups: picked, engine: 'parquet-wasm' });
    expect(records(rows)).toEqual(records(wasmRows));
    expect(records(rows).slice(0, plan.rowGroups[1])).toEqual(expected.slice(start, start + plan.rowGroups[1]));
  }
}

describe('files written by DuckDB', async () => {
  const db = await duckdb();
  if (typeof db === 'string') console.log(`skipping DuckDB-written files: ${db}`);
  const codecs = ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4_raw'];
  for (const version of ['v1', 'v2']) {
    it.skipIf(typeof db === 'string').each(codecs)(`data pages ${version}, %s`, async (codec) => {
      const path = dir.path(`duckdb-${version}-${codec}.parquet`);
      await (db as DuckDb).run(`COPY (${TABLE_SQL}) TO '${path}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 1024, PARQUET_VERSION ${version})`);
      await expectSameAsWasm(path, { chunkSizes: codec === 'snappy' ? [1, 2, 7, 64] : [7, 1000] });
    });
  }

  it.skipIf(typeof db === 'string')('narrows integers from the footer statistics, without reading data', async () => {
    const path = dir.path('duckdb-v1-snappy.parquet');
    await (db as DuckDb).run(`COPY (${TABLE_SQL}) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1024)`);
    const schema = await scanParquet(path).schema();
    expect(schema.field('i64_small').dtype).toBe('int16');
    expect(schema.field('i8').dtype).toBe('int8');
    expect(schema.field('i64_big').dtype).toBe('int64');
    expect(schema.field('s_dict').dtype).toBe('categorical');
  });

  it.skipIf(typeof db === 'string').each([
    ['UTINYINT', 8, 171, 300],
    ['USMALLINT', 16, 43_981, 70_000],
  ])('fails a %s value past its width rather than wrapping it', async (type, bits, written, corrupt) => {
    const path = dir.path(`duckdb-u${bits}-corrupt.parquet`);
    // Uncompressed: the 4-byte value is patched where it stands, in the (dictionary) page and the footer's statistics.
    await (db as DuckDb).run(`COPY (SELECT (${written} + (i % 2))::${type} AS u, i FROM range(3000) r(i)) TO '${path}' (FORMAT parquet, COMPRESSION uncompressed)`);
    expect((await readParquet(path)).column('u').get(0)).toBe(written);
    const bytes = readFileSync(path);
    const from = Buffer.alloc(4);
    from.writeUInt32LE(written);
    const to = Buffer.alloc(4);
    to.writeUInt32LE(corrupt);
    let patched = 0;
    for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 4), patched++) to.copy(bytes, at);
    expect(patched).toBeGreaterThan(0);
    writeFileSync(path, bytes);
    await expect(readParquet(path)).rejects.toThrow(new RegExp(`UINT_${bits} value ${corrupt} .*does not fit ${bits} bits`));
  });
});

describe('files written by Polars', async () => {
  const pl = await polars();
  const db = await duckdb();
  const skip = typeof pl === 'string' || typeof db === 'string';
  if (skip) console.log(`skipping Polars-written files: ${typeof pl === 'string' ? pl : db}`);
  const codecs = ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4'] as const;
  it.skipIf(skip).each(codecs)('%s', async (codec) => {
    const source = dir.path(`polars-source-${codec}.parquet`);
    await (db as DuckDb).run(`COPY (${TABLE_SQL}) TO '${source}' (FORMAT parquet)`);
    const path = dir.path(`polars-${codec}.parquet`);
    (pl as Polars).readParquet(source).writeParquet(path, { compression: codec });
    await expectSameAsWasm(path, { chunkSizes: [7, 1000] });
  });
});

describe('files written by df-stream', () => {
  const compressions: ParquetCompression[] = ['none', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4'];
  it.each(compressions)('%s', async (compression) => {
    const db = await duckdb();
    if (typeof db === 'string') return;
    const source = dir.path(`ours-source-${compression}.parquet`);
    await db.run(`COPY (${TABLE_SQL}) TO '${source}' (FORMAT parquet)`);
    const frame = await readParquet(source, { engine: 'parquet-wasm' } satisfies ParquetReadOptions);
    const path = dir.path(`ours-${compression}.parquet`);
    await writeParquet(frame, path, { compression, rowGroupSize: 999 });
    await expectSameAsWasm(path, { chunkSizes: [7, 1000] });
  });
});

describe.skipIf(corpusDir('parquet-testing') === undefined)('parquet-testing corpus', () => {
  it('reads every data/ file parquet-wasm reads to the same values, and says which reader read it', async () => {
    const data = join(corpusDir('parquet-testing') as string, 'data');
    let own = 0;
    for (const file of readdirSync(data).filter((f) => f.endsWith('.parquet'))) {
      const path = join(data, file);
      let wasm: DataFrame;
      try {
        wasm = await readParquet(path, { engine: 'parquet-wasm' });
      } catch {
        continue;
      }
      const lazy = scanParquet(path);
      expect(records(await lazy.collect()), file).toEqual(records(wasm));
      if (!lazy.explain().includes('parquet-wasm reader')) own++;
    }
    // Most of the corpus is flat: a regression that sent those files back to parquet-wasm would show here.
    expect(own).toBeGreaterThanOrEqual(30);
  });
});

describe('filters and group-by keys', async () => {
  const db = await duckdb();
  const sorted = dir.path('sorted.parquet');
  if (typeof db !== 'string') {
    // Sorted by i32, so each row group holds a range of it, and by day: the statistics can rule row groups out.
    await db.run(`COPY (${TABLE_SQL} ORDER BY i32) TO '${sorted}' (FORMAT parquet, ROW_GROUP_SIZE 1024)`);
  }

  it.skipIf(typeof db === 'string')('skips row groups whose statistics rule a filter out, with the rows of a full scan', async () => {
    const { col, lit } = await import('@df-stream/core');
    const { parquetRowGroups } = await import('../../src/parquet/index.js');
    // Row group g holds i32 values [start, end): the ones a range test may keep are counted from the plan.
    const groups: [number, number][] = [];
    for (const g of (await parquetRowGroups(sorted)).rowGroups) {
      const start = groups.at(-1)?.[1] ?? 0;
      groups.push([start, start + g.numRows]);
    }
    expect(groups.length).toBeGreaterThanOrEqual(2);
    const overlapping = (lo: number, hi: number) => groups.filter(([start, end]) => start <= hi && end - 1 >= lo).length;
    const of = (k: number) => `[row groups: ${k} of ${groups.length}]`;
    const cases = [
      [col('i32').ge(4000), of(overlapping(4000, Infinity))],
      [col('i32').lt(1024), of(overlapping(-Infinity, 1023))],
      [col('i32').eq(2500).or(col('i32').eq(10)), of(groups.length)],
      [lit(1500).gt(col('i32')).and(col('i32').ge(1200)), of(overlapping(1200, 1499))],
      [col('mostly_null').gt(200), of(0)],
      [col('f64').le(-1), of(0)],
      [col('s_dict').eq('zzz'), of(0)],
    ] as const;
    for (const [predicate, kept] of cases) {
      const lazy = scanParquet(sorted).filter(predicate);
      const rows = records(await lazy.collect());
      expect(lazy.explain(), String(kept)).toContain(kept);
      const all = records(await scanParquet(sorted, { engine: 'parquet-wasm' }).filter(predicate).collect());
      expect(rows).toEqual(all);
      // Split across threads, the same rows (workers get the row groups the statistics keep).
      const grouped = await scanParquet(sorted, { chunkSize: 100 })
        .filter(predicate)
        .groupBy('s_dict')
        .agg({ i32: ['sum'] })
        .collect();
      const reference = await scanParquet(sorted, { engine: 'parquet-wasm', chunkSize: 100 })
        .filter(predicate)
        .groupBy('s_dict')
        .agg({ i32: ['sum'] })
        .collect();
      expect(records(grouped.sort('s_dict'))).toEqual(records(reference.sort('s_dict')));
    }
  });

  it.skipIf(typeof db === 'string')('reads a group-by key that the writer left plain as categorical, with the same groups', async () => {
    const lazy = scanParquet(sorted, { columns: ['s_plain', 'i32'] });
    expect((await lazy.schema()).field('s_plain').dtype).toBe('utf8');
    const keyed = await lazy
      .groupBy('s_plain')
      .agg({ i32: ['sum', 'count'] })
      .collect();
    const reference = await scanParquet(sorted, { columns: ['s_plain', 'i32'], engine: 'parquet-wasm' })
      .groupBy('s_plain')
      .agg({ i32: ['sum', 'count'] })
      .collect();
    expect(records(keyed.sort('s_plain'))).toEqual(records(reference.sort('s_plain')));
    const chunks: string[] = [];
    for await (const chunk of scanParquet(sorted, { columns: ['s_plain'] }).scan({ keyColumns: ['s_plain'] })) chunks.push(chunk.schema.field('s_plain').dtype);
    expect(new Set(chunks)).toEqual(new Set(['categorical']));
  });

  it.skipIf(typeof db === 'string')('interns short plain keys (every length to 20 bytes, nulls, repeats) to the values a scan reads', async () => {
    // Mostly distinct strings of 1..20 bytes, so the writer leaves them plain; each value recurs a few rows on. Strings
    // of one length share their start and differ at the end, in any of the words a short key is made of.
    const short = dir.path('short-plain.parquet');
    await (db as DuckDb).run(
      `COPY (SELECT CASE WHEN i % 11 = 0 THEN NULL ELSE substr('abcdefghijklmnop', 1, (i // 3) % 16) || (i // 3)::VARCHAR END AS k FROM range(30000) t(i)) TO '${short}' (FORMAT parquet)`,
    );
    expect((await scanParquet(short).schema()).field('k').dtype).toBe('utf8');
    for (const chunkSize of [7, 1000]) {
      const plain: unknown[] = [];
      const keyed: unknown[] = [];
      const values = (column: { length: number; get(i: number): unknown }) => Array.from({ length: column.length }, (_, i) => column.get(i));
      for await (const chunk of scanParquet(short, { chunkSize }).scan()) plain.push(...values(chunk.column('k')));
      for await (const chunk of scanParquet(short, { chunkSize }).scan({ keyColumns: ['k'] })) {
        expect(chunk.schema.field('k').dtype).toBe('categorical');
        keyed.push(...values(chunk.column('k')));
      }
      expect(keyed).toEqual(plain);
      expect(plain.length).toBe(30000);
    }
  });

  it.skipIf(typeof db === 'string')('interns each row group’s dictionary page of short strings to the values parquet-wasm reads', async () => {
    // 300 strings of the same shape, so the writer dictionary-encodes them: 30 row groups, each with its dictionary page.
    const dict = dir.path('short-dict.parquet');
    await (db as DuckDb).run(
      `COPY (SELECT CASE WHEN i % 11 = 0 THEN NULL ELSE substr('abcdefghijklmnop', 1, (i * 7) % 300 % 16) || ((i * 7) % 300)::VARCHAR END AS k FROM range(30000) t(i)) TO '${dict}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`,
    );
    expect((await scanParquet(dict).schema()).field('k').dtype).toBe('categorical');
    const ours = records(await readParquet(dict, { chunkSize: 7 }));
    expect(ours).toEqual(records(await readParquet(dict, { engine: 'parquet-wasm' })));
    expect(ours.length).toBe(30000);
  });
});

describe('options', () => {
  it('refuses an unknown engine as a usage error', () => {
    expect(() => scanParquet(dir.path('any.parquet'), { engine: 'duckdb' as never })).toThrow(/unknown Parquet engine 'duckdb' \(auto, parquet-wasm\)/);
  });
});

describe('pruning only what the filter would drop', async () => {
  const db = await duckdb();
  it.skipIf(typeof db === 'string')('compares dates with timestamps, and strings in UTF-8 byte order, as the filter does', async () => {
    const { col, Expr } = await import('@df-stream/core');
    const { litNode } = await import('@df-stream/core/internal');
    const source = dir.path('prune-types-source.parquet');
    await (db as DuckDb).run(
      `COPY (SELECT * FROM (VALUES (TIMESTAMP '2024-01-01 10:00:00', DATE '2024-01-01', '😀'), (TIMESTAMP '2024-07-01 10:00:00', DATE '2024-07-01', '！'), (TIMESTAMP '1960-01-01 00:00:00', DATE '1960-01-01', 'abc')) t(ts, d, s)) TO '${source}' (FORMAT parquet)`,
    );
    // One row group per row: statistics of single values, so a wrong comparison drops a whole group (and its row).
    const path = dir.path('prune-types.parquet');
    await writeParquet(await readParquet(source), path, { rowGroupSize: 1 });
    expect(await parquetRowGroupCount(path)).toBe(3);
    // Typed literals as SQL's DATE '...' and TIMESTAMP '...' make them (days; microseconds).
    const date = (iso: string) => new Expr(litNode(Date.parse(iso) / 86_400_000, 'date'));
    const timestamp = (iso: string) => new Expr(litNode(Date.parse(`${iso}Z`) * 1000, 'timestamp'));
    const cases = [
      [col('ts').lt(date('2024-06-01')), 2],
      [col('ts').ge(date('2024-06-01')), 1],
      [col('d').gt(timestamp('2024-01-01T09:00:00')), 1],
      [col('d').eq(date('1960-01-01')), 1],
      [col('s').gt('！'), 1],
      [col('s').lt('😀'), 2],
      [col('s').ge('abc'), 3],
    ] as const;
    for (const [predicate, n] of cases) {
      expect((await scanParquet(path, { engine: 'parquet-wasm' }).filter(predicate).collect()).numRows, `${predicate} without pruning`).toBe(n);
      expect((await scanParquet(path).filter(predicate).collect()).numRows, String(predicate)).toBe(n);
    }
  });
});

async function parquetRowGroupCount(path: string): Promise<number> {
  const { parquetRowGroups } = await import('../../src/parquet/index.js');
  return (await parquetRowGroups(path)).rowGroups.length;
}
