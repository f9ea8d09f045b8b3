import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';
import type { GenerationStats } from '../generate/groupby-csv.js';

/**
 * Columnar copies of a generated CSV, written by the peers because readers meet files written by them (and
 * df-stream's own writers may not exist yet): Parquet by DuckDB (COPY ... TO, snappy, its default row groups of
 * 122,880 rows) and by Polars' streaming sink with its defaults; Feather v2 (Arrow IPC file) by Polars' streaming
 * IPC sink, at its default compat level (Utf8View strings) or at "oldest" (LargeUtf8). Each goes to a temporary
 * name first, so a half-written file is never taken for a finished one.
 */
export async function csvToParquet(csv: string, out: string, threads: number): Promise<GenerationStats> {
  const started = performance.now();
  const tmp = `${out}.tmp-${process.pid}`;
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (SELECT * FROM read_csv('${sql(csv)}')) TO '${sql(tmp)}' (FORMAT parquet, COMPRESSION snappy)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return finish(tmp, out, started, await countRowsParquet(tmp, threads));
}

/**
 * Polars' Parquet as a Polars user gets it: `sinkParquet` with no options is zstd with statistics, as Python's
 * `write_parquet` is (nodejs-polars' eager `writeParquet` defaults to uncompressed instead, and would hold the
 * whole frame in memory). Counted by DuckDB, so the file is known to be readable by the other peer.
 */
export async function csvToPolarsParquet(csv: string, out: string, threads: number): Promise<GenerationStats> {
  const started = performance.now();
  const tmp = `${out}.tmp-${process.pid}`;
  await pl.scanCSV(csv).sinkParquet(tmp).collect();
  return finish(tmp, out, started, await countRowsParquet(tmp, threads));
}

/** Feather at a Polars compat level: "newest" (its default) writes strings as Utf8View, "oldest" as LargeUtf8. */
export async function csvToFeather(csv: string, out: string, compatLevel: 'newest' | 'oldest'): Promise<GenerationStats> {
  const started = performance.now();
  const tmp = `${out}.tmp-${process.pid}`;
  // Only compatLevel is set: compression stays Polars' default (uncompressed), as for a user who calls sinkIpc(path).
  await pl.scanCSV(csv).sinkIpc(tmp, { compatLevel }).collect();
  const rows = pl.scanIPC(tmp).select(pl.len().alias('n')).collectSync().getColumn('n').get(0) as number;
  return finish(tmp, out, started, Number(rows));
}

async function countRowsParquet(tmp: string, threads: number): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${sql(tmp)}')`);
  const rows = Number(reader.getRowObjectsJS()[0].n);
  connection.closeSync();
  instance.closeSync();
  return rows;
}

function finish(tmp: string, out: string, started: number, rows: number): GenerationStats {
  fs.renameSync(tmp, out);
  return { path: out, rows, bytes: fs.statSync(out).size, seconds: (performance.now() - started) / 1000 };
}

function sql(path: string): string {
  return path.replaceAll("'", "''");
}
