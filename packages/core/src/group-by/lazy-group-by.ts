import type { AggregateOptions } from './aggregate-source.js';
import { type AggInput, type AggregationPlan, type KeyInput, lowerAggregation } from './lower-aggregation.js';

/**
 * `lazy.groupBy(keys)`: `agg(...)` lowers keys and outputs (see `lowerAggregation`) and hands the plan to `run`,
 * which the lazy frame supplies, so that this file needs no import of the class that creates it.
 */
export class LazyGroupBy<Out> {
  private options: AggregateOptions = {};

  constructor(
    readonly keys: readonly KeyInput[],
    private readonly run: (plan: AggregationPlan, options: AggregateOptions) => Out,
  ) {}

  /** Execution settings: `memoryLimit` (bytes), `partitions`, `threads`, `onProgress`. */
  withOptions(options: AggregateOptions): LazyGroupBy<Out> {
    const next = new LazyGroupBy(this.keys, this.run);
    next.options = { ...this.options, ...options };
    return next;
  }

  /** Aggregates per group; returns a plan, so `.filter()` after it is SQL's HAVING. */
  agg(...inputs: AggInput[]): Out {
    return this.run(lowerAggregation(this.keys, inputs), this.options);
  }
}
