import type { Chunk } from '../chunk.js';
import { DfError } from '../errors/df-error.js';
import type { FrameData } from '../group-by/group-by.js';
import { UNIQUE_KEEPS, type UniqueOptions } from './unique-options.js';
import { UniqueRows } from './unique-rows.js';

/** Column names `unique` keys on: one, several, or (undefined) all. */
export type UniqueSubset = string | readonly string[];

/** The eager `DataFrame.unique`, in memory: the kernel of `UniqueSource`, output in input order for every `keep`. */
export function uniqueFrameData(frame: FrameData, subset: UniqueSubset | undefined, options: UniqueOptions = {}): FrameData {
  const keys = subsetNames(subset) ?? frame.schema.names;
  for (const k of keys) frame.schema.field(k);
  const keep = options.keep ?? 'any';
  if (!UNIQUE_KEEPS.includes(keep)) throw new DfError('usage', `unique: keep must be one of ${UNIQUE_KEEPS.join(', ')}, got '${String(keep)}'`);
  const state = new UniqueRows(keys, keep === 'any' ? 'first' : keep);
  const chunks: Chunk[] = [];
  if (keep === 'first' || keep === 'any') {
    for (const c of frame.chunks) {
      const out = state.firstRows(c);
      if (out !== undefined) chunks.push(out);
    }
  } else {
    for (const c of frame.chunks) state.add(c);
    chunks.push(...state.finish());
  }
  return { schema: frame.schema, chunks };
}

export function subsetNames(subset: UniqueSubset | undefined): readonly string[] | undefined {
  if (subset === undefined) return undefined;
  const names = typeof subset === 'string' ? [subset] : subset;
  if (names.length === 0) throw new DfError('usage', 'unique: the subset names no column', { hint: 'leave it out to key on every column' });
  return names;
}
