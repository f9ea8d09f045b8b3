import { type AggInput, toAggSpecs } from '../expr.js';
import type { ScanSource } from '../scan-source.js';
import { type AggregateOptions, AggregateSource } from './aggregate-source.js';

/**
 * `lazy.groupBy(keys)`: `agg(...)` returns a plan whose source is the streaming hash aggregation. `toFrame` wraps
 * that source in the lazy frame class, so that this file needs no import of the class that creates it.
 */
export class LazyGroupBy<Out> {
  private options: AggregateOptions = {};

  constructor(
    readonly input: ScanSource,
    readonly keys: readonly string[],
    private readonly toFrame: (source: ScanSource) => Out,
  ) {}

  /** Execution settings: `memoryLimit` (bytes), `partitions`, `threads`, `onProgress`. */
  withOptions(options: AggregateOptions): LazyGroupBy<Out> {
    const next = new LazyGroupBy(this.input, this.keys, this.toFrame);
    next.options = { ...this.options, ...options };
    return next;
  }

  agg(...inputs: AggInput[]): Out {
    return this.toFrame(new AggregateSource(this.input, this.keys, toAggSpecs(inputs), this.options));
  }
}
