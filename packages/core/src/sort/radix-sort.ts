/** Widest digit of one counting pass: 2^13 counters (32 KB) stay in L1; measured 20% faster than 11 bits on id3, v3. */
const MAX_DIGIT_BITS = 13;

/**
 * A sort key as unsigned 32-bit words, most significant first, so that comparing two rows' words in turn orders
 * them (a normalized key, as DuckDB's sort builds): each key's null flag, its value with the sign flipped, floats'
 * bits made monotone, strings as ranks, all inverted when descending.
 */
export interface SortWords {
  readonly count: number;
  /** Writes word `w` of row `order[j]` into `out[j]`, for every j. */
  write(w: number, order: Int32Array, out: Uint32Array): void;
}

/**
 * The rows [0, n) in key order, stable: a least-significant-digit radix sort over the key's words. Each word is
 * gathered once in the current order and carried through its passes beside the row numbers; a word whose values
 * are all equal (a key without nulls, the high half of a small integer) costs one scan and no pass, and a word of
 * few distinct bits only as many passes as they need.
 */
export function radixOrder(n: number, words: SortWords): Int32Array {
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  let spare = new Int32Array(n);
  let cur = new Uint32Array(n);
  let curSpare = new Uint32Array(n);
  const counts = new Int32Array(1 << MAX_DIGIT_BITS);
  for (let w = words.count - 1; w >= 0; w--) {
    words.write(w, order, cur);
    let min = cur[0];
    let max = cur[0];
    for (let j = 1; j < n; j++) {
      const v = cur[j];
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    if (min === max) continue;
    const bits = 32 - Math.clz32(max - min);
    const passes = Math.ceil(bits / MAX_DIGIT_BITS);
    const digit = Math.ceil(bits / passes);
    const mask = (1 << digit) - 1;
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
        spare[at] = order[j];
        curSpare[at] = v;
      }
      const o = order;
      order = spare;
      spare = o;
      const c = cur;
      cur = curSpare;
      curSpare = c;
    }
  }
  return order;
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
