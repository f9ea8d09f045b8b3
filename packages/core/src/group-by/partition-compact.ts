import { KeyIndex } from './key-index.js';
import { type CompactPartial, takeCompact } from './partial-aggregate.js';

/** One partition's groups of a partial. */
export interface PartitionPiece {
  readonly partition: number;
  readonly piece: CompactPartial;
}

/**
 * Cuts a compact partial into `partitions` partials by the hash of each group's keys: equal keys land in the
 * same partition whichever thread or spill they come from, so partitions merge independently (spill files,
 * worker threads' overflow). Groups keep their order within a partition. Pieces come one at a time, each
 * gathered when asked for: the caller writes one away before the next is made, so a spill holds one piece's
 * copy beside the partial, not a second copy of all of it. Empty partitions are skipped.
 */
export function* partitionCompact(partial: CompactPartial, partitions: number): Generator<PartitionPiece> {
  const n = partial.numGroups;
  const hashes = new Int32Array(n);
  for (const k of partial.keys) KeyIndex.hashVector(k, hashes, n);
  const parts = new Uint16Array(n);
  const starts = new Int32Array(partitions + 1);
  for (let g = 0; g < n; g++) {
    let h = hashes[g];
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h ^= h >>> 13;
    const p = (h >>> 0) % partitions;
    parts[g] = p;
    starts[p + 1]++;
  }
  for (let p = 0; p < partitions; p++) starts[p + 1] += starts[p];
  // Groups ordered by partition, stable (a counting sort): partition p is order[starts[p], starts[p + 1]).
  const order = new Int32Array(n);
  const cursor = starts.slice(0, partitions);
  for (let g = 0; g < n; g++) order[cursor[parts[g]]++] = g;
  for (let p = 0; p < partitions; p++) {
    if (starts[p + 1] === starts[p]) continue;
    yield { partition: p, piece: takeCompact(partial, order.subarray(starts[p], starts[p + 1])) };
  }
}
