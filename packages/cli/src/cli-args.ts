import { type ParseArgsConfig, parseArgs } from 'node:util';
import { z } from 'zod';
import { FORMAT_NAMES } from './format-flags.js';
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

export const InputArgs = z.object({
  delimiter: z
    .string()
    .transform((d) => (d === '\\t' || d === 'tab' ? '\t' : d))
    .refine((d) => d.length === 1, '--delimiter takes one character (or \\t)')
    .optional(),
  'no-header': z.boolean().optional(),
  'chunk-size': positiveInt('--chunk-size').optional(),
  quiet: z.boolean().optional(),
});

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
