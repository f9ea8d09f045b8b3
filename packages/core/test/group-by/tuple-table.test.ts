import { describe, expect, it } from 'vitest';
import { TupleTable } from '../../src/group-by/tuple-table.js';

/** Group ids of rows of key ids, a block of `block` rows at a time; `expect` is passed to `expectGroups` first. */
function groupIds(keys: Int32Array[], sizes: number[] | 'growing', block: number, expected?: number): Int32Array {
  const table = new TupleTable(keys.length);
  if (expected !== undefined) table.expectGroups(expected);
  const rows = keys[0].length;
  const all = new Int32Array(rows);
  const out = new Int32Array(block);
  const seen = keys.map(() => 0);
  for (let i = 0; i < rows; i += block) {
    const n = Math.min(block, rows - i);
    const parts = keys.map((k) => k.subarray(i, i + n));
    // 'growing': each key's bound is what its ids reached so far, as a KeyIndex's size grows with the input,
    // so fields are widened (and tuples re-packed) again and again.
    if (sizes === 'growing') parts.forEach((p, k) => p.forEach((id) => (seen[k] = Math.max(seen[k], id + 1))));
    table.groupIds(parts, out, n, sizes === 'growing' ? seen : sizes);
    all.set(out.subarray(0, n), i);
  }
  return all;
}

describe('TupleTable', () => {
  it('gives dense first-appearance ids, the same with or without a size estimate, across blocks and growth', () => {
    let a = 5;
    const next = (m: number): number => {
      a = (Math.imul(a, 1103515245) + 12345) >>> 0;
      return (a >>> 8) % m;
    };
    const rows = 60_000;
    // One packed word (3 + 9 + 17 bits), and three (4 keys of 16 bits and one of 2), the second half of the rows
    // repeating rows of the first, so lookups also hit.
    for (const sizes of [
      [7, 300, 70_000],
      [40_000, 40_000, 3, 40_000, 40_000],
    ]) {
      const distinct = sizes.map((m) => Int32Array.from({ length: rows / 2 }, () => next(m)));
      const pick = Int32Array.from({ length: rows }, (_, i) => (i < rows / 2 ? i : next(rows / 2)));
      const keys = distinct.map((d) => Int32Array.from(pick, (j) => d[j]));
      // Reference: a Map over the joined key ids.
      const seen = new Map<string, number>();
      const reference = Int32Array.from({ length: rows }, (_, i) => {
        const k = keys.map((c) => c[i]).join(',');
        if (!seen.has(k)) seen.set(k, seen.size);
        return seen.get(k) as number;
      });
      for (const block of [1, 97, 4096]) {
        expect(groupIds(keys, sizes, block), `${sizes}`).toEqual(reference);
        for (const estimate of [10, seen.size, 5 * rows]) expect(groupIds(keys, sizes, block, estimate), `block ${block}, estimate ${estimate}`).toEqual(reference);
        expect(groupIds(keys, 'growing', block), `block ${block}, growing key sizes`).toEqual(reference);
      }
    }
  });
});
