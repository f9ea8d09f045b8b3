import { col, Expr, type LazyFrame } from '@df-stream/core';
import { parseNamedExpr, parseSqlExpr } from '@df-stream/sql/internal';
import { z } from 'zod';
import { formatArg, InputArgs, inputHelp, limitArg, OUTPUT_FORMATS, parseCommand, readOptionsOf } from '../cli-args.js';
import { openInput } from '../open-input.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';

export function selectHelp(): string {
  return `df-stream select FILE COLUMN|NAME=EXPR... [--filter EXPR] [-o FILE] [--format ${OUTPUT_FORMATS.join('|')}]

Only the given columns, in that order, each a column name or NAME=EXPR computed per row (SQL as in DuckDB).
Streams: reads only the columns it needs.

Options:
  --filter EXPR            keep only rows where EXPR is true (before the columns are computed)
  --limit N                at most N rows
  -o, --output FILE        write to FILE (format from its extension)
  --format FORMAT          output format (default: from -o, else table on a terminal, else csv)

Reading options:
${inputHelp()}

Examples:
  df-stream select sales.csv city 'revenue = qty * price' -o revenue.parquet
  df-stream select 'logs/*.csv' status bytes --filter 'bytes > 0' --limit 100`;
}

export function filterHelp(): string {
  return `df-stream filter FILE EXPR [-o FILE] [--format ${OUTPUT_FORMATS.join('|')}]

The rows where EXPR (SQL as in DuckDB) is true; null counts as false, as in WHERE. Streams every column.

Options:
  --limit N                at most N rows
  -o, --output FILE        write to FILE (format from its extension)
  --format FORMAT          output format (default: from -o, else table on a terminal, else csv)

Reading options:
${inputHelp()}

Examples:
  df-stream filter weather.csv "temp > 20 and city in ('Oslo', 'Rome')"
  df-stream filter big.parquet "day >= '2024-01-01'" -o 2024.parquet`;
}

/** The flags `filter` takes, and `select` with its own --filter. */
const FilterArgs = InputArgs.extend({
  limit: limitArg,
  output: z.string().optional(),
  format: formatArg,
});

const SelectArgs = FilterArgs.extend({
  filter: z.array(z.string()).optional(),
});

/** Checks the plan's names, then streams at most --limit rows of it to -o or stdout. */
async function writeRows(plan: LazyFrame, args: z.infer<typeof FilterArgs>): Promise<void> {
  await plan.schema();
  await writeOutput(args.limit === undefined ? plan : plan.limit(args.limit), { output: args.output, format: args.format, delimiter: args.delimiter });
}

export async function selectCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, SelectArgs);
  if (help) {
    process.stdout.write(`${selectHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  const [file, ...columns] = positionals;
  if (file === undefined) throw new UsageError('select needs an input file', "e.g. df-stream select data.csv city 'f = temp * 1.8 + 32'");
  if (columns.length === 0) throw new UsageError('select needs at least one column or NAME=EXPR', "e.g. df-stream select data.csv city 'f = temp * 1.8 + 32'");
  let plan = await openInput([file], readOptionsOf(args));
  const schema = await plan.schema();
  for (const f of args.filter ?? []) plan = plan.filter(new Expr(parseSqlExpr(f, '--filter')));
  const exprs = columns.map((c) => {
    // A column's own name, even one that reads as SQL (`Contact Phone`), is that column.
    if (schema.has(c)) return col(c);
    const { name, expr } = parseNamedExpr(c, 'select');
    if (name !== undefined) return new Expr(expr).as(name);
    return expr.op === 'col' ? new Expr(expr) : new Expr(expr).as(c.trim());
  });
  await writeRows(plan.select(...exprs), args);
  return 0;
}

export async function filterCommand(argv: readonly string[]): Promise<number> {
  const { positionals, help, args: parsedArgs } = parseCommand(argv, FilterArgs);
  if (help) {
    process.stdout.write(`${filterHelp()}\n`);
    return 0;
  }
  const args = parsedArgs();
  if (positionals.length !== 2) {
    throw new UsageError(
      positionals.length < 2 ? 'filter needs an input file and an expression' : `filter takes a file and one expression (in quotes), got ${positionals.length} arguments`,
      `e.g. df-stream filter data.csv "temp > 20"`,
    );
  }
  const [file, text] = positionals;
  const input = await openInput([file], readOptionsOf(args));
  await writeRows(input.filter(new Expr(parseSqlExpr(text, 'filter'))), args);
  return 0;
}
