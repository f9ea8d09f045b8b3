/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32) built from 32-bit integer ops only, so it is fast
 * in V8 and gives the same stream on every platform. Math.random cannot be seeded, which would make data files
 * differ between machines and runs.
 */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let state = seed | 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // xoshiro is stuck at zero if its whole state is zero; splitmix never yields four zeros, but be sure.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number {
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }

  /**
   * Uniform integer in [0, n). Small ranges use one 32-bit draw (multiply-high: the bias, n / 2^32, is invisible
   * below 2^20); larger ranges such as id3 at 1e9 rows use 53 bits so that every value stays equally likely.
   */
  below(n: number): number {
    if (n <= 1048576) return Math.floor((this.nextUint32() * n) / 4294967296);
    return Math.floor(this.nextFloat() * n);
  }

  /** Standard normal draw (Box-Muller); only used for the few binomial draws of the sorted mode. */
  nextNormal(): number {
    const u = 1 - this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.nextFloat());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
