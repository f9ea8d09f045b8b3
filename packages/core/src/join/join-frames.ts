import type { Chunk } from '../chunk.js';
import { chunkSizeOf } from '../chunk-size.js';
import type { FrameData } from '../group-by/group-by.js';
import { HashJoin } from './hash-join.js';
import { JoinInput } from './join-input.js';
import type { JoinOptions } from './join-options.js';
import { resolveJoinPlan } from './join-plan.js';

/**
 * `DataFrame.join`: the lazy join's kernel run in memory, synchronously. The frame with fewer bytes is built
 * (the right one on a tie, which keeps the left order for inner, left, semi and anti joins).
 */
export function joinFrames(left: FrameData, right: FrameData, options: JoinOptions): FrameData {
  const plan = resolveJoinPlan(left.schema, right.schema, options);
  const bytes = (f: FrameData) => f.chunks.reduce((n, c) => n + c.byteLength, 0);
  const buildSide = bytes(left) < bytes(right) ? 'left' : 'right';
  const join = new HashJoin(plan, buildSide, chunkSizeOf(options));
  const build = new JoinInput(plan, buildSide);
  const probe = new JoinInput(plan, buildSide === 'left' ? 'right' : 'left');
  const buildFrame = buildSide === 'left' ? left : right;
  join.expectBuildRows(buildFrame.chunks.reduce((n, c) => n + c.numRows, 0));
  for (const c of buildFrame.chunks) join.addBuild(build.prepare(c));
  join.finishBuild();
  const out: Chunk[] = [];
  for (const c of (buildSide === 'left' ? right : left).chunks) out.push(...join.probe(probe.prepare(c)));
  out.push(...join.finish());
  return { schema: plan.schema, chunks: out };
}
