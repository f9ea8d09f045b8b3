import pl from 'nodejs-polars';
import { joinRightPath } from '../generate/join-csv.js';
import { checkSums, type Query, resultKeys } from '../queries/query-spec.js';
import { type EngineArgs, runEngine, toNumber } from './engine-protocol.js';

type Expr = ReturnType<typeof pl.col>;
type LazyFrame = ReturnType<typeof pl.scanCSV>;

/**
 * nodejs-polars: a lazy scan, the query as expressions, run on Polars' streaming engine. In 0.26 that engine is
 * chosen with `collectSync({ engine: 'streaming' })`; the older `collect({ streaming: true })` flag ran q1 at 1e8
 * rows 40% slower with 45% more RSS. Threads come from the POLARS_MAX_THREADS environment variable, which the
 * runner sets (Polars reads it once, at load).
 */
await runEngine(async (args: EngineArgs) => {
  const plan =
    args.query.kind === 'join'
      ? args.query.polars(pl, scan(args), scan({ ...args, file: joinRightPath(args.file, args.query.right) }))
      : buildPlan(args.query, scan(args));
  const df = plan.collectSync({ engine: 'streaming' });
  const sums = checkSums(args.query);
  const product = (of: string[]) => of.map((n) => pl.col(n)).reduce((a, b) => a.mul(b));
  const totalsRow = df.select(...sums.map((c) => product(c.of).sum().alias(c.name))).toRecords()[0] ?? {};
  const totals: Record<string, number> = {};
  for (const { name } of sums) totals[name] = toNumber(totalsRow[name]);
  if (args.out) {
    const keys = resultKeys(args.query);
    (keys.length > 0 ? df.sort(keys) : df).writeCSV(args.out);
  }
  return { rows: df.height, totals };
});

function scan({ file, format, query }: EngineArgs): LazyFrame {
  if (format === 'parquet') return pl.scanParquet(file);
  if (format === 'feather') return pl.scanIPC(file);
  return pl.scanCSV(file, { sep: query.dataset === 'cities' ? ';' : ',' });
}

function buildPlan(query: Query, frame: LazyFrame): LazyFrame {
  // The ETL queries are written as Polars plans already (etl-queries.ts).
  if (query.kind === 'etl') return query.polars(pl, frame);
  if (query.kind === 'join') throw new Error('a join reads two files: see runEngine');
  if (query.kind === 'read') {
    return frame.select(
      pl.len().alias('rows'),
      // The cast works around nodejs-polars 0.26 resolving str.lengths() as a string column ("sum not supported").
      ...query.stringColumns.map((c) => pl.col(c).str.lengths().cast(pl.Int64).sum().alias(`${c}_len`)),
      ...query.numericColumns.map((c) => pl.col(c).sum().alias(`${c}_sum`)),
    );
  }
  const exprs: Expr[] = [];
  const byName = new Map<string, Expr>();
  for (const m of query.measures) {
    const col = pl.col(m.column);
    const expr = m.fn === 'count' ? pl.len() : m.fn === 'sum' ? col.sum() : m.fn === 'mean' ? col.mean() : m.fn === 'min' ? col.min() : col.max();
    byName.set(m.name, expr);
  }
  for (const m of query.measures) {
    if (query.derived && (m.name === query.derived.left || m.name === query.derived.right)) continue;
    exprs.push((byName.get(m.name) as Expr).alias(m.name));
  }
  if (query.derived) {
    const { left, right, name } = query.derived;
    exprs.push((byName.get(left) as Expr).minus(byName.get(right) as Expr).alias(name));
  }
  return frame.groupBy(query.keys).agg(...exprs);
}
