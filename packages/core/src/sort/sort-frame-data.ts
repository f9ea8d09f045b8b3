import { DEFAULT_CHUNK_SIZE } from '../chunk-size.js';
import { applyEager, type FrameData } from '../group-by/group-by.js';
import { Schema } from '../schema.js';
import { lowerSort, type SortBy, type SortOptions } from './sort-spec.js';
import { sortChunks } from './sorted-chunks.js';

/** The eager sort of a frame's chunks, in memory (`DataFrame.sort`): the same kernel as the lazy path's runs. */
export function sortFrameData(frame: FrameData, by: SortBy, options: SortOptions = {}): FrameData {
  const plan = lowerSort(by, options);
  let input = frame;
  if (plan.pre.length > 0) input = applyEager(frame, { kind: 'with_columns', exprs: plan.pre });
  for (const k of plan.keys) input.schema.field(k.column);
  const sorted = sortChunks(input.chunks, plan.keys, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const hidden = new Set(plan.pre.map((n) => (n.op === 'alias' ? n.name : '')));
  const visible = input.schema.names.filter((n) => !hidden.has(n));
  if (sorted === undefined) return { schema: new Schema(input.schema.fields.filter((f) => !hidden.has(f.name))), chunks: [] };
  const chunks = [...sorted.chunks].map((c) => (hidden.size === 0 ? c : c.select(visible)));
  return { schema: hidden.size === 0 ? sorted.schema : sorted.schema.select(visible), chunks };
}
