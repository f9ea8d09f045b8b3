import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { joinRightPath } from '../generate/join-csv.js';
import { checkSums, memoryLimitOf, type Query, resultKeys } from '../queries/query-spec.js';
import { type EngineArgs, runEngine, toNumber } from './engine-protocol.js';

const aggSql = { sum: 'sum', mean: 'avg', min: 'min', max: 'max', count: 'count' } as const;

/**
 * DuckDB, the reference engine: the query's SQL over read_csv (auto-detected dialect and types) or
 * read_parquet, materialised into a temp table as db-benchmark does, then summed there for the check.
 */
await runEngine(async (args: EngineArgs) => {
  const memoryLimit = memoryLimitOf(args.query);
  // Under a budget DuckDB spills to temp_directory; as df-stream's spills (DF_STREAM_TMPDIR unset), it goes to the
  // OS temp directory, a fresh one per run, removed when the process exits.
  const spillDir = memoryLimit === undefined ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'df-stream-bench-duckdb-'));
  if (spillDir) process.on('exit', () => fs.rmSync(spillDir, { recursive: true, force: true }));
  const instance = await DuckDBInstance.create(':memory:', { threads: String(args.threads), ...(spillDir ? { temp_directory: spillDir } : {}) });
  const connection = await instance.connect();
  const query = args.query;
  if (memoryLimit !== undefined) await connection.run(`SET memory_limit = '${Math.round(memoryLimit / 1e6)}MB'`);
  const sql =
    query.kind === 'join'
      ? query.sql.replaceAll('{x}', source(args)).replaceAll('{right}', source({ ...args, file: joinRightPath(args.file, query.right) }))
      : querySql(query, source(args));
  await connection.run(`CREATE TEMP TABLE ans AS ${sql}`);
  const sums = checkSums(args.query);
  const sumSql = sums.map((c) => `sum(${c.of.map((n) => `"${n}"`).join(' * ')}) AS "${c.name}"`);
  const check = await connection.runAndReadAll(`SELECT count(*) AS "__result_rows", ${sumSql.join(', ')} FROM ans`);
  const [row] = check.getRowObjectsJS();
  const totals: Record<string, number> = {};
  for (const { name } of sums) totals[name] = toNumber(row[name]);
  const result = { rows: toNumber(row.__result_rows), totals };
  if (args.out) {
    const keys = resultKeys(args.query)
      .map((k) => `"${k}"`)
      .join(', ');
    const order = keys ? `ORDER BY ${keys}` : '';
    await connection.run(`COPY (SELECT * FROM ans ${order}) TO '${sqlString(args.out)}' (HEADER, DELIMITER ',')`);
  }
  connection.closeSync();
  return result;
});

function source({ file, format }: EngineArgs): string {
  if (format === 'csv') return `read_csv('${sqlString(file)}')`;
  if (format === 'parquet') return `read_parquet('${sqlString(file)}')`;
  throw new Error('DuckDB reads Arrow IPC only through the community arrow extension; not benchmarked');
}

export function querySql(query: Query, from: string): string {
  // The ETL queries are written as SQL already (etl-queries.ts).
  if (query.kind === 'etl') return query.sql.replaceAll('{from}', from);
  if (query.kind === 'join') throw new Error('a join reads two files: see runEngine');
  if (query.kind === 'read') {
    const parts = [
      'count(*) AS "rows"',
      ...query.stringColumns.map((c) => `sum(length("${c}")) AS "${c}_len"`),
      ...query.numericColumns.map((c) => `sum("${c}") AS "${c}_sum"`),
    ];
    return `SELECT ${parts.join(', ')} FROM ${from}`;
  }
  const keys = query.keys.map((k) => `"${k}"`).join(', ');
  const measures = query.measures
    .filter((m) => !query.derived || (m.name !== query.derived.left && m.name !== query.derived.right))
    .map((m) => (m.fn === 'count' ? `count(*) AS "${m.name}"` : `${aggSql[m.fn]}("${m.column}") AS "${m.name}"`));
  if (query.derived) {
    const left = query.measures.find((m) => m.name === query.derived?.left);
    const right = query.measures.find((m) => m.name === query.derived?.right);
    if (!left || !right) throw new Error(`${query.id}: derived column refers to unknown measures`);
    measures.push(`${aggSql[left.fn]}("${left.column}") - ${aggSql[right.fn]}("${right.column}") AS "${query.derived.name}"`);
  }
  return `SELECT ${keys}, ${measures.join(', ')} FROM ${from} GROUP BY ${keys}`;
}

function sqlString(path: string): string {
  return path.replaceAll("'", "''");
}
