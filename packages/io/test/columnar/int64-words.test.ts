import { neededIntDType, neededIntDTypeOfRange } from '@df-stream/core/internal';
import { SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { narrowInt64Words } from '../../src/columnar/int64-narrow-kernel.js';
import { int64AsInt32 } from '../../src/columnar/int64-words.js';

/** Values around every edge of int8, int16 and int32, and past int32 on both sides. */
const EDGES = [0n, 1n, -1n, 127n, 128n, -128n, -129n, 32767n, 32768n, -32768n, -32769n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 40n];

describe('int64AsInt32', () => {
  it('narrows what fits int32, and its range gives the dtype neededIntDType measures, nulls left out', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rng = new SeededRandom(seed);
      const n = rng.int(40);
      const values = BigInt64Array.from({ length: n }, () => (rng.chance(0.7) ? BigInt(rng.int(300) - 150) : rng.pick(EDGES)));
      const withNulls = rng.chance(0.5);
      const validity = withNulls ? Uint8Array.from({ length: (n + 7) >>> 3 }, () => rng.int(256)) : null;
      const valid = (i: number): boolean => validity === null || (validity[i >>> 3] & (1 << (i & 7))) !== 0;
      const range = { min: 0, max: 0 };
      const narrow = int64AsInt32(new Int32Array(values.buffer), n, validity, range);
      const fits = [...values].every((v, i) => !valid(i) || (v >= -(2n ** 31n) && v < 2n ** 31n));
      expect(narrow !== undefined, `seed ${seed}`).toBe(fits);
      if (narrow === undefined) continue;
      for (let i = 0; i < n; i++) if (valid(i)) expect(narrow[i], `seed ${seed}, row ${i}`).toBe(Number(values[i]));
      expect(neededIntDTypeOfRange(range.min, range.max), `seed ${seed}`).toBe(neededIntDType(values, validity));
    }
  });

  it('with no valid value, the range is empty and the dtype int8', () => {
    const range = { min: 0, max: 0 };
    const narrow = int64AsInt32(new Int32Array(BigInt64Array.of(5n, -(2n ** 40n)).buffer), 2, new Uint8Array(1), range);
    expect(narrow).toBeDefined();
    expect(range.min).toBeGreaterThan(range.max);
    expect(neededIntDTypeOfRange(range.min, range.max)).toBe('int8');
  });

  it('narrows long columns without nulls in WebAssembly as the loop does: every block, quad and tail, a value past int32 anywhere', () => {
    const sizes = [256, 257, 259, 1023, 131072 + 5, 300001];
    for (let seed = 1; seed <= 24; seed++) {
      const rng = new SeededRandom(seed);
      const n = sizes[seed % sizes.length];
      const values = BigInt64Array.from({ length: n }, () => BigInt(rng.int(2 ** 20) - 2 ** 19));
      // An edge value somewhere; every other seed one past int32, which must fail the whole column.
      values[rng.int(n)] = rng.pick(EDGES);
      if (seed % 2 === 0) values[rng.int(n)] = rng.chance(0.5) ? 2n ** 31n : -(2n ** 31n) - 1n - BigInt(rng.int(5));
      const fits = values.every((v) => v >= -(2n ** 31n) && v < 2n ** 31n);
      const range = { min: 0, max: 0 };
      const out = new Int32Array(n);
      const words = new Int32Array(values.buffer);
      expect(narrowInt64Words(words, n, out, range), `seed ${seed}: the kernel is there and says whether all fit`).toBe(fits);
      const narrow = int64AsInt32(words, n, null, range);
      expect(narrow !== undefined, `seed ${seed}`).toBe(fits);
      if (narrow === undefined) continue;
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = Number(values[i]);
        if (narrow[i] !== v) expect(narrow[i], `seed ${seed}, row ${i}`).toBe(v);
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      expect([range.min, range.max], `seed ${seed}`).toEqual([min, max]);
    }
  });
});
