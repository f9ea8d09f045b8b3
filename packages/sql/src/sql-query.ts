import { type DataFrame, LazyFrame, type ProgressEvent, type ScanOptions, type ScanSource, type Schema } from '@df-stream/core';
import { scan } from '@df-stream/io';
import { parseQuery } from './parse-query.js';
import { type QueryEnv, QueryLowering } from './query-lowering.js';

export interface SqlOptions {
  /** Frames the query names in FROM and JOIN (`FROM sales`); any other name with a dot or slash is a file. */
  readonly tables?: Readonly<Record<string, LazyFrame | DataFrame>>;
  /** Budget of the query's aggregations, joins and sorts, in bytes (see `groupBy().withOptions`). */
  readonly memoryLimit?: number;
  /** Worker threads of its aggregations. */
  readonly threads?: number;
  /** Progress of its aggregations (see `groupBy().withOptions`). */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** How `FROM 'path'` is read (default `scan(path)`: the format by content; globs and directories too). */
  readonly readFile?: (path: string) => Promise<LazyFrame>;
}

/**
 * A query in DuckDB's SQL as a LazyFrame: the same plan the method API builds (`FROM 'sales.csv'` is `scan`,
 * `JOIN ... ON` is `join`, `GROUP BY` is `groupBy().agg()`, `ORDER BY` is `sort`...), so it streams, spills and
 * runs on threads as they do. Syntax errors and unsupported constructs throw here, naming the construct with a
 * caret under it; names are checked against the inputs' schemas when the plan is first used (`schema()`,
 * `collect()`, `sink()`), since that reads the files' headers.
 *
 *     const top = sql(`SELECT city, sum(qty * price) AS revenue FROM 'sales/*.csv'
 *                      WHERE year = 2024 GROUP BY city ORDER BY revenue DESC LIMIT 10`);
 */
export function sql(query: string, options: SqlOptions = {}): LazyFrame {
  const parsed = parseQuery(query);
  const tables = new Map(Object.entries(options.tables ?? {}).map(([name, t]) => [name, t instanceof LazyFrame ? t : LazyFrame.fromFrame(t)]));
  const env: QueryEnv = {
    tables,
    openFile: options.readFile ?? ((path) => scan(path)),
    memoryLimit: options.memoryLimit,
    threads: options.threads,
    onProgress: options.onProgress,
  };
  return LazyFrame.fromSource(new SqlSource(new QueryLowering(parsed, env)));
}

/** The plan of a query, made on first use (it reads the inputs' schemas). */
class SqlSource implements ScanSource {
  readonly description = 'SQL query';
  private planning?: Promise<LazyFrame>;
  private plan?: LazyFrame;

  constructor(private readonly lowering: QueryLowering) {}

  private planned(): Promise<LazyFrame> {
    this.planning ??= this.lowering.lower().then((p) => {
      this.plan = p;
      return p;
    });
    return this.planning;
  }

  async schema(): Promise<Schema> {
    return (await this.planned()).schema();
  }

  async *scan(options?: ScanOptions) {
    yield* (await this.planned()).scan(options);
  }

  progress(): { bytesRead: number; totalBytes?: number } {
    return this.plan?.progress() ?? { bytesRead: 0 };
  }

  explainLines(): string[] {
    return this.plan?.explainLines() ?? ['SQL QUERY (planned on first use: after `await frame.schema()` explain() shows the plan)'];
  }
}
