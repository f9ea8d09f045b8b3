import { KeyIndex } from './key-index.js';
import { type CompactPartial, scatterCompact } from './partial-aggregate.js';

/**
 * Cuts a compact partial into `partitions` partials by the hash of each group's keys: equal keys land in the
 * same partition whichever thread or spill they come from, so partitions merge independently (spill files,
 * and the parallel merge of worker threads). Groups keep their order within a partition.
 */
export function partitionCompact(partial: CompactPartial, partitions: number): CompactPartial[] {
  const n = partial.numGroups;
  const hashes = new Int32Array(n);
  for (const k of partial.keys) KeyIndex.hashVector(k, hashes, n);
  const parts = new Uint16Array(n);
  const sizes = new Int32Array(partitions);
  for (let g = 0; g < n; g++) {
    let h = hashes[g];
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h ^= h >>> 13;
    const p = (h >>> 0) % partitions;
    parts[g] = p;
    sizes[p]++;
  }
  return scatterCompact(partial, parts, sizes);
}
