/**
 * A seeded PRNG for test data: mulberry32 (32-bit state, integer ops only), so a seed gives the same sequence
 * on every platform and every run. Tests that compare against expectations built from this sequence rely on
 * it staying exactly as it is: do not change the algorithm, the seeding or the scaling of `next()`.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1), with 32 random bits. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n), from one draw. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`, from one draw. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One of `items`, uniformly, from one draw. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}
