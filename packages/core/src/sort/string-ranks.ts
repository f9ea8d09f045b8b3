import { radixOrder, type SortWords } from './radix-sort.js';

/** Leading bytes radix-sorted before any byte comparison: 12 covers db-benchmark's `id0000000001` whole. */
const PREFIX_WORDS = 3;

/**
 * Dense ranks of `n` strings (`offsets`/`data` in Arrow's utf8 layout) in UTF-8 byte order, as Polars and DuckDB
 * compare strings: equal strings get equal ranks. The leading 12 bytes are radix-sorted as big-endian words; only
 * strings sharing all of them are compared byte by byte. Used once per dictionary for a categorical key (its codes
 * then map to ranks), and once per run for a utf8 key.
 */
export function stringRanks(offsets: Int32Array, data: Uint8Array, n: number): Uint32Array {
  const words: SortWords = {
    count: PREFIX_WORDS,
    write(w, order, out) {
      const skip = w * 4;
      for (let j = 0; j < n; j++) {
        const r = order[j];
        const start = offsets[r] + skip;
        const end = offsets[r + 1];
        let x = 0;
        for (let b = 0; b < 4; b++) x = (x << 8) | (start + b < end ? data[start + b] : 0);
        out[j] = x;
      }
    },
  };
  const order = radixOrder(n, words);
  const cmp = (a: number, b: number): number => compareUtf8(data, offsets[a], offsets[a + 1], data, offsets[b], offsets[b + 1]);
  // Strings whose prefixes tie (zero padding makes "a" tie "a\0"): sorted by all their bytes.
  let start = 0;
  for (let j = 1; j <= n; j++) {
    if (j < n && samePrefix(offsets, data, order[start], order[j])) continue;
    if (j - start > 1) order.subarray(start, j).sort(cmp);
    start = j;
  }
  const ranks = new Uint32Array(n);
  let rank = 0;
  for (let j = 0; j < n; j++) {
    if (j > 0 && cmp(order[j - 1], order[j]) !== 0) rank++;
    ranks[order[j]] = rank;
  }
  return ranks;
}

function samePrefix(offsets: Int32Array, data: Uint8Array, a: number, b: number): boolean {
  const la = Math.min(offsets[a + 1] - offsets[a], PREFIX_WORDS * 4);
  const lb = Math.min(offsets[b + 1] - offsets[b], PREFIX_WORDS * 4);
  const sa = offsets[a];
  const sb = offsets[b];
  const l = Math.max(la, lb);
  for (let i = 0; i < l; i++) if ((i < la ? data[sa + i] : 0) !== (i < lb ? data[sb + i] : 0)) return false;
  return true;
}

/** Byte order of two UTF-8 strings (which is code point order); a prefix sorts first. */
export function compareUtf8(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const la = aEnd - aStart;
  const lb = bEnd - bStart;
  const l = Math.min(la, lb);
  for (let i = 0; i < l; i++) {
    const d = a[aStart + i] - b[bStart + i];
    if (d !== 0) return d;
  }
  return la - lb;
}
