import { describe, expect, it } from 'vitest';
import { splitWeights } from '../../src/group-by/split-weights.js';

describe('splitWeights', () => {
  it('gives the calling thread more of a short rest than of a long one, and never a worker nothing', () => {
    const share = (threads: number, restMs: number, groups = 0): number => {
      const w = splitWeights(threads, restMs, groups);
      expect(w).toHaveLength(threads);
      for (const x of w) expect(x).toBeGreaterThan(0);
      return w[0] / w.reduce((a, b) => a + b, 0);
    };
    for (const threads of [2, 3, 8]) {
      const shares = [50, 500, 5_000, 50_000].map((ms) => share(threads, ms));
      for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeLessThan(shares[i - 1]);
      // A long rest comes near an even split, tilted by a worker's lower speed.
      expect(shares[3]).toBeGreaterThan(1 / threads);
      expect(shares[3]).toBeLessThan(1.15 / threads);
    }
    // A worker meets the groups this thread has seen as new: the more, the more this thread reads.
    expect(share(2, 2_000, 100_000)).toBeGreaterThan(share(2, 2_000, 100));
    // db-benchmark's q1 at 1e7 rows: the rest would take this thread about 800 ms alone.
    const [own, worker] = splitWeights(2, 800);
    expect(own / worker).toBeGreaterThan(1.3);
    expect(own / worker).toBeLessThan(1.5);
  });

  it('splits evenly when the time of the rest is unknown', () => {
    expect(splitWeights(3, NaN)).toEqual([1, 1, 1]);
    expect(splitWeights(2, Infinity)).toEqual([1, 1]);
    expect(splitWeights(2, 0)).toEqual([1, 1]);
  });
});
