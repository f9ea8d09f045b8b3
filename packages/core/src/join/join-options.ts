import type { Expr } from '../expr/expr.js';
import type { ProgressEvent } from '../group-by/aggregate-source.js';
import type { SpillStore } from '../runtime/spill-store.js';

export type JoinHow = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';

export const JOIN_HOWS: readonly JoinHow[] = ['inner', 'left', 'right', 'full', 'semi', 'anti'];

/** A join key: a column name or an expression over one side's columns. */
export type JoinKeyInput = string | Expr;

/**
 * How `join` matches rows. Either `on` (SQL's USING: the key columns have the same name on both sides and each
 * appears once in the output) or `leftOn` with `rightOn` (SQL's ON: names or expressions, pairwise).
 */
export interface JoinOptions {
  readonly on?: string | readonly string[];
  readonly leftOn?: JoinKeyInput | readonly JoinKeyInput[];
  readonly rightOn?: JoinKeyInput | readonly JoinKeyInput[];
  /** Default 'inner'. */
  readonly how?: JoinHow;
  /** Appended to a right column whose name a left column has; default '_right'. */
  readonly suffix?: string;
  /**
   * The job's memory budget (default `defaultMemoryLimit()`): past half of what is left of it, the build side is
   * partitioned with the probe side to spill files. Under another operator that holds memory, the plan's one budget.
   */
  readonly memoryLimit?: number;
  /** Where partitions go when the build side outgrows `memoryLimit`; default the runtime's. */
  readonly spillStore?: SpillStore;
  /** Rows per output chunk at most; default `DEFAULT_CHUNK_SIZE`. */
  readonly chunkSize?: number;
  /** Rows and bytes read from both sides so far (`groups` is 0, `stateBytes` the build side's bytes in memory). */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Minimum time between progress events; default 200 ms. */
  readonly progressIntervalMs?: number;
}
