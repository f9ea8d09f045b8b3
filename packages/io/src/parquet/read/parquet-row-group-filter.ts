import type { ExprNode } from '@df-stream/core';
import type { ParquetColumnPlan } from './parquet-column-plan.js';
import { type ParquetColumnChunk, type ParquetMetadata, PHYSICAL } from './parquet-metadata.js';

type Bound = number | bigint | string;
type Op = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

const FLIPPED: Record<Op, Op> = { eq: 'eq', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
const utf8 = new TextDecoder();

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
  const usable = terms.filter((t) => plans.has(t.column));
  if (usable.length === 0) return [...groups];
  return groups.filter((g) =>
    usable.every((t) => {
      const plan = plans.get(t.column) as ParquetColumnPlan;
      return mayMatch(meta.rowGroups[g].chunks[plan.index], plan, t.op, t.value);
    }),
  );
}

function conjuncts(node: ExprNode): ExprNode[] {
  return node.op === 'call' && node.fn === 'and' ? node.args.flatMap(conjuncts) : [node];
}

function comparison(node: ExprNode): { column: string; op: Op; value: Bound } | undefined {
  if (node.op !== 'call' || !(node.fn in FLIPPED) || node.args.length !== 2) return undefined;
  const [a, b] = node.args;
  const op = node.fn as Op;
  if (a.op === 'col' && b.op === 'lit' && isBound(b.value)) return { column: a.name, op, value: b.value };
  if (b.op === 'col' && a.op === 'lit' && isBound(a.value)) return { column: b.name, op: FLIPPED[op], value: a.value };
  return undefined;
}

function isBound(value: unknown): value is Bound {
  return (typeof value === 'number' && !Number.isNaN(value)) || typeof value === 'bigint' || typeof value === 'string';
}

/** False only when the chunk's statistics prove no row satisfies `column op value`. */
function mayMatch(chunk: ParquetColumnChunk | undefined, plan: ParquetColumnPlan, op: Op, value: Bound): boolean {
  if (chunk === undefined) return true;
  // All null: a comparison with null is never true.
  if (chunk.nullCount !== undefined && chunk.numValues > 0 && chunk.nullCount >= chunk.numValues) return false;
  const min = decode(chunk.min, chunk.typedMinMax, plan);
  const max = decode(chunk.max, chunk.typedMinMax, plan);
  if (min === undefined || max === undefined || typeof value !== typeof min) {
    // Numbers and bigints compare with each other; a string literal against numbers (or the reverse) decides nothing.
    if (min === undefined || max === undefined || typeof value === 'string' || typeof min === 'string') return true;
  }
  switch (op) {
    case 'eq':
      return !(value < min || value > max);
    case 'lt':
      return min < value;
    case 'le':
      return min <= value;
    case 'gt':
      return max > value;
    case 'ge':
      return max >= value;
  }
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
      return typed ? utf8.decode(bytes) : undefined;
    default:
      return undefined;
  }
}
