import type { FileFormat } from '../engines/engine-protocol.js';
import { budgetQueryId, budgetSizes } from '../queries/budget-sizes.js';
import { budgetQueries } from '../queries/queries.js';

export interface SuiteSpec {
  name: string;
  title: string;
  format: FileFormat;
  queries: string[];
  /** Default row counts; only `memory` runs several sizes. */
  defaultRows: number[];
  defaultRuns: number;
  /** Engines run when --engines is not given; all of them unless a suite says otherwise. */
  defaultEngines?: string[];
  /**
   * Run the engines in turn (warm-up of each, then run 1 of each, run 2 of each, ...) instead of all runs of one
   * engine before the next: on a shared machine a slow minute then hits every engine alike.
   */
  alternate?: boolean;
  /** The queries a row count runs when --queries is not given (default: all of `queries` at every size). */
  queriesAt?: (rows: number) => string[];
  /** Its report leads with the memory table: budget, peak RSS against budget + floor, bytes spilled. */
  budgetTable?: boolean;
}

const budgeted = (baseId: string) => budgetSizes.map((bytes) => budgetQueryId(baseId, bytes));

export const suites: SuiteSpec[] = [
  { name: 'csv-read', title: 'CSV read (full scan, all columns / two columns)', format: 'csv', queries: ['read-all', 'read-two'], defaultRows: [1e7], defaultRuns: 5 },
  {
    name: 'groupby',
    title: 'Group-by from CSV (db-benchmark questions and 1BRC)',
    format: 'csv',
    queries: ['q1', 'q2', 'q3', 'q4', 'q5', 'q7', 'q10', 'city'],
    defaultRows: [1e7],
    defaultRuns: 5,
  },
  // The columnar suites run each copy of the group-by file (convert/columnar-copies.ts): written by DuckDB and by
  // Polars for Parquet, by Polars with LargeUtf8 and with Utf8View strings for Feather.
  {
    name: 'parquet',
    title: 'Parquet written by DuckDB and by Polars (full scan, two columns, q1, q3, q10)',
    format: 'parquet',
    // q10 (a group per row) too: its splits are not the low-cardinality ones, and a regression there hid for weeks.
    queries: ['read-all', 'read-two', 'q1', 'q3', 'q10'],
    defaultRows: [1e7],
    defaultRuns: 5,
  },
  {
    name: 'feather',
    title: 'Feather v2 / Arrow IPC written by Polars, LargeUtf8 and Utf8View strings (full scan, two columns, q1, q3, q10)',
    format: 'feather',
    queries: ['read-all', 'read-two', 'q1', 'q3', 'q10'],
    defaultRows: [1e7],
    defaultRuns: 5,
  },
  {
    name: 'memory',
    title: 'Memory: peak RSS of q1 as the file grows',
    format: 'csv',
    queries: ['q1'],
    defaultRows: [1e7, 1e8],
    defaultRuns: 3,
    // csv-parse would take ~5 minutes a run at 1e8 rows; its memory is flat anyway (a Map of 100 groups).
    defaultEngines: ['duckdb', 'polars', 'df-stream', 'df-stream-cli', 'plain-loop'],
  },
  {
    name: 'etl',
    title: 'ETL expressions from CSV (derived columns, column filter, string key, post-aggregate expression, rounded key)',
    format: 'csv',
    queries: ['e1', 'e2', 'e3', 'e4', 'e5'],
    defaultRows: [1e7],
    defaultRuns: 5,
    // The queries are written out per engine (etl-queries.ts) for DuckDB, Polars and df-stream's library only.
    defaultEngines: ['duckdb', 'polars', 'df-stream'],
    alternate: true,
  },
  {
    name: 'join',
    title: "Joins from CSV (db-benchmark's join task on its J1 tables: x with small, medium and big right tables)",
    format: 'csv',
    queries: ['j1', 'j2', 'j3', 'j4', 'j5', 'j5-256mb'],
    // A quick run; db-benchmark's size is `--rows 1e7` (x and big 1e7 rows, about 0.5 GB of CSV each).
    defaultRows: [1e6],
    defaultRuns: 3,
    defaultEngines: ['duckdb', 'polars', 'df-stream'],
    alternate: true,
  },
  {
    name: 'budget',
    title: 'Memory budget: peak RSS, time and spilled bytes of group-bys under --memory',
    format: 'csv',
    queries: budgetQueries.map((q) => q.id),
    // Issue 20's cases: q10 on the 1e7 file, q3 on the 1e8 file; another size (a quick try) runs both.
    defaultRows: [1e7, 1e8],
    queriesAt: (rows) => (rows === 1e7 ? budgeted('q10') : rows === 1e8 ? budgeted('q3') : budgetQueries.map((q) => q.id)),
    defaultRuns: 3,
    // The CLI is what reports the floor and the spills (--progress json); DuckDB answers under the same memory_limit.
    defaultEngines: ['duckdb', 'df-stream-cli'],
    alternate: true,
    budgetTable: true,
  },
];

export function findSuite(name: string): SuiteSpec | undefined {
  return suites.find((s) => s.name === name);
}
