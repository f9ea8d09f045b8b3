import { DataFrame, type ScanOptions, type ScanSource, type SourceSplit } from '@df-stream/core';
import { dbBenchmarkRows } from './reference.js';

/** Rows [start, end) of the seeded db-benchmark rows as a source; splittable for worker-thread tests. */
export function seededSource(n: number, k: number, seed: number, start = 0, end = n, chunkSize = 97): ScanSource {
  const frame = (): DataFrame => DataFrame.fromRecords(dbBenchmarkRows(n, k, seed).slice(start, end), { chunkSize });
  return {
    description: `seeded(${n}, ${k}, ${seed})[${start}, ${end})`,
    schema: async () => frame().schema,
    async *scan(options: ScanOptions = {}) {
      for (const c of frame().chunks) yield options.columns === undefined ? c : c.select(options.columns);
    },
    async splits(parts: number): Promise<SourceSplit[]> {
      const size = Math.ceil((end - start) / parts);
      const out: SourceSplit[] = [];
      for (let s = start; s < end; s += size) {
        // Workers import this very file (through tsx, as the tests run from sources).
        out.push({ module: import.meta.url, exportName: 'seededSource', args: [n, k, seed, s, Math.min(end, s + size), chunkSize] });
      }
      return out;
    },
  };
}
