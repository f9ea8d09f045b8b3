import type { Chunk } from '../chunk.js';
import { type AggInput, toAggSpecs } from '../expr.js';
import type { Schema } from '../schema.js';
import { HashAggregator } from './hash-aggregator.js';

/** What an eager group-by reads: a frame's schema and chunks. */
export interface FrameData {
  readonly schema: Schema;
  readonly chunks: readonly Chunk[];
}

/**
 * Eager grouping of a DataFrame: the same hash-aggregation kernels as the lazy path, run synchronously.
 * `toFrame` makes the result frame, so that this file needs no import of the frame class that creates it.
 */
export class GroupBy<Out> {
  constructor(
    readonly frame: FrameData,
    readonly keys: readonly string[],
    private readonly toFrame: (chunks: Chunk[], schema: Schema) => Out,
  ) {}

  agg(...inputs: AggInput[]): Out {
    const specs = toAggSpecs(inputs);
    for (const k of this.keys) this.frame.schema.field(k);
    for (const s of specs) if (s.column !== null) this.frame.schema.field(s.column);
    const aggregator = new HashAggregator(this.keys, specs, { memoryLimit: Infinity }, this.frame.schema);
    let firstRow = 0;
    for (const chunk of this.frame.chunks) {
      aggregator.consume(chunk, firstRow);
      firstRow += chunk.numRows;
    }
    const chunks = [...aggregator.finish()];
    return this.toFrame(chunks, HashAggregator.outputSchema(this.keys, specs, this.frame.schema));
  }
}
