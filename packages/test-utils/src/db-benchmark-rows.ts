import { SeededRandom } from './seeded-random.js';

/** A row of the reference computations: plain JS values. */
export type Rec = Record<string, string | number | null>;

/** db-benchmark-shaped rows (small N and K), with some nulls in keys and values. */
export function dbBenchmarkRows(n: number, k: number, seed: number, nullShare = 0.03): Rec[] {
  const random = new SeededRandom(seed);
  const rnd = (): number => random.next();
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const maybe = <T>(v: T): T | null => (rnd() < nullShare ? null : v);
  const pad = (x: number, w: number) => String(x).padStart(w, '0');
  const rows: Rec[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      id1: maybe(`id${pad(int(1, k), 3)}`),
      id2: maybe(`id${pad(int(1, k), 3)}`),
      id3: maybe(`id${pad(int(1, Math.max(1, Math.floor(n / k))), 10)}`),
      id4: maybe(int(1, k)),
      id5: maybe(int(1, k)),
      id6: maybe(int(1, Math.max(1, Math.floor(n / k)))),
      v1: maybe(int(1, 5)),
      v2: maybe(int(1, 15)),
      v3: maybe(Math.round(rnd() * 100 * 1e6) / 1e6),
    });
  }
  return rows;
}
