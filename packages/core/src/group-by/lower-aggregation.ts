import { DfError } from '../errors/df-error.js';
import { Expr } from '../expr/expr.js';
import { type ExprNode, exprColumns, hasAgg } from '../expr/expr-node.js';
import { exprText } from '../expr/expr-text.js';
import { type AggSpec, defaultAggName } from './agg-spec.js';

/** A group key: a column name, or an expression (`col('day').dt.truncate('month').as('month')`). */
export type KeyInput = string | Expr;

/** What `agg()` accepts: `{ temp: ['mean', 'max'] }` and/or expressions over aggregates. */
export type AggInput = Expr | Record<string, string | readonly string[]>;

/**
 * A group-by as the hash aggregation runs it: columns computed before grouping (`pre`: expression keys and
 * aggregate inputs), plain key names and aggregate specs over plain columns, and the outputs computed from the
 * aggregates afterwards (`post`, when any output is more than one aggregate: `max(v1) - min(v2)`).
 */
export interface AggregationPlan {
  readonly pre: readonly ExprNode[];
  readonly keys: readonly string[];
  readonly specs: readonly AggSpec[];
  readonly post: readonly ExprNode[] | undefined;
}

/** Names of the columns a lowering adds; never shown (a post step selects the outputs). Reserved: see `resolveOp`. */
export const HIDDEN = '__dfs_';

export function lowerAggregation(keyInputs: readonly KeyInput[], inputs: readonly AggInput[]): AggregationPlan {
  const pre: ExprNode[] = [];
  // Output name of each key; an expression key is computed into a hidden column and named after aggregating, so
  // that `groupBy(col('v').mod(2).as('v')).agg(col('v').sum())` sums the input's v, as DuckDB and Polars do.
  const keyNames: string[] = [];
  const keys = keyInputs.map((k, i) => {
    if (typeof k === 'string') {
      keyNames.push(k);
      return k;
    }
    const node = k.node;
    if (hasAgg(node)) throw new DfError('usage', `a group key cannot hold an aggregate: ${exprText(node)}`);
    if (node.op === 'col') {
      keyNames.push(node.name);
      return node.name;
    }
    keyNames.push(node.op === 'alias' ? node.name : exprText(node));
    const hidden = `${HIDDEN}key${i}`;
    pre.push({ op: 'alias', arg: node.op === 'alias' ? node.arg : node, name: hidden });
    return hidden;
  });
  const renamed = keys.some((k, i) => k !== keyNames[i]);
  const specs: AggSpec[] = [];
  const outputs: ExprNode[] = [];
  let needsPost = false;
  const byText = new Map<string, string>();

  /** The hidden (or given) column an aggregate node lands in; equal aggregates share one. */
  const aggColumn = (agg: Extract<ExprNode, { op: 'agg' }>, name?: string): string => {
    const key = JSON.stringify(agg);
    const known = byText.get(key);
    if (known !== undefined && name === undefined) return known;
    let column: string | null = null;
    if (agg.arg !== null) {
      if (hasAgg(agg.arg)) throw new DfError('usage', `an aggregate inside an aggregate: ${exprText(agg)}`);
      if (agg.arg.op === 'col') column = agg.arg.name;
      else {
        column = `${HIDDEN}in${pre.length}`;
        pre.push({ op: 'alias', arg: agg.arg, name: column });
      }
    }
    const out = name ?? `${HIDDEN}agg${specs.length}`;
    specs.push({ column, fn: agg.fn, options: agg.options ?? {}, name: out });
    byText.set(key, out);
    return out;
  };

  for (const input of inputs) {
    if (!(input instanceof Expr)) {
      for (const [column, fns] of Object.entries(input)) {
        for (const fn of typeof fns === 'string' ? [fns] : fns) {
          const q = /^(?:quantile|q)[_(]?(0?\.\d+|1(?:\.0*)?|0)\)?$/.exec(fn);
          // `count` of a column counts its non-null values, as pandas, Polars and SQL do; `count()` counts rows.
          const spec = q !== null ? { column, fn: 'quantile', options: { q: Number(q[1]) } } : { column, fn: fn === 'count' ? 'count_non_null' : fn, options: {} };
          const name = defaultAggName(column, fn === 'count' ? 'count' : spec.fn, spec.options);
          specs.push({ ...spec, name });
          outputs.push({ op: 'col', name });
        }
      }
      continue;
    }
    const node = input.node;
    const inner = node.op === 'alias' ? node.arg : node;
    if (inner.op === 'agg') {
      const name =
        node.op === 'alias'
          ? node.name
          : inner.arg === null || inner.arg.op === 'col'
            ? defaultAggName(inner.arg?.name ?? null, inner.fn, inner.options)
            : exprText(inner);
      outputs.push({ op: 'col', name: aggColumn(inner, name) });
      continue;
    }
    if (!hasAgg(inner)) {
      const loose = exprColumns(inner).filter((c) => !keyNames.includes(c));
      if (loose.length > 0 || inner.op !== 'col') {
        throw new DfError('usage', `agg() output ${exprText(node)} is not an aggregate`, { hint: `aggregate the column, e.g. col('${loose[0] ?? ''}').sum()` });
      }
    }
    needsPost = true;
    const name = node.op === 'alias' ? node.name : exprText(inner);
    outputs.push({ op: 'alias', arg: replaceAggs(inner, keyNames, keys, aggColumn, node), name });
  }
  const names = [...keyNames, ...outputs.map((o) => (o.op === 'alias' || o.op === 'col' ? o.name : ''))];
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new DfError('usage', `two outputs are named '${n}'; rename one with .as()`);
    seen.add(n);
  }
  const keyOutputs = keys.map((name, i): ExprNode => (name === keyNames[i] ? { op: 'col', name } : { op: 'alias', arg: { op: 'col', name }, name: keyNames[i] }));
  return { pre, keys, specs, post: needsPost || renamed ? [...keyOutputs, ...outputs] : undefined };
}

/** The expression with each aggregate replaced by the column holding it; any other column must be a key. */
function replaceAggs(
  node: ExprNode,
  keyNames: readonly string[],
  keys: readonly string[],
  aggColumn: (a: Extract<ExprNode, { op: 'agg' }>) => string,
  whole: ExprNode,
): ExprNode {
  switch (node.op) {
    case 'agg':
      return { op: 'col', name: aggColumn(node) };
    case 'col': {
      const k = keyNames.indexOf(node.name);
      if (k >= 0) return { op: 'col', name: keys[k] };
      throw new DfError('usage', `${node.name} in ${exprText(whole)} is neither a group key nor inside an aggregate`, {
        hint: `aggregate it, e.g. col('${node.name}').first()`,
      });
    }
    case 'call':
      return { op: 'call', fn: node.fn, args: node.args.map((a) => replaceAggs(a, keyNames, keys, aggColumn, whole)) };
    case 'alias':
      return replaceAggs(node.arg, keyNames, keys, aggColumn, whole);
    default:
      return node;
  }
}
