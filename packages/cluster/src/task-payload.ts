import { isAbsolute } from 'node:path';
import { DTYPES, hasAggregate, hasScalarFunction } from '@df-stream/core';
import { FORMATS, sharedZod } from '@df-stream/io/internal';
import type { z as Z } from 'zod';

/** io's zod (the CLI's, when the CLI runs): the task schemas hold io's split schemas, and both must be one zod. */
const z = sharedZod();

/**
 * The only data a worker accepts from the queue, checked field by field before anything runs: job
 * payloads come from Redis, which every machine of the cluster can write to.
 */

/** Bumped when a payload changes meaning, so an old worker refuses a new job instead of misreading it. */
export const TASK_VERSION = 3;

export const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'bad job id');
const Path = z.string().min(1).max(4096);
const AbsoluteDir = Path.refine(isAbsolute, 'must be an absolute path');
const Count = z.number().int().nonnegative();
const Positive = z.number().int().positive();

/** A filter value; bigints and non-finite numbers arrive tagged, because JSON has no word for them. */
const Value = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.null(),
  z
    .object({ $bigint: z.string().regex(/^-?\d+$/) })
    .strict()
    .transform((v) => BigInt(v.$bigint)),
  z
    .object({ $number: z.enum(['NaN', 'Infinity', '-Infinity']) })
    .strict()
    .transform((v) => Number(v.$number)),
]);

type ExprIn =
  | { op: 'col'; name: string }
  | { op: 'lit'; value: unknown; dtype?: string }
  | { op: 'call'; fn: string; args: ExprIn[] }
  | { op: 'alias'; arg: ExprIn; name: string };

/**
 * An expression as a task carries it: columns, literals, calls of registered scalar functions (a name, never
 * code) and names. Aggregates never reach a split: they run in the aggregation, from the task's specs.
 */
const Expr: Z.ZodType<ExprIn> = z.lazy(() =>
  z.union([
    z.object({ op: z.literal('col'), name: z.string() }).strict(),
    z.object({ op: z.literal('lit'), value: Value, dtype: z.enum(DTYPES).optional() }).strict(),
    z.object({ op: z.literal('call'), fn: z.string().refine(hasScalarFunction, 'unknown function'), args: z.array(Expr).max(1000) }).strict(),
    z.object({ op: z.literal('alias'), arg: Expr, name: z.string() }).strict(),
  ]),
);

/** The plan's row operations a split carries (a limit never reaches a split: such plans are not split). */
export const Op = z.union([
  z.object({ kind: z.literal('filter'), predicate: Expr }).strict(),
  z.object({ kind: z.enum(['select', 'with_columns']), exprs: z.array(Expr) }).strict(),
  z.object({ kind: z.literal('rename'), mapping: z.array(z.tuple([z.string(), z.string()])) }).strict(),
  z.object({ kind: z.literal('drop'), columns: z.array(z.string()) }).strict(),
]);

/** The formats whose splits a cluster ships: those io's registry marks so, each with the options schema of its splits. */
export const SHIPPED_FORMATS = FORMATS.filter((f) => f.split?.shipped === true);

/**
 * One part of the input as it travels: a `SourceSplit` whose reader is one the cluster ships (a name, never a
 * module: a worker imports nothing the queue names) and whose options are checked by that format's split schema
 * (io's, the same the reader's options are declared with).
 */
export const WireSplit = z.discriminatedUnion(
  'reader',
  SHIPPED_FORMATS.map((f) =>
    z.object({ reader: z.literal(f.name), args: z.tuple([Path, f.schemas().split ?? z.object({}).strict()]), ops: z.array(Op) }).strict(),
  ) as unknown as [WireSplitShape, ...WireSplitShape[]],
);
type WireSplitShape = Z.ZodObject<{
  reader: Z.ZodLiteral<string>;
  args: Z.ZodTuple<[typeof Path, Z.ZodObject]>;
  ops: Z.ZodArray<typeof Op>;
}>;
export type WireSplit = Z.infer<typeof WireSplit>;

export const AggSpecShape = z
  .object({
    column: z.string().nullable(),
    fn: z.string().refine(hasAggregate, 'unknown aggregate'),
    options: z
      .object({ q: z.number().min(0).max(1).optional() })
      .strict()
      .optional(),
    name: z.string(),
  })
  .strict();

/** Where partial states and results go: the job's directory under a shared root, plus the inline limit. */
const Storage = {
  jobId: JobId,
  sharedDir: AbsoluteDir,
  inlineBytes: Count,
};

export const SplitTask = z
  .object({
    v: z.literal(TASK_VERSION),
    ...Storage,
    index: Count,
    split: WireSplit,
    keys: z.array(z.string()),
    aggs: z.array(AggSpecShape).min(1),
    /** Bytes of group states a task holds before it writes them out and starts afresh. */
    memoryLimit: Positive,
    /** Added to row positions, so first/last and output order follow the input across splits. */
    positionBase: Count,
  })
  .strict();
export type SplitTask = Z.infer<typeof SplitTask>;

export const MergeTask = z
  .object({
    v: z.literal(TASK_VERSION),
    ...Storage,
    splits: Positive,
    keys: z.array(z.string()),
    aggs: z.array(AggSpecShape).min(1),
    inputSchema: z.array(z.object({ name: z.string(), dtype: z.enum(DTYPES) }).strict()),
    memoryLimit: Positive,
    chunkSize: Positive.optional(),
  })
  .strict();
export type MergeTask = Z.infer<typeof MergeTask>;

/** Bytes that travel in Redis itself (small), or the name of a file in the job's shared directory. */
export const BlobRef = z.union([
  z.object({ kind: z.literal('inline'), base64: z.string(), bytes: Count }).strict(),
  z.object({ kind: z.literal('file'), name: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/), bytes: Count }).strict(),
]);
export type BlobRef = Z.infer<typeof BlobRef>;

export const SplitResult = z.object({ index: Count, rows: Count, bytesRead: Count, blobs: z.array(BlobRef) }).strict();
export type SplitResult = Z.infer<typeof SplitResult>;

export const MergeResult = z.object({ groups: Count, rows: Count, result: BlobRef }).strict();
export type MergeResult = Z.infer<typeof MergeResult>;

/** Progress a split task reports through BullMQ. */
export const SplitProgress = z.object({ rows: Count, bytesRead: Count }).strict();
export type SplitProgress = Z.infer<typeof SplitProgress>;

/** JSON for a payload: bigints and non-finite numbers tagged so that `Value` above reads them back. */
export function toWire<T>(value: T): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return { $bigint: v.toString() };
      if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
      return v;
    }),
  );
}
