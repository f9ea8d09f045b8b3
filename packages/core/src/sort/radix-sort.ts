/** Widest digit of one counting pass: 2^11 counters stay in L1, and a 32-bit word takes three passes. */
const MAX_DIGIT_BITS = 11;
/** Rows sorted by insertion once the leading word has split them this small. */
const INSERTION_ROWS = 24;

/**
 * A sort key as unsigned 32-bit words, most significant first, so that comparing two rows' words in turn orders
 * them (a normalized key, as DuckDB's sort builds): each key's null flag, its value with the sign flipped, floats'
 * bits made monotone, strings as ranks, all inverted when descending.
 */
export interface SortWords {
  readonly count: number;
  /** Writes word `w` of row `order[j]` into `out[j]`, for every j < out.length. */
  write(w: number, order: Int32Array, out: Uint32Array): void;
}

/**
 * The rows [0, n) in key order, stable. Most significant word first: the rows are radix-sorted (least
 * significant digit first, within the word) by the first word that is not the same for all of them, then each
 * group of rows sharing that word is sorted by the words after it, the same way, or by insertion once it is small.
 * A key like db-benchmark's `id3, v3` (a rank of 17 bits, then 64 bits of float) costs two passes and many tiny
 * insertion sorts instead of eight passes. A word whose values are all equal (a key without nulls, the high half
 * of a small integer) costs one scan and no pass.
 */
export function radixOrder(n: number, words: SortWords): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  const scratch = { spare: new Int32Array(n), cur: new Uint32Array(n), curSpare: new Uint32Array(n), counts: new Int32Array(1 << MAX_DIGIT_BITS) };
  sortRange(order, 0, n, words, 0, scratch);
  return order;
}

interface Scratch {
  readonly spare: Int32Array;
  readonly cur: Uint32Array;
  readonly curSpare: Uint32Array;
  readonly counts: Int32Array;
}

/** Sorts order[lo, hi) by words [w0, count), stably. */
function sortRange(order: Int32Array, lo: number, hi: number, words: SortWords, w0: number, s: Scratch): void {
  const n = hi - lo;
  const rows = order.subarray(lo, hi);
  let w = w0;
  let cur = s.cur.subarray(lo, hi);
  let min = 0;
  let max = 0;
  for (; w < words.count; w++) {
    if (n <= INSERTION_ROWS) return insertionSort(rows, words, w);
    words.write(w, rows, cur);
    min = cur[0];
    max = cur[0];
    for (let j = 1; j < n; j++) {
      const v = cur[j];
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    if (min !== max) break;
  }
  if (w >= words.count) return;
  const bits = 32 - Math.clz32(max - min);
  const passes = Math.ceil(bits / MAX_DIGIT_BITS);
  const digit = Math.ceil(bits / passes);
  const mask = (1 << digit) - 1;
  const counts = s.counts;
  let from = rows;
  let to = s.spare.subarray(lo, hi);
  let curTo = s.curSpare.subarray(lo, hi);
  for (let p = 0; p < passes; p++) {
    const shift = p * digit;
    counts.fill(0, 0, mask + 1);
    for (let j = 0; j < n; j++) counts[((cur[j] - min) >>> shift) & mask]++;
    // A digit all rows share moves nothing.
    if (counts[((cur[0] - min) >>> shift) & mask] === n) continue;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const v = cur[j];
      const at = counts[((v - min) >>> shift) & mask]++;
      to[at] = from[j];
      curTo[at] = v;
    }
    const f = from;
    from = to;
    to = f;
    const c = cur;
    cur = curTo;
    curTo = c;
  }
  if (from !== rows) rows.set(from);
  if (w + 1 >= words.count) return;
  // Groups sharing this word: sorted by the words after it (`cur` is in sorted order, beside `rows`).
  const sorted = cur.slice();
  let start = 0;
  for (let j = 1; j <= n; j++) {
    if (j < n && sorted[j] === sorted[start]) continue;
    if (j - start > 1) sortRange(order, lo + start, lo + j, words, w + 1, s);
    start = j;
  }
}

/** A small group sorted by words [w0, count), stably: each word gathered once, then compared in turn. */
function insertionSort(rows: Int32Array, words: SortWords, w0: number): void {
  const n = rows.length;
  if (n < 2) return;
  const width = words.count - w0;
  const keys = new Uint32Array(n * width);
  const column = new Uint32Array(n);
  for (let w = 0; w < width; w++) {
    words.write(w0 + w, rows, column);
    for (let j = 0; j < n; j++) keys[j * width + w] = column[j];
  }
  const perm = new Int32Array(n);
  for (let j = 0; j < n; j++) perm[j] = j;
  for (let j = 1; j < n; j++) {
    const x = perm[j];
    let k = j - 1;
    while (k >= 0 && after(keys, perm[k], x, width)) {
      perm[k + 1] = perm[k];
      k--;
    }
    perm[k + 1] = x;
  }
  const copy = rows.slice();
  for (let j = 0; j < n; j++) rows[j] = copy[perm[j]];
}

/** Row a's words sort strictly after row b's. */
function after(keys: Uint32Array, a: number, b: number, width: number): boolean {
  for (let w = 0, i = a * width, j = b * width; w < width; w++, i++, j++) {
    if (keys[i] !== keys[j]) return keys[i] > keys[j];
  }
  return false;
}

/** The words of several keys one after the other. */
export function concatWords(parts: readonly SortWords[]): SortWords {
  const index: [SortWords, number][] = [];
  for (const p of parts) for (let w = 0; w < p.count; w++) index.push([p, w]);
  return {
    count: index.length,
    write(w, order, out) {
      const [part, at] = index[w];
      part.write(at, order, out);
    },
  };
}
