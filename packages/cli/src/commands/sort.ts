import type { Schema } from '@df-stream/core';
import { z } from 'zod';
import { formatArg, InputArgs, inputHelp, memoryArg, OUTPUT_FORMATS, parseCommand, readOptionsOf, threadsArg } from '../cli-args.js';
import { formatExtensions } from '../format-flags.js';
import { openInput } from '../open-input.js';
import { ProgressReporter } from '../progress-bar.js';
import { progressModeOf, withProgress } from '../progress-source.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';

export function sortHelp(): string {
  return `df-stream sort FILE... --by COL[:desc][,COL[:desc]...] [options]

Sort rows by one or more columns. In memory when the input fits --memory, else an external merge sort
(sorted runs spilled to DF_STREAM_TMPDIR, merged, and removed). Stable; nulls last unless --nulls-first;
strings in UTF-8 byte order; NaN above every number.

Options:
  --by COL[:asc|desc],...  sort keys, most significant first (required; repeatable)
  --nulls-first            nulls before every value (default: after, as DuckDB's ORDER BY)
  --limit N                only the first N rows, from a bounded heap (no full sort, no spill)
  -o, --output PATH        write to a file (${[...formatExtensions(), '.json', '.ndjson'].join(', ')})
  --format F               ${OUTPUT_FORMATS.join('|')} (default: table on a terminal, else csv)
  --memory SIZE            memory budget (e.g. 128MB, 2GB); sorted runs of an eighth of it spill
  --threads N              accepted for symmetry with agg; the sort reads on one thread for now
${inputHelp()}
  --progress bar|json|none progress on stderr (default: bar on a terminal)
  -q, --quiet              no progress

Examples:
  df-stream sort data.csv --by id3,v3:desc -o sorted.parquet --memory 128MB
  df-stream sort 'logs/*.csv' --by status,bytes:desc --limit 10`;
}

const SortArgs = InputArgs.extend({
  by: z.array(z.string().min(1, '--by needs at least one column')),
  'nulls-first': z.boolean().optional(),
  limit: z.string().regex(/^\d+$/, '--limit takes a whole number').transform(Number).optional(),
  output: z.string().optional(),
  format: formatArg,
  memory: memoryArg,
  threads: threadsArg,
  progress: z.enum(['bar', 'json', 'none']).optional(),
});

export async function sortCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals, help, args: parsedArgs } = parseCommand(argv, SortArgs);
  if (help) {
    process.stdout.write(`${sortHelp()}\n`);
    return 0;
  }
  if (values.by === undefined) throw new UsageError('sort needs --by', 'e.g. df-stream sort data.csv --by id3,v3:desc');
  const args = parsedArgs();
  if (positionals.length === 0) throw new UsageError('sort needs an input file', 'e.g. df-stream sort data.csv --by id (or - for stdin)');
  const input = await openInput(positionals, readOptionsOf(args));
  const keys = parseSortKeys(args.by, await input.schema());
  const progress = new ProgressReporter(progressModeOf(args));
  const sorted = withProgress(input, progress.onProgress).sort(
    keys.map((k) => k.column),
    { descending: keys.map((k) => k.descending), nullsLast: args['nulls-first'] !== true, memoryLimit: args.memory, chunkSize: args['chunk-size'] },
  );
  try {
    await writeOutput(args.limit === undefined ? sorted : sorted.limit(args.limit), { output: args.output, format: args.format, delimiter: args.delimiter });
    return 0;
  } finally {
    progress.done();
  }
}

/** `id3,v3:desc` (and repeated --by): columns checked against the schema, a wrong one named with the closest. */
export function parseSortKeys(specs: readonly string[], schema: Schema): { column: string; descending: boolean }[] {
  const out: { column: string; descending: boolean }[] = [];
  for (const spec of specs.flatMap((s) => s.split(','))) {
    const text = spec.trim();
    if (text === '') throw new UsageError(`--by '${specs.join(',')}': an empty column name`);
    const at = text.lastIndexOf(':');
    const suffix = at < 0 ? '' : text.slice(at + 1).toLowerCase();
    // A name that itself holds a colon (and exists) is a name, not a direction.
    const directed = (suffix === 'asc' || suffix === 'desc') && !schema.has(text);
    const column = directed ? text.slice(0, at) : text;
    if (!directed && at >= 0 && !schema.has(text)) throw new UsageError(`--by ${text}: direction must be asc or desc`, 'e.g. --by v3:desc');
    schema.field(column);
    out.push({ column, descending: directed && suffix === 'desc' });
  }
  return out;
}
