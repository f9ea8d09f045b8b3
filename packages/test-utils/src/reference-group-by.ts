import type { Rec } from './db-benchmark-rows.js';

/** A straightforward reference for group-by results: Maps of arrays, no typed arrays, no tricks. */
export type ReferenceFn = 'count' | 'sum' | 'mean' | 'min' | 'max' | 'count_non_null' | 'var' | 'std' | 'median' | 'first' | 'last' | 'n_unique';

/** group rows by keys, then compute `fn(column)` for each (column, fn) pair; keys joined by \u0001. */
export function referenceGroupBy(rows: Rec[], keys: string[], aggs: [string | null, ReferenceFn][]): Map<string, (number | string | null)[]> {
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
            return vals.length === 0 ? null : vals.reduce((a, b) => Math.min(a, b));
          case 'max':
            return vals.length === 0 ? null : vals.reduce((a, b) => Math.max(a, b));
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
          default:
            throw new Error(`no reference for ${fn satisfies never}`);
        }
      }),
    );
  }
  return out;
}
