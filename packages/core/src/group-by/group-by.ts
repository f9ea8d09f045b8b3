import { DataFrame } from '../data-frame.js';
import { type AggInput, toAggSpecs } from '../expr.js';
import { HashAggregator } from './hash-aggregator.js';

/** Eager grouping of a DataFrame: the same hash-aggregation kernels as the lazy path, run synchronously. */
export class GroupBy {
  constructor(
    readonly frame: DataFrame,
    readonly keys: readonly string[],
  ) {}

  agg(...inputs: AggInput[]): DataFrame {
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
    return DataFrame.fromChunks(chunks, HashAggregator.outputSchema(this.keys, specs, this.frame.schema));
  }
}
