import type { Chunk } from '../chunk.js';
import { applyOp } from '../plan/apply-op.js';
import { TypeFloor } from '../plan/type-floor.js';
import { type JoinPlan, type JoinSide, preparedColumns } from './join-plan.js';

/** Turns one side's input chunks into what the join reads: expression keys computed, only the columns it needs. */
export class JoinInput {
  private readonly floor = new TypeFloor();
  private readonly columns: string[];

  constructor(
    private readonly plan: JoinPlan,
    readonly side: JoinSide,
  ) {
    this.columns = preparedColumns(plan, side);
  }

  prepare(chunk: Chunk): Chunk {
    const pre = (this.side === 'left' ? this.plan.left : this.plan.right).pre;
    // Computed keys narrow per chunk; the floor keeps them from narrowing between chunks.
    const out = pre === undefined ? chunk : this.floor.widen(applyOp(chunk, pre.op));
    return out.select(this.columns);
  }
}
