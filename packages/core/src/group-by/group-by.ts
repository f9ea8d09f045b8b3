import type { Chunk } from '../chunk.js';
import { applyOp, resolveOp } from '../plan/apply-op.js';
import type { PlanOp } from '../plan/plan-op.js';
import { TypeFloor } from '../plan/type-floor.js';
import type { Schema } from '../schema.js';
import { HashAggregator } from './hash-aggregator.js';
import { type AggInput, type KeyInput, lowerAggregation } from './lower-aggregation.js';

/** What an eager group-by reads: a frame's schema and chunks. */
export interface FrameData {
  readonly schema: Schema;
  readonly chunks: readonly Chunk[];
}

/**
 * Eager grouping of a DataFrame: the same lowering and hash-aggregation kernels as the lazy path, run
 * synchronously. `toFrame` makes the result frame, so that this file needs no import of the frame class.
 */
export class GroupBy<Out> {
  constructor(
    readonly frame: FrameData,
    readonly keys: readonly KeyInput[],
    private readonly toFrame: (chunks: Chunk[], schema: Schema) => Out,
  ) {}

  agg(...inputs: AggInput[]): Out {
    const plan = lowerAggregation(this.keys, inputs);
    let { schema, chunks } = this.frame;
    if (plan.pre.length > 0) ({ schema, chunks } = applyEager({ schema, chunks }, { kind: 'with_columns', exprs: plan.pre }));
    for (const k of plan.keys) schema.field(k);
    for (const s of plan.specs) if (s.column !== null) schema.field(s.column);
    const aggregator = new HashAggregator(plan.keys, plan.specs, { memoryLimit: Infinity }, schema);
    let firstRow = 0;
    for (const chunk of chunks) {
      aggregator.consume(chunk, firstRow);
      firstRow += chunk.numRows;
    }
    let out: FrameData = { chunks: [...aggregator.finish()], schema: HashAggregator.outputSchema(plan.keys, plan.specs, schema) };
    if (plan.post !== undefined) out = applyEager(out, { kind: 'select', exprs: plan.post });
    return this.toFrame([...out.chunks], out.schema);
  }
}

/** One plan op over every chunk of a frame, checked first against its schema. */
export function applyEager(frame: FrameData, op: PlanOp): FrameData {
  const r = resolveOp(op, frame.schema);
  const floor = new TypeFloor();
  return { schema: r.schema, chunks: frame.chunks.map((c) => floor.widen(applyOp(c, r.op))) };
}
