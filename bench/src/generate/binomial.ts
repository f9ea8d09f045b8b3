import type { Prng } from './prng.js';

/**
 * Draws from Binomial(n, p). Used by the sorted mode to split N rows over key ranges without materialising them.
 * Exact inversion when the mean is small, a rounded normal otherwise (its error is far below what a benchmark
 * data set can notice); sequential conditional draws keep the totals exact either way.
 */
export function binomial(rng: Prng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  const mean = n * p;
  if (mean < 100) {
    // (1-p)^n stays above ~1e-61 here (p <= 0.5, np < 100), so the walk up the CDF cannot underflow.
    const u = rng.nextFloat();
    const ratio = p / (1 - p);
    let prob = (1 - p) ** n;
    let cdf = prob;
    let k = 0;
    while (u > cdf && k < n) {
      k++;
      prob *= ((n - k + 1) / k) * ratio;
      cdf += prob;
    }
    return k;
  }
  const k = Math.round(mean + rng.nextNormal() * Math.sqrt(mean * (1 - p)));
  return Math.min(n, Math.max(0, k));
}
