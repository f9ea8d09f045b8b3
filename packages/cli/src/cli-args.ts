import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DTYPES, type DType } from '@df-stream/core';
import { z } from 'zod';
import { FORMAT_NAMES, optionHelp } from './format-flags.js';
import type { InputOptions } from './open-input.js';
import { parseSize } from './parse-size.js';
import { UsageError } from './usage-error.js';
import type { OutputFormat } from './write-output.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** One-letter aliases; every command also takes -h/--help. */
const SHORT: Readonly<Record<string, string>> = { quiet: 'q', output: 'o', n: 'n' };

/**
 * A command's flags parsed and validated against its zod schema, the one place a flag is declared: the parser's
 * configuration is derived from the schema (a boolean schema is a switch, an array one a repeatable flag, anything
 * else takes a value). `values` are the raw strings (a command may check a required flag first, for a better
 * hint); `args` are validated lazily, on first use, so `--help` works with otherwise bad flags.
 */
export function parseCommand<S extends z.ZodObject>(
  argv: readonly string[],
  schema: S,
): { values: Record<string, unknown>; positionals: string[]; help: boolean; args: () => z.infer<S> } {
  const options: Options = { help: { type: 'boolean', short: 'h' } };
  for (const [name, flag] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const kind = flagKind(flag);
    const short = SHORT[name];
    options[name] = { type: kind === 'boolean' ? 'boolean' : 'string', ...(kind === 'multiple' ? { multiple: true } : {}), ...(short === undefined ? {} : { short }) };
  }
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    values = parsed.values as Record<string, unknown>;
    positionals = parsed.positionals;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0], "see 'df-stream <command> --help'");
  }
  return { values, positionals, help: values.help === true, args: () => validate(schema, values) };
}

/** How a flag's schema is given on the command line (optional, default and transforms unwrapped). */
function flagKind(schema: z.ZodType): 'boolean' | 'multiple' | 'value' {
  let t = schema;
  for (;;) {
    const def = t._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.type === 'boolean') return 'boolean';
    if (def.type === 'array') return 'multiple';
    const inner = def.innerType ?? def.in;
    if (inner === undefined) return 'value';
    t = inner;
  }
}

const positiveInt = (flag: string) =>
  z
    .string()
    .regex(/^\d+$/, `${flag} takes a positive whole number`)
    .transform(Number)
    .refine((n) => n > 0, `${flag} takes a positive whole number`);

const oneChar = (flag: string) => z.string().refine((c) => c.length === 1, `${flag} takes one character`);

/** `--dtype col=type`, repeatable: the reader's `dtypes`. */
const dtypeArg = z.array(z.string()).transform((specs, ctx) => {
  const dtypes: Record<string, DType> = {};
  for (const spec of specs) {
    const at = spec.lastIndexOf('=');
    const dtype = spec.slice(at + 1);
    if (at <= 0 || !(DTYPES as readonly string[]).includes(dtype)) {
      ctx.addIssue({ code: 'custom', message: `expected COLUMN=TYPE with TYPE one of ${DTYPES.join(', ')}, got '${spec}'` });
      return z.NEVER;
    }
    dtypes[spec.slice(0, at)] = dtype as DType;
  }
  return dtypes;
});

/** The flags of every command that reads a file: each sets the reader option of the same name (CSV ones only CSV's). */
export const InputArgs = z.object({
  delimiter: z
    .string()
    .transform((d) => (d === '\\t' || d === 'tab' ? '\t' : d))
    .refine((d) => d.length === 1, '--delimiter takes one character (or \\t)')
    .optional(),
  quote: oneChar('--quote').optional(),
  escape: oneChar('--escape').optional(),
  comment: oneChar('--comment').optional(),
  'no-header': z.boolean().optional(),
  'skip-rows': z.string().regex(/^\d+$/, '--skip-rows takes a whole number').transform(Number).optional(),
  'null-values': z
    .string()
    .transform((s) => s.split(','))
    .optional(),
  'date-format': z.string().min(1).optional(),
  'timestamp-format': z.string().min(1).optional(),
  encoding: z.enum(['utf8', 'latin1'], { error: '--encoding takes utf8 or latin1' }).optional(),
  'on-bad-row': z.enum(['error', 'skip', 'null-pad'], { error: '--on-bad-row takes error, skip or null-pad' }).optional(),
  dtype: dtypeArg.optional(),
  'chunk-size': positiveInt('--chunk-size').optional(),
  'union-by-name': z.boolean().optional(),
  'no-hive': z.boolean().optional(),
  quiet: z.boolean().optional(),
});

/** The reader options the reading flags set (a format's reader gets those its schema knows, see `optionsFor`). */
export function readOptionsOf(args: z.infer<typeof InputArgs>): InputOptions {
  return {
    delimiter: args.delimiter,
    quote: args.quote,
    escape: args.escape,
    comment: args.comment,
    header: args['no-header'] === true ? false : undefined,
    skipRows: args['skip-rows'],
    nullValues: args['null-values'],
    dateFormat: args['date-format'],
    timestampFormat: args['timestamp-format'],
    encoding: args.encoding,
    onBadRow: args['on-bad-row'],
    dtypes: args.dtype,
    chunkSize: args['chunk-size'],
    unionByName: args['union-by-name'],
    hive: args['no-hive'] === true ? false : undefined,
  };
}

/** Help lines of the reading flags, shared by every reading command (the formats' own from their option schemas). */
export function inputHelp(): string {
  return `${optionHelp('--delimiter C', 'read', 'delimiter', 27)}; \\t or tab for a tab
${optionHelp('--quote C', 'read', 'quote', 27)}
  --escape C               CSV: escapes a quote inside quotes, e.g. \\ (default: the quote doubled, or \\
                           when \\" is seen inside quoted fields)
  --comment C              CSV: lines starting with C are skipped, e.g. '#'
  --no-header              the CSV has no header row (columns are column_1..n)
  --skip-rows N            CSV lines to skip before the header (a title, notes)
  --null-values A,B,...    texts read as null in every column (default: empty in text columns; also NA,
                           N/A, null, NULL and NaN in numeric, bool and date ones)
  --date-format F          strftime layout of dates, e.g. %d/%m/%Y (default: ISO YYYY-MM-DD)
  --timestamp-format F     strftime layout of timestamps, e.g. '%m/%d/%Y %H:%M' (default: ISO 8601)
  --encoding E             utf8 (default) or latin1
  --on-bad-row M           error (default), skip, or null-pad rows with the wrong number of fields
  --dtype COL=TYPE         read COL as TYPE (int8..int64, uint8..uint32, float32, float64, bool,
                           utf8, categorical, date, timestamp); repeatable
  --chunk-size N           rows per chunk (default 65536)
  --union-by-name          several files with different columns: missing ones null, dtypes widened
  --no-hive                key=value directories in the paths are not columns`;
}

export const memoryArg = z
  .string()
  .transform((s) => parseSize(s))
  .optional();

export const threadsArg = positiveInt('--threads').optional();
export const limitArg = positiveInt('--limit').optional();

/** `--format`: the CLI's text formats and the registry's file formats. */
export const OUTPUT_FORMATS = ['table', ...new Set<string>(['csv', 'json', 'ndjson', ...FORMAT_NAMES])] as [OutputFormat, ...OutputFormat[]];

export const formatArg = z.enum(OUTPUT_FORMATS).optional();

/** Validates flags with a zod schema; the first problem becomes a one-line usage error. */
export function validate<T extends z.ZodTypeAny>(schema: T, values: unknown): z.infer<T> {
  const r = schema.safeParse(values);
  if (!r.success) {
    const issue = r.error.issues[0];
    const flag = issue.path.length > 0 ? `--${String(issue.path[0])}: ` : '';
    throw new UsageError(`${flag}${issue.message}`);
  }
  return r.data;
}
