import { DataFrame, type Value } from '@df-stream/core';
import { SeededRandom } from '@df-stream/test-utils';

/** The test-utils generator as a function: the same tables on every run. */
export function seeded(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** First-appearance order is not byte order; 'ｱ' (U+FF71) sorts before '😀' in UTF-16 but after it in UTF-8 bytes. */
const WORDS = ['pear', 'apple', 'Äpfel', 'zebra', 'émile', '日本', 'b', 'ｱ', '😀', 'a', 'pear2', ''];
const FLOATS = [0, -0, 1.5, -2.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300, -1e-300, 42];
const BIGS = [2n ** 53n + 1n, 2n ** 53n + 3n, -(2n ** 60n), 2n ** 62n, 5n, -5n, 0n];

export const DTYPES = { cat: 'categorical', s: 'utf8', i: 'int32', f: 'float64', big: 'int64', d: 'date', b: 'bool', u: 'uint32' } as const;

/** Columns of every key kind, with duplicates and nulls; `row` is the input position. */
export function sortTable(n: number, seed: number): Record<string, Value[]> {
  const r = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const maybe = <T>(v: T, p = 0.1): T | null => (r() < p ? null : v);
  const cols: Record<string, Value[]> = { row: [], cat: [], s: [], i: [], f: [], big: [], d: [], b: [], u: [] };
  for (let k = 0; k < n; k++) {
    cols.row.push(k);
    cols.cat.push(maybe(pick(WORDS)));
    cols.s.push(maybe(`${pick(WORDS)}${pick(WORDS)}`));
    cols.i.push(maybe(Math.floor(r() * 20) - 10));
    cols.f.push(maybe(r() < 0.5 ? pick(FLOATS) : Math.round(r() * 100) / 4));
    cols.big.push(maybe(pick(BIGS)));
    cols.d.push(maybe(Math.floor(r() * 30) - 5));
    cols.b.push(maybe(r() < 0.5));
    cols.u.push(maybe(r() < 0.3 ? 4_000_000_000 + Math.floor(r() * 3) : Math.floor(r() * 5)));
  }
  return cols;
}

export function sortFrame(n: number, seed: number, chunkSize?: number): DataFrame {
  return DataFrame.fromColumns(sortTable(n, seed), { dtypes: DTYPES, chunkSize });
}

const encoder = new TextEncoder();

/** The order the engine promises, written plainly: nulls by flag, NaN above numbers, strings by UTF-8 bytes. */
export function compareValues(a: Value, b: Value, descending: boolean, nullsLast: boolean): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null ? 1 : -1) * (nullsLast ? 1 : -1);
  }
  let c: number;
  if (typeof a === 'string' && typeof b === 'string') c = Buffer.compare(Buffer.from(encoder.encode(a)), Buffer.from(encoder.encode(b)));
  else if (typeof a === 'boolean' && typeof b === 'boolean') c = Number(a) - Number(b);
  else {
    const an = typeof a === 'number' && Number.isNaN(a);
    const bn = typeof b === 'number' && Number.isNaN(b);
    if (an || bn) c = an && bn ? 0 : an ? 1 : -1;
    else c = a < b ? -1 : a > b ? 1 : 0;
  }
  return descending ? -c : c;
}

export interface RefKey {
  readonly column: string;
  readonly descending?: boolean;
  readonly nullsLast?: boolean;
}

/** Rows sorted with Array.prototype.sort (stable) and a comparator over the keys in turn. */
export function referenceSort(rows: readonly Record<string, Value>[], keys: readonly RefKey[]): Record<string, Value>[] {
  return [...rows].sort((x, y) => {
    for (const k of keys) {
      const c = compareValues(x[k.column], y[k.column], k.descending === true, k.nullsLast !== false);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** Records with -0 read as 0 and NaN kept comparable, for toEqual. */
export function plain(rows: readonly Record<string, Value>[]): Record<string, Value>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' && Object.is(v, -0) ? 0 : v])));
}
