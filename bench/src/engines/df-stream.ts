import type { AggFn, GroupbyQuery, Query } from '../queries/query-spec.js';
import { runEngine, unavailable, type EngineArgs, type FileFormat } from './engine-protocol.js';
import { totalsOfColumns, writeRowsCsv, type Row } from './row-table.js';

/**
 * The part of @df-stream/io's API this benchmark relies on, written out here so the bench compiles (and reports
 * "not available") while the library is still being built.
 */
interface Chunk {
  numRows: number;
}
interface DataFrame {
  numRows: number;
  toRecords(): Row[];
  toColumns(): Record<string, unknown[]>;
  select(...names: string[]): DataFrame;
}
interface LazyFrame extends AsyncIterable<Chunk> {
  groupBy(...keys: string[]): { agg(spec: Record<string, AggFn[]>): { collect(): Promise<DataFrame> } };
}
type Scan = (path: string, options?: { usecols?: string[]; columns?: string[]; chunkSize?: number }) => LazyFrame;

/** Reader names tried per format; the first one @df-stream/io exports is used. */
const scanNames: Record<FileFormat, string[]> = {
  csv: ['scanCsv'],
  parquet: ['scanParquet'],
  feather: ['scanFeather', 'scanIpc', 'scanArrow'],
};

await runEngine(async (args: EngineArgs) => {
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
  const measures = df.select(...args.query.measures.map(libraryName)).toColumns();
  const byName = new Map(args.query.measures.map((m) => [m.name, libraryName(m)]));
  return totalsOfColumns(args.query, (name) => measures[byName.get(name) ?? name], df.numRows);
});

async function loadScan(format: FileFormat): Promise<Scan> {
  // A variable specifier keeps TypeScript from binding to whatever types the package has today.
  const specifier = '@df-stream/io';
  let io: Record<string, unknown>;
  try {
    io = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    unavailable(`cannot import @df-stream/io (${(error as Error).message.split('\n')[0]}); run pnpm build first`);
  }
  const name = scanNames[format].find((n) => typeof io[n] === 'function');
  if (!name) unavailable(`@df-stream/io does not export ${scanNames[format].join(' or ')} yet`);
  return io[name] as Scan;
}

function neededColumns(query: Query): string[] {
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
  return frame.groupBy(...query.keys).agg(spec).collect();
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
