/** A straightforward reference for group-by results: Maps of arrays, no typed arrays, no tricks. */
export type Rec = Record<string, string | number | null>;

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** db-benchmark-shaped rows (small N and K), with some nulls in keys and values. */
export function dbBenchmarkRows(n: number, k: number, seed: number, nullShare = 0.03): Rec[] {
  const rnd = seededRandom(seed);
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

type Fn = 'count' | 'sum' | 'mean' | 'min' | 'max' | 'count_non_null' | 'var' | 'std' | 'median' | 'first' | 'last' | 'n_unique';

/** group rows by keys, then compute `fn(column)` for each (column, fn) pair; keys joined by \u0001. */
export function referenceGroupBy(rows: Rec[], keys: string[], aggs: [string | null, Fn][]): Map<string, (number | string | null)[]> {
  const groups = new Map<string, Rec[]>();
  for (const r of rows) {
    const key = keys.map((k) => (r[k] === null ? '\u0000null' : String(r[k]))).join('\u0001');
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = []));
    g.push(r);
  }
  const out = new Map<string, (number | string | null)[]>();
  for (const [key, members] of groups) {
    out.set(
      key,
      aggs.map(([column, fn]) => {
        if (fn === 'count') return members.length;
        const all = members.map((m) => m[column as string]);
        const vals = all.filter((v): v is number => v !== null) as number[];
        switch (fn) {
          case 'count_non_null':
            return vals.length;
          case 'sum':
            return vals.length === 0 ? null : vals.reduce((a, b) => a + b, 0);
          case 'mean':
            return vals.length === 0 ? null : vals.reduce((a, b) => a + b, 0) / vals.length;
          case 'min':
            return vals.length === 0 ? null : vals.reduce((a, b) => (b < a ? b : a));
          case 'max':
            return vals.length === 0 ? null : vals.reduce((a, b) => (b > a ? b : a));
          case 'var':
          case 'std': {
            if (vals.length < 2) return null;
            const m = vals.reduce((a, b) => a + b, 0) / vals.length;
            const v = vals.reduce((a, b) => a + (b - m) ** 2, 0) / (vals.length - 1);
            return fn === 'var' ? v : Math.sqrt(v);
          }
          case 'median': {
            if (vals.length === 0) return null;
            const s = [...vals].sort((a, b) => a - b);
            const mid = (s.length - 1) / 2;
            return (s[Math.floor(mid)] + s[Math.ceil(mid)]) / 2;
          }
          case 'first':
            return all[0] ?? null;
          case 'last':
            return all[all.length - 1] ?? null;
          case 'n_unique':
            return new Set(vals).size;
        }
      }),
    );
  }
  return out;
}
