import {
  type AggInput,
  ColumnNotFoundError,
  col,
  count,
  Expr,
  getAggregate,
  hasAggregate,
  isNumericDType,
  type KeyInput,
  type Schema,
  type Value,
} from '@df-stream/core';
import { resolveExpr, sortFrame } from '@df-stream/core/internal';
import { SqlError } from '@df-stream/sql';
import { parseNamedExpr, parseSqlExpr, splitTopLevel } from '@df-stream/sql/internal';
import { z } from 'zod';
import { formatArg, InputArgs, inputHelp, limitArg, memoryArg, OUTPUT_FORMATS, parseCommand, readOptionsOf, threadsArg } from '../cli-args.js';
import { formatExtensions } from '../format-flags.js';
import { openInput } from '../open-input.js';
import { parseSize } from '../parse-size.js';
import { ProgressReporter } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';

/** The help; file formats, extensions and the CSV flags' text come from the format registry and its schemas. */
export function aggHelp(): string {
  return `df-stream agg FILE... --by KEY[,KEY...] [options]

Group rows by KEY and aggregate, streaming the input in bounded memory.

Options:
  --by KEY[,KEY...]        group-by columns or 'NAME = EXPR' (required; repeatable)
  --agg COL:FN[,FN...]     aggregates, repeatable; FN is one of count (non-null values), count_non_null,
                           null_count, sum, mean, min, max, var, std, first, last, n_unique,
                           approx_n_unique, median, quantile(Q); or 'NAME = EXPR' over aggregates
                           ('r = max(v1) - min(v2)', 'n = count(*)'); default: count, and
                           min,mean,max of every numeric column
  --with 'NAME = EXPR'     add a column before grouping (repeatable): 'revenue = qty * price'
  --filter EXPR            keep rows where EXPR is true, before grouping (repeatable, ANDed):
                           "v1 > v2 and id1 <> 'id001'", 'x is null', "city in ('Oslo', 'Lima')",
                           'temp between 0 and 30', "name like 'A%'"
                           Expressions are SQL as DuckDB writes it: + - * / %, = <> < <= > >=, and or
                           not, case when .. then .. else .. end, cast(x as double), coalesce,
                           lower upper trim length substr replace contains starts_with ends_with,
                           year month day hour date_trunc('month', d), round abs floor ceil sqrt ln exp
  --sort COL[:desc]        sort the result
  --limit N                keep the first N result rows
  -o, --output PATH        write to a file (${[...formatExtensions(), '.json', '.ndjson'].join(', ')})
  --format F               ${OUTPUT_FORMATS.join('|')} (default: table on a terminal, else csv)
  --partition-by C,D       -o is a directory of hive subdirectories (C=value/part-0.parquet)
  --memory SIZE            the job's memory budget above the process's RSS at start (e.g. 512MB, 2GB):
                           reader, worker threads and group states reserve from it, and states spill
                           to disk when refused (default: half the free memory, within a cgroup limit)
  --threads N              worker threads, each on its own part of the input (default: one per
                           core for inputs over 64 MB, as many as the budget has room for, else 1;
                           a key with nearly a group per row is read on one thread: merging the
                           workers' groups would cost more than they save)
${inputHelp()}
  --progress bar|json|none progress on stderr (default: bar on a terminal)
  -q, --quiet              no progress
  --cluster URL            run on 'df-stream worker' processes through Redis (redis://host:port,
                           rediss://user:pass@host:port); see docs/scale-out.md
  --split-size SIZE        input bytes per cluster task (default 128MiB)
  --shared-dir DIR         directory every worker sees, for large partial states (default: the
                           input's directory)

Examples:
  df-stream agg weather.csv --by city --agg temp:min,mean,max
  df-stream agg 'logs/*.csv' --by status --filter 'bytes > 0' --sort count:desc --limit 10
  df-stream agg sales.csv --with 'revenue = qty * price' --by "month = date_trunc('month', day)" \
    --agg 'revenue = sum(revenue)' --agg 'orders = count(*)'
  df-stream agg big.csv --by id1,id2 --agg v1:sum -o out.parquet --memory 1GB`;
}

const AggArgs = InputArgs.extend({
  by: z.array(z.string().min(1, '--by needs at least one column')),
  agg: z.array(z.string()).optional(),
  with: z.array(z.string()).optional(),
  filter: z.array(z.string()).optional(),
  sort: z.string().optional(),
  limit: limitArg,
  output: z.string().optional(),
  format: formatArg,
  memory: memoryArg,
  threads: threadsArg,
  progress: z.enum(['bar', 'json', 'none']).optional(),
  cluster: z.string().min(1).optional(),
  'split-size': z
    .string()
    .transform((s) => parseSize(s, '--split-size'))
    .optional(),
  'shared-dir': z.string().min(1).optional(),
  'partition-by': z
    .string()
    .transform((s) => s.split(','))
    .optional(),
});

export async function aggCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals, help, args: parsedArgs } = parseCommand(argv, AggArgs);
  if (help) {
    process.stdout.write(`${aggHelp()}\n`);
    return 0;
  }
  if (values.by === undefined) throw new UsageError('agg needs --by', 'e.g. df-stream agg data.csv --by city');
  const args = parsedArgs();
  if (positionals.length === 0) throw new UsageError('agg needs an input file', 'e.g. df-stream agg data.csv --by city (or - for stdin)');
  const input = await openInput(positionals, readOptionsOf(args));
  let lazy = input;
  for (const w of args.with ?? []) {
    const { name, expr } = parseNamedExpr(w, '--with');
    if (name === undefined) throw new UsageError(`--with '${w}': expected NAME = EXPR`, "e.g. --with 'revenue = qty * price'");
    lazy = lazy.withColumns(new Expr(expr).as(name));
  }
  const withSchema = await lazy.schema();
  for (const f of args.filter ?? []) lazy = lazy.filter(parseFilter(f, withSchema));
  const keys = args.by.flatMap((b) => splitTopLevel(b).map((k) => parseKey(k, withSchema)));
  const plainKeys = keys.filter((k): k is string => typeof k === 'string');
  const aggs = args.agg === undefined ? defaultAggs(withSchema, plainKeys) : args.agg.map((a) => parseAgg(a, withSchema));
  const mode = args.quiet === true ? 'none' : (args.progress ?? (process.stderr.isTTY ? 'bar' : 'none'));
  const progress = new ProgressReporter(mode);
  const local = lazy
    .groupBy(keys)
    .withOptions({ memoryLimit: args.memory, threads: args.threads, chunkSize: args['chunk-size'], onProgress: progress.onProgress })
    .agg(...aggs);
  // The same plan, run by `df-stream worker` processes; loaded only when asked for.
  const plan =
    args.cluster === undefined
      ? local
      : (await import('@df-stream/cluster')).clusterAggregate(local, {
          connection: args.cluster,
          splitBytes: args['split-size'],
          sharedDir: args['shared-dir'],
          onProgress: progress.onProgress,
        });
  const output = { output: args.output, format: args.format, delimiter: args.delimiter, partitionBy: args['partition-by'] };
  try {
    if (args.sort === undefined) {
      // No sort: the result streams out chunk by chunk, so even millions of groups need not fit in memory.
      await writeOutput(args.limit === undefined ? plan : plan.limit(args.limit), output);
      return 0;
    }
    const [column, dir] = args.sort.split(':');
    if (dir !== undefined && dir !== 'desc' && dir !== 'asc') throw new UsageError(`--sort ${args.sort}: direction must be asc or desc`);
    (await plan.schema()).field(column);
    let result = sortFrame(await plan.collect(), [{ column, descending: dir === 'desc' }]);
    if (args.limit !== undefined) result = result.head(args.limit);
    await writeOutput(result, output);
    return 0;
  } finally {
    progress.done();
  }
}

/** A --by item: a column name, or `NAME = EXPR` / an expression (named by its text) computed before grouping. */
function parseKey(text: string, schema: Schema): KeyInput {
  const trimmed = text.trim();
  if (trimmed === '') throw new UsageError(`--by '${text}': an empty key`);
  if (schema.has(trimmed)) return trimmed;
  const { name, expr } = parseNamedExpr(trimmed, '--by');
  if (expr.op === 'col' && name === undefined) {
    schema.field(expr.name);
    return expr.name;
  }
  return name === undefined ? new Expr(expr) : new Expr(expr).as(name);
}

/** Without --agg: row count, and min/mean/max of every numeric column that is not a key. */
function defaultAggs(schema: Schema, keys: readonly string[]): AggInput[] {
  const out: AggInput[] = [count()];
  for (const f of schema.fields) {
    if (keys.includes(f.name) || !isNumericDType(f.dtype)) continue;
    out.push({ [f.name]: ['min', 'mean', 'max'] });
  }
  return out;
}

/** `COL:FN[,FN...]` (the short form) as opposed to an SQL expression (`r = max(v1) - min(v2)`, `x::int`). */
const SHORT_AGG = /^\s*[^\s:=()'"]+\s*:\s*[a-z_]+(\([^)]*\))?(\s*,\s*[a-z_]+(\([^)]*\))?)*\s*$/i;

/**
 * `temp:min,mean,max`, `v1:sum`, `temp:quantile(0.9)`, `count` (rows per group), or `NAME = EXPR` over
 * aggregates (`r = max(v1) - min(v2)`). `COL:count` counts non-null values, as `count(COL)` does in SQL.
 */
function parseAgg(text: string, schema: Schema): AggInput {
  if (text === 'count' || text === '*:count') return count();
  if (!SHORT_AGG.test(text)) {
    const { name, expr } = parseNamedExpr(text, '--agg');
    return name === undefined ? new Expr(expr) : new Expr(expr).as(name);
  }
  const i = text.lastIndexOf(':');
  const column = text.slice(0, i);
  schema.field(column);
  const fns = text
    .slice(i + 1)
    .split(/,(?![^(]*\))/)
    .map((f) => f.trim());
  for (const fn of fns) {
    const q = /^quantile\(([^)]*)\)$/.exec(fn);
    if (q !== null) {
      const value = Number(q[1]);
      if (!(value >= 0 && value <= 1)) throw new UsageError(`--agg ${text}: quantile takes a number in [0, 1]`);
      continue;
    }
    if (!hasAggregate(fn)) {
      throw new UsageError(
        `--agg ${text}: unknown aggregate '${fn}'`,
        'aggregates: count, count_non_null, null_count, sum, mean, min, max, var, std, first, last, n_unique, approx_n_unique, median, quantile(Q)',
      );
    }
    getAggregate(fn);
  }
  return { [column]: fns.map((f) => f.replace(/^quantile\((.*)\)$/, 'quantile_$1')) };
}

const FILTER = /^\s*([^\s=!<>]+)\s*(==|!=|<=|>=|<|>|=|\s+in\s+)\s*(.*?)\s*$/i;

/**
 * An SQL boolean expression (`v1 > v2 and id1 <> 'id001'`). The earlier short form with bare words as values
 * (`city == Oslo`, `city in Oslo,Rome`) still works: it is what an expression that does not parse, or that names
 * a column the file lacks, is read as when it has that shape.
 */
export function parseFilter(text: string, schema: Schema): Expr {
  try {
    const node = parseSqlExpr(text, '--filter');
    resolveExpr(node, schema);
    return new Expr(node);
  } catch (sqlError) {
    if (!(sqlError instanceof SqlError || sqlError instanceof ColumnNotFoundError) || !FILTER.test(text)) throw sqlError;
    try {
      return parseShortFilter(text, schema);
    } catch (shortError) {
      // A bare word that is no column reads as a value: say what is wrong with it as one. Otherwise the
      // expression's own error (with its caret) says more.
      throw sqlError instanceof ColumnNotFoundError ? shortError : sqlError;
    }
  }
}

/** `temp > 20`, `city == Oslo`, `city in Oslo,Rome`: a column, an operator and bare values. */
function parseShortFilter(text: string, schema: Schema): Expr {
  const m = FILTER.exec(text);
  if (m === null) throw new UsageError(`--filter '${text}': expected 'COL OP VALUE'`, "OP is ==, !=, <, <=, >, >= or in, e.g. --filter 'temp > 20'");
  const [, column, rawOp, rawValue] = m;
  const field = schema.field(column);
  const numeric = isNumericDType(field.dtype);
  const parse = (s: string): Value => {
    const v = s.trim().replace(/^(['"])(.*)\1$/, '$2');
    if (v === 'null') return null;
    if (numeric) {
      const n = Number(v);
      if (v === '' || Number.isNaN(n)) throw new UsageError(`--filter '${text}': '${v}' is not a number, but ${column} is ${field.dtype}`);
      return n;
    }
    return v;
  };
  const op = rawOp.trim().toLowerCase();
  const c = col(column);
  switch (op) {
    case 'in':
      return c.isIn(
        rawValue
          .replace(/^\((.*)\)$/, '$1')
          .split(',')
          .map(parse),
      );
    case '==':
    case '=':
      return parse(rawValue) === null ? c.isNull() : c.eq(parse(rawValue));
    case '!=':
      return parse(rawValue) === null ? c.isNotNull() : c.neq(parse(rawValue));
    case '<':
      return c.lt(parse(rawValue));
    case '<=':
      return c.le(parse(rawValue));
    case '>':
      return c.gt(parse(rawValue));
    default:
      return c.ge(parse(rawValue));
  }
}
