import { joinRightPath } from '../generate/join-csv.js';
import type { DfLazyFrame, DfStreamApi } from '../queries/etl-apis.js';
import type { DfJoinFrame } from '../queries/join-apis.js';
import type { AggFn, EtlQuery, GroupbyQuery, JoinQuery, Query } from '../queries/query-spec.js';
import { type EngineArgs, type FileFormat, runEngine, unavailable } from './engine-protocol.js';
import { type Row, totalsOfColumns, writeRowsCsv } from './row-table.js';

/**
 * The part of df-stream's API this benchmark relies on, written out here so the bench compiles (and reports
 * "not available") while the library is still being built.
 */
interface Chunk {
  numRows: number;
}
interface Column {
  readonly length: number;
  /** Typed values (number columns), read without boxing when there are no nulls. */
  readonly values?: ArrayLike<number | bigint>;
  readonly nullCount: number;
  /** One bit per row, set where the row has a value (null when every row has one). */
  readonly validity?: Uint8Array | null;
  get(i: number): unknown;
}
interface DataFrame {
  numRows: number;
  chunks: readonly { column(name: string): Column }[];
  toRecords(): Row[];
}
interface LazyFrame extends AsyncIterable<Chunk> {
  groupBy(...keys: string[]): { agg(spec: Record<string, AggFn[]>): { collect(): Promise<DataFrame> } };
}
type Scan = (path: string, options?: { usecols?: string[]; columns?: string[]; chunkSize?: number }) => LazyFrame;

/** Reader names tried per format; the first one df-stream exports is used. */
const scanNames: Record<FileFormat, string[]> = {
  csv: ['scanCsv'],
  parquet: ['scanParquet'],
  feather: ['scanFeather', 'scanIpc', 'scanArrow'],
};

await runEngine(async (args: EngineArgs) => {
  if (args.query.kind === 'etl') return etl(args.query, args);
  if (args.query.kind === 'join') return join(args.query, args);
  const scan = await loadScan(args.format);
  const columns = neededColumns(args.query);
  // Projection is `usecols` for scanCsv (where `columns` would name a header-less file's columns) and `columns`
  // for scanParquet / scanFeather.
  const frame = scan(args.file, args.format === 'csv' ? { usecols: columns } : { columns });
  if (args.query.kind === 'read') {
    // Only the row count is part of the library's contract for a plain scan; the other totals are not checked.
    const rows = await countRows(frame);
    // One result row holding the count, as the other engines report a plain scan.
    return { rows: 1, totals: { rows } };
  }
  const df = await groupBy(args.query, frame);
  if (args.out) writeRowsCsv(args.out, args.query, recordsOf(args.query, df));
  // Totals from the measure columns only, as DuckDB's engine sums its result table in SQL: a row object per
  // group (10 million for q10) would time the harness, not the engine.
  const byName = new Map(args.query.measures.map((m) => [m.name, libraryName(m)]));
  return totalsOfColumns(args.query, (name) => columnValues(df, byName.get(name) ?? name), df.numRows);
});

/**
 * An ETL query as its formulation in etl-queries.ts writes it: `scanCsv(file)` as a user would call it (the
 * optimiser, not the bench, decides which columns to parse), the plan, `.collect()`.
 */
async function etl(query: EtlQuery, args: EngineArgs) {
  if (args.format !== 'csv') throw new Error('the ETL queries read CSV');
  const lib = await loadLibrary();
  for (const name of ['scanCsv', 'col', 'count']) if (typeof lib[name] !== 'function') unavailable(`df-stream does not export ${name} yet`);
  const frame = (lib.scanCsv as (path: string) => DfLazyFrame)(args.file);
  const df = (await query.dfStream(lib as unknown as DfStreamApi, frame, args.threads).collect()) as DataFrame;
  if (args.out) writeRowsCsv(args.out, query, df.toRecords());
  return totalsOfColumns(query, (name) => columnValues(df, name), df.numRows);
}

/** A join question: `scanCsv(x).join(scanCsv(right), ...)` as its formulation in join-queries.ts writes it. */
async function join(query: JoinQuery, args: EngineArgs) {
  const lib = await loadLibrary();
  if (typeof lib.scanCsv !== 'function') unavailable('df-stream does not export scanCsv yet');
  const scan = lib.scanCsv as (path: string) => DfJoinFrame;
  if (typeof scan(args.file).join !== 'function') unavailable('df-stream has no LazyFrame.join yet');
  const df = (await query.dfStream(scan(args.file), scan(joinRightPath(args.file, query.right)), query.memoryLimit).collect()) as DataFrame;
  if (args.out) writeRowsCsv(args.out, query, df.toRecords());
  return totalsOfColumns(query, (name) => columnValues(df, name), df.numRows);
}

async function loadLibrary(): Promise<Record<string, unknown>> {
  // A variable specifier keeps TypeScript from binding to whatever types the package has today.
  const specifier = 'df-stream';
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    unavailable(`cannot import df-stream (${(error as Error).message.split('\n')[0]}); run pnpm build first`);
  }
}

async function loadScan(format: FileFormat): Promise<Scan> {
  const io = await loadLibrary();
  const name = scanNames[format].find((n) => typeof io[n] === 'function');
  if (!name) unavailable(`df-stream does not export ${scanNames[format].join(' or ')} yet`);
  return io[name] as Scan;
}

function neededColumns(query: Exclude<Query, EtlQuery | JoinQuery>): string[] {
  if (query.kind === 'read') return [...query.stringColumns, ...query.numericColumns];
  return [...new Set([...query.keys, ...query.measures.map((m) => m.column)])];
}

async function countRows(frame: LazyFrame): Promise<number> {
  let rows = 0;
  for await (const chunk of frame) rows += chunk.numRows;
  return rows;
}

function groupBy(query: GroupbyQuery, frame: LazyFrame): Promise<DataFrame> {
  const spec: Record<string, AggFn[]> = {};
  for (const m of query.measures) (spec[m.column] ??= []).push(m.fn);
  return frame
    .groupBy(...query.keys)
    .agg(spec)
    .collect();
}

/** The library names outputs COL_FN (v3_count); our canonical names differ only for q10's `count`. */
function libraryName(m: GroupbyQuery['measures'][number]): string {
  return `${m.column}_${m.fn}`;
}

function recordsOf(query: GroupbyQuery, df: DataFrame): Row[] {
  const rows = df.toRecords();
  for (const m of query.measures) if (libraryName(m) !== m.name) for (const row of rows) row[m.name] = row[libraryName(m)];
  return rows;
}

/**
 * One result column's values, chunk by chunk, as one array: a number column's typed values are copied as
 * they are (DuckDB's engine sums its result table in SQL; boxing 10 million values would time the harness).
 */
function columnValues(df: DataFrame, name: string): ArrayLike<unknown> {
  const out = new Float64Array(df.numRows);
  let boxed: unknown[] | null = null;
  let at = 0;
  for (const chunk of df.chunks) {
    const c = chunk.column(name);
    const v = c.values;
    const bits = c.validity ?? null;
    const typed = v !== undefined && ArrayBuffer.isView(v) && !(v instanceof BigInt64Array || v instanceof BigUint64Array);
    if (boxed === null && typed && bits === null && c.nullCount === 0) {
      // Copied natively: an element loop over whichever typed array a column has (int8 counts, float64 sums) ran
      // megamorphic, 740 ms of q10's 1e7 groups, timed as the engine's.
      out.set(v as ArrayLike<number>, at);
    } else if (boxed === null && v !== undefined && typeof v[0] !== 'bigint' && (c.nullCount === 0 || bits !== null)) {
      // A null adds nothing to a total, as SQL's sum skips it (a left join's unmatched rows).
      for (let i = 0; i < c.length; i++) out[at + i] = bits === null || (bits[i >>> 3] >>> (i & 7)) & 1 ? (v[i] as number) : 0;
    } else {
      boxed ??= Array.from(out.subarray(0, at));
      for (let i = 0; i < c.length; i++) boxed.push(c.get(i));
    }
    at += c.length;
  }
  return boxed ?? out;
}
