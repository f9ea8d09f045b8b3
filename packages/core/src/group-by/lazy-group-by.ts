import { type AggInput, toAggSpecs } from '../expr.js';
import { LazyFrame } from '../lazy-frame.js';
import type { ScanSource } from '../scan-source.js';
import { AggregateSource, type AggregateOptions } from './aggregate-source.js';

/** `lazy.groupBy(keys)`: `agg(...)` returns a plan whose source is the streaming hash aggregation. */
export class LazyGroupBy {
  private options: AggregateOptions = {};

  constructor(
    readonly input: ScanSource,
    readonly keys: readonly string[],
  ) {}

  /** Execution settings: `memoryLimit` (bytes), `partitions`, `onProgress`. */
  withOptions(options: AggregateOptions): LazyGroupBy {
    const next = new LazyGroupBy(this.input, this.keys);
    next.options = { ...this.options, ...options };
    return next;
  }

  agg(...inputs: AggInput[]): LazyFrame {
    return LazyFrame.fromSource(new AggregateSource(this.input, this.keys, toAggSpecs(inputs), this.options));
  }
}
