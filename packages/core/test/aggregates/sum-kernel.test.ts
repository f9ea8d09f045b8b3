import { describe, expect, it } from 'vitest';
import { addSums, SUM_KERNEL_GROUPS } from '../../src/aggregates/sum-kernel.js';
// The references: SumState's own JS loops.
import { addCompensated as referenceCompensated, addExact as referenceExact, SumState } from '../../src/aggregates/sum-state.js';
import { NumberColumn } from '../../src/column.js';
import type { NumberArray } from '../../src/dtype.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** Rows of values that make a plain float sum drift, with NaN and infinities among them when asked. */
function floats(n: number, rnd: () => number, specials: boolean): Float64Array {
  const pool = [1e16, -1e16, 1, 0.1, -0.3, 3.5e-5, 2 ** 53, -(2 ** 52) + 0.5];
  if (specials) pool.push(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0);
  return Float64Array.from({ length: n }, () => pool[Math.floor(rnd() * pool.length)] * (1 + rnd()));
}

function gidsOf(n: number, groups: number, rnd: () => number): Int32Array {
  return Int32Array.from({ length: n }, () => Math.floor(rnd() * groups));
}

/** Equal bit for bit (NaN to NaN, -0 to -0). */
function expectSameBits(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) if (!Object.is(actual[i], expected[i])) expect([i, actual[i]]).toEqual([i, expected[i]]);
}

describe('addSums (WebAssembly) against the JS loops', () => {
  const cases: [string, (n: number, rnd: () => number) => NumberArray][] = [
    ['int8', (n, rnd) => Int8Array.from({ length: n }, () => Math.floor(rnd() * 256) - 128)],
    ['uint32', (n, rnd) => Uint32Array.from({ length: n }, () => Math.floor(rnd() * 2 ** 32))],
    ['float32', (n, rnd) => Float32Array.from(floats(n, rnd, false))],
    ['float64', (n, rnd) => floats(n, rnd, false)],
    ['float64 with NaN and infinities', (n, rnd) => floats(n, rnd, true)],
  ];
  for (const [name, make] of cases) {
    for (const groups of [1, 100, SUM_KERNEL_GROUPS]) {
      // Rows within one block, and past it (blocks of 16384).
      for (const rows of [0, 1, 5000, 40000]) {
        it(`${name}, ${groups} groups, ${rows} rows`, () => {
          const rnd = random(groups * 31 + rows);
          const values = make(rows + 3, rnd);
          const gids = gidsOf(rows + 3, groups, rnd);
          for (const compensated of [false, true]) {
            // Triples that already hold sums, as after earlier chunks.
            const start = floats(3 * groups, rnd, false);
            const expected = start.slice();
            (compensated ? referenceCompensated : referenceExact)(expected, values, gids, rows);
            const st = start.slice();
            expect(addSums(compensated, st, groups, values, gids, rows)).toBe(true);
            expectSameBits(st, expected);
          }
        });
      }
    }
  }

  it('leaves more groups than it takes, and fewer values or ids than rows, to the caller, untouched', () => {
    const groups = SUM_KERNEL_GROUPS + 1;
    const st = new Float64Array(3 * groups).fill(2);
    expect(addSums(false, st, groups, Float64Array.of(1), Int32Array.of(0), 1)).toBe(false);
    expect(addSums(false, st, 1, Float64Array.of(1), Int32Array.of(0, 0), 2)).toBe(false);
    expect(addSums(true, st, 1, Float64Array.of(1, 1), Int32Array.of(0), 2)).toBe(false);
    expect(st.every((x) => x === 2)).toBe(true);
  });
});

describe('SumState over the kernel', () => {
  it('gives the same sums and means at every chunk size, and the same as past the groups the kernel takes', () => {
    const rows = 30000;
    const rnd = random(5);
    const values = floats(rows, rnd, false);
    const ints = Int16Array.from({ length: rows }, () => Math.floor(rnd() * 65536) - 32768);
    for (const groups of [100, SUM_KERNEL_GROUPS + 1]) {
      const gids = gidsOf(rows, groups, rnd);
      const expectedMean = new Float64Array(3 * groups);
      referenceCompensated(expectedMean, values, gids, rows);
      const expectedSum = new Float64Array(3 * groups);
      referenceExact(expectedSum, ints, gids, rows);
      for (const chunk of [1, 2, 7, 64, 20000, rows]) {
        const mean = new SumState('mean');
        const sum = new SumState('sum');
        mean.resize(groups);
        sum.resize(groups);
        for (let at = 0; at < rows; at += chunk) {
          const n = Math.min(chunk, rows - at);
          mean.update(new NumberColumn('float64', values.subarray(at, at + n)), gids.subarray(at, at + n), n);
          sum.update(new NumberColumn('int16', ints.subarray(at, at + n)), gids.subarray(at, at + n), n);
        }
        const means = mean.finalize(groups);
        const sums = sum.finalize(groups);
        // The groups whose mean or sum differs (one expect, not one per group: 131073 groups are checked).
        const wrong: number[] = [];
        for (let g = 0; g < groups; g++) {
          const [s, c, count] = expectedMean.subarray(3 * g, 3 * g + 3);
          if (!Object.is(means.get(g), count === 0 ? null : (s + c) / count)) wrong.push(g);
          else if (Number(sums.get(g)) !== (expectedSum[3 * g + 2] === 0 ? 0 : expectedSum[3 * g])) wrong.push(g);
        }
        expect(wrong).toEqual([]);
      }
    }
  });
});
