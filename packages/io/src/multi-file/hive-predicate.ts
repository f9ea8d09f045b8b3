import { Chunk, type ExprNode, Schema } from '@df-stream/core';
import { BoolColumn, evaluateExpr, exprColumns, resolveExpr } from '@df-stream/core/internal';
import type { HiveColumns, HivePartitions } from './hive-partitions.js';

/** The terms of a predicate's top-level ANDs. */
export function conjuncts(node: ExprNode): ExprNode[] {
  return node.op === 'call' && node.fn === 'and' ? node.args.flatMap(conjuncts) : [node];
}

/** Terms that read partition columns only: decided per file, before it is opened. */
export function partitionTerms(predicate: ExprNode | undefined, hiveNames: readonly string[]): ExprNode[] {
  if (predicate === undefined) return [];
  return conjuncts(predicate).filter((t) => {
    const cols = exprColumns(t);
    return cols.length > 0 && cols.every((c) => hiveNames.includes(c));
  });
}

/**
 * Which files a predicate may keep rows of, from their partition values alone (DuckDB's and Polars' hive
 * partition pruning): its terms over partition columns only are evaluated on one row per file, the partition's
 * values; a file where one is false or null has no row the filter keeps, and is never opened.
 */
export function keptFiles(predicate: ExprNode | undefined, hive: HivePartitions | undefined, columns: HiveColumns | undefined): boolean[] | undefined {
  if (hive === undefined || columns === undefined) return undefined;
  const terms = partitionTerms(
    predicate,
    hive.fields.map((f) => f.name),
  );
  if (terms.length === 0) return undefined;
  const schema = new Schema(hive.fields.map(({ name, dtype }) => ({ name, dtype })));
  const n = hive.values.length;
  // One row per file: a constant column per file, concatenated by evaluating file by file (files are few).
  const kept = new Array<boolean>(n).fill(true);
  const resolved = terms.map((t) => resolveExpr(t, schema).node);
  for (let i = 0; i < n; i++) {
    const chunk = new Chunk(
      schema,
      hive.fields.map((_, j) => columns.column(j, hive.values[i][j], 1)),
    );
    for (const term of resolved) {
      const v = evaluateExpr(term, chunk);
      if (!(v instanceof BoolColumn) || v.get(0) !== true) {
        kept[i] = false;
        break;
      }
    }
  }
  return kept;
}

/** `node` with some columns replaced (a file's partition values, nulls for columns the file lacks). */
export function substitute(node: ExprNode, replace: ReadonlyMap<string, ExprNode>): ExprNode {
  switch (node.op) {
    case 'col':
      return replace.get(node.name) ?? node;
    case 'call':
      return { ...node, args: node.args.map((a) => substitute(a, replace)) };
    case 'alias':
      return { ...node, arg: substitute(node.arg, replace) };
    case 'agg':
      return node.arg === null ? node : { ...node, arg: substitute(node.arg, replace) };
    default:
      return node;
  }
}
