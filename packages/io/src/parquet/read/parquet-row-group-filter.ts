import type { DType, ExprNode } from '@df-stream/core';
import type { ParquetColumnPlan } from './parquet-column-plan.js';
import { type ParquetColumnChunk, type ParquetMetadata, PHYSICAL } from './parquet-metadata.js';

type Bound = number | bigint | Uint8Array;
type Op = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

const FLIPPED: Record<Op, Op> = { eq: 'eq', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
const utf8 = new TextEncoder();

/**
 * The row groups of `groups` a predicate may keep rows of, by their statistics (DuckDB's and Polars' row group
 * pruning): a term of its top-level ANDs that compares a column with a literal (=, <, <=, >, >=) is false for every
 * row of a row group whose min and max lie on the wrong side, or whose values are all null. Other terms keep every row
 * group; the plan applies the whole filter to the rows read either way.
 */
export function keptRowGroups(
  meta: ParquetMetadata,
  plans: ReadonlyMap<string, ParquetColumnPlan>,
  predicate: ExprNode | undefined,
  groups: readonly number[],
): number[] {
  const terms = predicate === undefined ? [] : conjuncts(predicate).flatMap((t) => comparison(t) ?? []);
  const usable = terms.flatMap((t) => {
    const plan = plans.get(t.column);
    const value = plan === undefined ? undefined : literalFor(plan, t.literal);
    return plan === undefined || value === undefined ? [] : [{ plan, op: t.op, value }];
  });
  if (usable.length === 0) return [...groups];
  return groups.filter((g) => usable.every((t) => mayMatch(meta.rowGroups[g].chunks[t.plan.index], t.plan, t.op, t.value)));
}

function conjuncts(node: ExprNode): ExprNode[] {
  return node.op === 'call' && node.fn === 'and' ? node.args.flatMap(conjuncts) : [node];
}

/** A literal as the kernels compare it: its value, and its dtype when the value alone does not say it (days, micros). */
interface Literal {
  readonly value: number | bigint | string;
  readonly dtype: DType | undefined;
}

function comparison(node: ExprNode): { column: string; op: Op; literal: Literal } | undefined {
  if (node.op !== 'call' || !(node.fn in FLIPPED) || node.args.length !== 2) return undefined;
  const [a, b] = node.args;
  const op = node.fn as Op;
  if (a.op === 'col' && b.op === 'lit' && isBound(b.value)) return { column: a.name, op, literal: { value: b.value, dtype: b.dtype } };
  if (b.op === 'col' && a.op === 'lit' && isBound(a.value)) return { column: b.name, op: FLIPPED[op], literal: { value: a.value, dtype: a.dtype } };
  return undefined;
}

function isBound(value: unknown): value is number | bigint | string {
  return (typeof value === 'number' && !Number.isNaN(value)) || typeof value === 'bigint' || typeof value === 'string';
}

/**
 * The literal in the unit of the column's statistics, or undefined when this pruning cannot compare them: a date or
 * timestamp column only against a literal of its own dtype (a date against a timestamp compares in microseconds in the
 * kernel; a string is cast), a string column against string literals (as UTF-8 bytes: the kernel's order), numbers
 * against number literals of no time dtype.
 */
function literalFor(plan: ParquetColumnPlan, literal: Literal): Bound | undefined {
  const time = literal.dtype === 'date' || literal.dtype === 'timestamp';
  if (plan.kind === 'date' || plan.kind === 'timestamp') return literal.dtype === plan.kind && typeof literal.value !== 'string' ? literal.value : undefined;
  if (plan.kind === 'string') return typeof literal.value === 'string' ? utf8.encode(literal.value) : undefined;
  return time || typeof literal.value === 'string' ? undefined : literal.value;
}

/** False only when the chunk's statistics prove no row satisfies `column op value`. */
function mayMatch(chunk: ParquetColumnChunk | undefined, plan: ParquetColumnPlan, op: Op, value: Bound): boolean {
  if (chunk === undefined) return true;
  // All null: a comparison with null is never true.
  if (chunk.nullCount !== undefined && chunk.numValues > 0 && chunk.nullCount >= chunk.numValues) return false;
  const min = decode(chunk.min, chunk.typedMinMax, plan);
  const max = decode(chunk.max, chunk.typedMinMax, plan);
  if (min === undefined || max === undefined || min instanceof Uint8Array !== value instanceof Uint8Array) return true;
  // Numbers and bigints compare with each other as they are; strings as their UTF-8 bytes.
  const cmp = (a: Bound, b: Bound): number =>
    a instanceof Uint8Array || b instanceof Uint8Array ? bytesOrder(a as Uint8Array, b as Uint8Array) : a < b ? -1 : a > b ? 1 : 0;
  switch (op) {
    case 'eq':
      return cmp(value, min) >= 0 && cmp(value, max) <= 0;
    case 'lt':
      return cmp(min, value) < 0;
    case 'le':
      return cmp(min, value) <= 0;
    case 'gt':
      return cmp(max, value) > 0;
    case 'ge':
      return cmp(max, value) >= 0;
  }
}

/** Unsigned lexicographic order of byte strings (UTF-8 bytes order as code points do, as the filter kernels compare). */
function bytesOrder(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** A PLAIN-encoded statistic as the value the column's expressions compare (days, microseconds, numbers, strings). */
function decode(bytes: Uint8Array | undefined, typed: boolean, plan: ParquetColumnPlan): Bound | undefined {
  if (bytes === undefined) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (plan.leaf.physical) {
    case PHYSICAL.INT32:
      if (bytes.length !== 4 || plan.kind === 'uint') return undefined;
      return view.getInt32(0, true);
    case PHYSICAL.INT64: {
      if (bytes.length !== 8 || (plan.leaf.logical.kind === 'int' && !plan.leaf.logical.signed)) return undefined;
      const v = view.getBigInt64(0, true);
      if (plan.kind !== 'timestamp') return v;
      // Statistics in the file's unit; expressions compare microseconds (ms scale exactly, ns round down: a bound stays a bound).
      return plan.unit === 1 ? v * 1000n : plan.unit === 3 ? v / 1000n - (v % 1000n < 0n ? 1n : 0n) : v;
    }
    case PHYSICAL.FLOAT:
    case PHYSICAL.DOUBLE: {
      if (bytes.length !== (plan.leaf.physical === PHYSICAL.FLOAT ? 4 : 8)) return undefined;
      const v = plan.leaf.physical === PHYSICAL.FLOAT ? view.getFloat32(0, true) : view.getFloat64(0, true);
      return Number.isNaN(v) ? undefined : v;
    }
    case PHYSICAL.BYTE_ARRAY:
      // The deprecated min/max compare signed bytes, not the strings' order: only min_value/max_value bound strings.
      return typed ? bytes : undefined;
    default:
      return undefined;
  }
}
