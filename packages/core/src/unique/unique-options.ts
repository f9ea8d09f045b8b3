import type { SpillStore } from '../runtime/spill-store.js';

/**
 * Which row of each key `unique` keeps: the first, the last, any (here the first: it streams), or none of the
 * keys seen more than once (only rows whose key is unique).
 */
export type UniqueKeep = 'first' | 'last' | 'any' | 'none';

export const UNIQUE_KEEPS: readonly UniqueKeep[] = ['first', 'last', 'any', 'none'];

export interface UniqueOptions {
  /** Default 'any' (Polars' default), which keeps the first row of each key. */
  readonly keep?: UniqueKeep;
  /**
   * The job's memory budget: the key set (and, for 'last' and 'none', the buffered input) may take a third of what is
   * left of it before rows spill by key hash. Under another operator that holds memory, the plan's one budget.
   */
  readonly memoryLimit?: number;
  /** Where partitions go; default: the installed runtime's (temp files under Node). */
  readonly spillStore?: SpillStore;
  /** Spill partitions (default 16). */
  readonly partitions?: number;
  /** Rows per output chunk where the operator makes its own chunks. */
  readonly chunkSize?: number;
}
