import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';
import type { GenerationStats } from '../generate/groupby-csv.js';

/**
 * Columnar copies of a generated CSV, written by the peers because df-stream's own writers may not exist yet:
 * Parquet by DuckDB (COPY ... TO, snappy, its default row groups of 122,880 rows), Feather v2 by Polars' streaming
 * IPC sink. Both go to a temporary name first, so a half-written file is never taken for a finished one.
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

export async function csvToFeather(csv: string, out: string): Promise<GenerationStats> {
  const started = performance.now();
  const tmp = `${out}.tmp-${process.pid}`;
  // compatLevel "oldest" writes strings as LargeUtf8 rather than Utf8View, which apache-arrow JS cannot read.
  await pl.scanCSV(csv).sinkIpc(tmp, { compression: 'uncompressed', compatLevel: 'oldest' }).collect();
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
