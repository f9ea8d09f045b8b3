import type { Column } from '../column.js';
import type { DType } from '../dtype.js';

/** DuckDB's classes of aggregates: what their partial state costs and whether it can be merged cheaply. */
export type AggregateKind = 'distributive' | 'algebraic' | 'holistic';

export interface AggregateOptions {
  /** For `quantile`: the quantile in [0, 1]. */
  readonly q?: number;
}

/** A structured-cloneable snapshot of the states of groups [0, n): what is spilled and sent to workers. */
export type StateData = Record<string, unknown>;

/**
 * The per-group states of one aggregate over one input column, held in typed arrays indexed by group id
 * (Polars' grouped reductions). The contract is DuckDB's: init (create + resize), update, merge, finalize.
 */
export interface AggregateState {
  /** Makes room for group ids below `numGroups`; new groups start empty. */
  resize(numGroups: number): void;
  /**
   * True when `resize` only grows flat typed arrays (a few numbers per group): then the aggregator may size
   * the state ahead for the groups it projects, instead of doubling it (and copying it) on the way.
   */
  readonly flat?: boolean;
  /**
   * Folds `rows` rows of `column` (null for row-counting aggregates) into the groups `gids[i]`.
   * `firstRow` is the input position of row 0, so order-sensitive aggregates (first, last) can merge
   * partial states from several workers in input order.
   */
  update(column: Column | null, gids: Int32Array, rows: number, firstRow: number): void;
  /** Snapshot of groups [0, numGroups). */
  export(numGroups: number): StateData;
  /**
   * Optional: a snapshot of the groups `groups`, in that order, as `export` would give it for them alone. A spill
   * writes one partition's groups at a time with it, so it never holds a second copy of every state; without it,
   * the aggregator exports every group once and cuts the snapshot.
   */
  exportGroups?(groups: Int32Array): StateData;
  /** Folds another state's snapshot in: its group g goes to our group `gidMap[g]`. */
  merge(data: StateData, gidMap: Int32Array): void;
  /**
   * Optional: empties every group and keeps the memory, as a new state with the same capacity. After a spill, and
   * between the partitions of the final merge, the aggregator refills the same arrays (fresh memory is slow to
   * touch); without it, the aggregator makes a new state. Columns `finalize` gave must not share those arrays.
   */
  clear?(): void;
  /** The results of groups [0, numGroups); an empty or all-null group gives null. */
  finalize(numGroups: number): Column;
  /**
   * Optional: a finalizer of ranges [start, end) of groups [0, numGroups), every range with the dtype
   * `finalize(numGroups)` would give, so results can be written chunk by chunk without materializing
   * whole columns; null when the state cannot promise that.
   */
  finalizeRanges?(numGroups: number): ((start: number, end: number) => Column) | null;
  /** Bytes held by the state's buffers (an estimate for holistic states built from JS values). */
  readonly byteLength: number;
}

export interface AggregateFunction {
  readonly name: string;
  readonly kind: AggregateKind;
  /** False for aggregates that count rows and read no column (`count`). */
  readonly needsInput: boolean;
  /** What one group's state costs, for the docs and `--help`. */
  readonly memory: string;
  /** The result dtype for an input dtype (undefined when the aggregate reads no column). */
  outputDType(input: DType | undefined): DType;
  create(input: DType | undefined, options: AggregateOptions): AggregateState;
}
