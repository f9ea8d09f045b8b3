import { DfError } from '../errors/df-error.js';
import type { Expr } from '../expr/expr.js';
import type { ExprNode } from '../expr/expr-node.js';
import { exprText } from '../expr/expr-text.js';
import { HIDDEN } from '../group-by/lower-aggregation.js';
import type { SpillStore } from '../runtime/spill-store.js';

/** What `sort` and `topK` order by: a column name, an expression, or several of them (most significant first). */
export type SortBy = string | Expr | readonly (string | Expr)[];

export interface SortOptions {
  /** Descending order, for all keys or one flag per key (default false). */
  readonly descending?: boolean | readonly boolean[];
  /** Nulls after every value, for all keys or one flag per key (default true: DuckDB's ORDER BY default). */
  readonly nullsLast?: boolean | readonly boolean[];
  /**
   * The job's memory budget (default: half the free memory): a run may hold an eighth of what is left of it, then
   * sorted runs are spilled and merged. Under another operator that holds memory, the plan's one budget (`jobGovernor`).
   */
  readonly memoryLimit?: number;
  /** Where sorted runs go; default: the installed runtime's (temp files under Node). */
  readonly spillStore?: SpillStore;
  /** Rows per output chunk. */
  readonly chunkSize?: number;
}

/** One key as the kernels see it: a plain column of the input. */
export interface SortKey {
  readonly column: string;
  readonly descending?: boolean;
  /** Default true. */
  readonly nullsLast?: boolean;
}

/** A sort lowered to plain columns: expression keys become hidden columns computed first (`pre`), dropped after. */
export interface SortPlan {
  readonly pre: readonly ExprNode[];
  readonly keys: readonly SortKey[];
  /** Each key as the user wrote it, for `explain()`. */
  readonly labels: readonly string[];
}

export function lowerSort(by: SortBy, options: SortOptions = {}): SortPlan {
  const inputs = typeof by === 'string' || !Array.isArray(by) ? [by as string | Expr] : (by as readonly (string | Expr)[]);
  if (inputs.length === 0) throw new DfError('usage', 'sort needs at least one key', { hint: "e.g. sort('id') or sort(['a', col('b')])" });
  const flag = (value: boolean | readonly boolean[] | undefined, name: string, i: number, fallback: boolean): boolean => {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    if (value.length !== inputs.length) {
      throw new DfError('usage', `sort: ${name} has ${value.length} flags for ${inputs.length} keys`, { hint: `give one flag, or one per key` });
    }
    return value[i];
  };
  const pre: ExprNode[] = [];
  const keys: SortKey[] = [];
  const labels: string[] = [];
  inputs.forEach((input, i) => {
    const descending = flag(options.descending, 'descending', i, false);
    const nullsLast = flag(options.nullsLast, 'nullsLast', i, true);
    let column: string;
    if (typeof input === 'string') column = input;
    else if (input.node.op === 'col') column = input.node.name;
    else {
      column = `${HIDDEN}sort${i}`;
      pre.push({ op: 'alias', arg: input.node.op === 'alias' ? input.node.arg : input.node, name: column });
    }
    keys.push({ column, descending, nullsLast });
    const text = typeof input === 'string' ? input : input.node.op === 'alias' ? exprText(input.node.arg) : exprText(input.node);
    labels.push(`${text}${descending ? ' DESC' : ''}${nullsLast ? '' : ' NULLS FIRST'}`);
  });
  return { pre, keys, labels };
}
