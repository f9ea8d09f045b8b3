import { type ParseArgsConfig, parseArgs } from 'node:util';
import { z } from 'zod';
import { FORMAT_NAMES } from './format-flags.js';
import { parseSize } from './parse-size.js';
import { UsageError } from './usage-error.js';
import type { OutputFormat } from './write-output.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every reading command takes. */
export const INPUT_FLAGS: Options = {
  delimiter: { type: 'string' },
  'no-header': { type: 'boolean' },
  'chunk-size': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
};

/** node's parseArgs with its errors turned into usage errors. */
export function parseFlags(argv: readonly string[], options: Options): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as Record<string, unknown>, positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0], "see 'df-stream <command> --help'");
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
