import { DuckDBInstance } from '@duckdb/node-api';

/**
 * DuckDB's side of the sort benchmark: `COPY (SELECT * FROM read_csv(FILE) ORDER BY ...) TO OUT` with the same
 * memory_limit as df-stream's --memory and a temp directory for its spills. Args: FILE OUT ORDER MEMORY THREADS TMP.
 */
const [file, out, order, memory, threads, tmp] = process.argv.slice(2);
const quote = (s: string) => s.replaceAll("'", "''");
const instance = await DuckDBInstance.create(':memory:', { threads, memory_limit: memory, temp_directory: tmp });
const connection = await instance.connect();
await connection.run(`COPY (SELECT * FROM read_csv('${quote(file)}') ORDER BY ${order}) TO '${quote(out)}' (HEADER, DELIMITER ',')`);
connection.closeSync();
