/** Groups ordered by spill partition: partition p's groups are `order[starts[p], starts[p + 1])`. */
export interface PartitionOrder {
  readonly order: Int32Array;
  readonly starts: Int32Array;
}

/**
 * Orders `n` groups by the partition their key hash falls in (a stable counting sort: groups keep their order
 * within a partition). Equal keys hash alike whichever thread or spill they come from, so partitions merge
 * independently (spill files, worker threads' overflow).
 */
export function partitionOrder(hashes: Int32Array, n: number, partitions: number): PartitionOrder {
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
  const order = new Int32Array(n);
  const cursor = starts.slice(0, partitions);
  for (let g = 0; g < n; g++) order[cursor[parts[g]]++] = g;
  return { order, starts };
}
