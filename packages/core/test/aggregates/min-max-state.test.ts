import { describe, expect, it } from 'vitest';
import { MinMaxState } from '../../src/aggregates/min-max-state.js';
import { BigIntColumn, BoolColumn, type Column, NumberColumn } from '../../src/column.js';
import type { NumberArray, NumberDType } from '../../src/dtype.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** Chunks of one column each, in these storages in turn: the values of each fit every storage it comes in. */
const MIXES: [string, [NumberDType, (rnd: () => number) => number][]][] = [
  ['int8 only', [['int8', (r) => Math.floor(r() * 256) - 128]]],
  [
    'int8, then int16, then uint8',
    [
      ['int8', (r) => Math.floor(r() * 256) - 128],
      ['int16', (r) => Math.floor(r() * 65536) - 32768],
      ['uint8', (r) => Math.floor(r() * 256)],
    ],
  ],
  [
    'int32 and uint32 (float64 holds both)',
    [
      ['int32', (r) => Math.floor(r() * 2 ** 32) - 2 ** 31],
      ['uint32', (r) => Math.floor(r() * 2 ** 32)],
    ],
  ],
  [
    'float32 with NaN, then int16',
    [
      ['float32', (r) => (r() < 0.05 ? Number.NaN : Math.fround((r() - 0.5) * 1e6))],
      ['int16', (r) => Math.floor(r() * 65536) - 32768],
    ],
  ],
  [
    'uint16, then float64 with NaN and -0',
    [
      ['uint16', (r) => Math.floor(r() * 65536)],
      ['float64', (r) => (r() < 0.05 ? Number.NaN : r() < 0.05 ? -0 : (r() - 0.5) * 1e12)],
    ],
  ],
];

const ARRAYS: Record<NumberDType, new (n: number) => NumberArray> = {
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
  date: Int32Array,
};

/** The plain rule, value by value: NaN above every number (max takes it; min only when a group has nothing else). */
function reference(mode: 'min' | 'max', values: (number | null)[], gids: number[], groups: number): (number | null)[] {
  const out: (number | null)[] = new Array(groups).fill(null);
  values.forEach((v, i) => {
    if (v === null) return;
    const b = out[gids[i]];
    if (b === null) out[gids[i]] = v;
    else if (mode === 'max' ? Number.isNaN(v) || v > b : v < b || (Number.isNaN(b) && !Number.isNaN(v))) out[gids[i]] = v;
  });
  return out;
}

describe('MinMaxState over numbers of several storages', () => {
  for (const [name, mix] of MIXES) {
    it(`${name}: the plain rule at chunk sizes 1, 7, 64 and 1000, alone and merged`, () => {
      const rnd = random(name.length);
      const groups = 300;
      const chunk = 1000;
      const columns: Column[] = [];
      const values: (number | null)[] = [];
      mix.forEach(([dtype, draw], k) => {
        for (let c = 0; c < 2; c++) {
          const array = new ARRAYS[dtype](chunk);
          const validity = new Uint8Array(chunk / 8);
          for (let i = 0; i < chunk; i++) {
            array[i] = draw(rnd);
            // Nulls in every other chunk of the first storage only.
            const valid = k > 0 || c === 0 || rnd() < 0.8;
            if (valid) validity[i >>> 3] |= 1 << (i & 7);
            values.push(valid ? array[i] : null);
          }
          columns.push(new NumberColumn(dtype, array, k === 0 && c === 1 ? validity : null));
        }
      });
      const gids = Array.from(values, () => Math.floor(rnd() * groups));
      for (const mode of ['min', 'max'] as const) {
        const expected = reference(mode, values, gids, groups);
        for (const size of [1, 7, 64, 1000]) {
          // The first half of the rows on one state, the second on another merged into it, as two threads would.
          const states = [new MinMaxState(mode, undefined), new MinMaxState(mode, undefined)];
          columns.forEach((column, c) => {
            const state = states[c < columns.length / 2 ? 0 : 1];
            state.resize(groups);
            for (let at = 0; at < chunk; at += size) {
              const n = Math.min(size, chunk - at);
              state.update(column.slice(at, at + n), Int32Array.from(gids.slice(c * chunk + at, c * chunk + at + n)), n);
            }
          });
          const alone = new MinMaxState(mode, undefined);
          alone.resize(groups);
          columns.forEach((column, c) => alone.update(column, Int32Array.from(gids.slice(c * chunk, (c + 1) * chunk)), chunk));
          states[0].merge(
            states[1].export(groups),
            Int32Array.from({ length: groups }, (_, g) => g),
          );
          for (const state of [alone, states[0]]) {
            const got = state.finalize(groups);
            const wrong = expected.flatMap((e, g) => (Object.is(got.get(g), e) ? [] : [[g, got.get(g), e]]));
            expect(wrong).toEqual([]);
          }
        }
      }
    });
  }

  it('keeps the input dtype through a merge, as one state given every row: int16 stays int16, a date a date', () => {
    for (const [dtype, values] of [
      ['int16', Int16Array.of(-5, 300, 7, -200)],
      ['date', Int32Array.of(19000, 19500, 18000, 20000)],
    ] as const) {
      const gids = Int32Array.of(0, 1, 0, 1);
      const alone = new MinMaxState('max', undefined);
      const a = new MinMaxState('max', undefined);
      const b = new MinMaxState('max', undefined);
      for (const s of [alone, a, b]) s.resize(2);
      alone.update(new NumberColumn(dtype, values), gids, 4);
      a.update(new NumberColumn(dtype, values.subarray(0, 2)), gids, 2);
      b.update(new NumberColumn(dtype, values.subarray(2)), gids, 2);
      a.merge(b.export(2), Int32Array.of(0, 1));
      const [merged, expected] = [a.finalize(2), alone.finalize(2)];
      expect(expected.dtype).toBe(dtype);
      expect(merged.dtype).toBe(dtype);
      expect([merged.get(0), merged.get(1)]).toEqual([expected.get(0), expected.get(1)]);
    }
  });

  it('keeps int8 values in a byte a group, widens only for values that need it, and narrows again when cleared', () => {
    const s = new MinMaxState('max', undefined);
    const groups = 300;
    s.resize(groups);
    const gids = Int32Array.from({ length: groups }, (_, g) => g);
    const column = (dtype: NumberDType, value: number, valid = true) => {
      const values = new ARRAYS[dtype](groups).fill(value);
      return new NumberColumn(dtype, values, valid ? null : new Uint8Array(groups / 4), valid ? 0 : groups);
    };
    // Per group: a seen flag (a byte) and the value.
    const width = () => s.byteLength / groups - 1;
    s.update(column('int8', -3), gids, groups);
    expect(width()).toBe(1);
    // All null: nothing to hold, no wider array.
    s.update(column('float64', 0.5, false), gids, groups);
    expect(width()).toBe(1);
    s.update(column('int16', 1000), gids, groups);
    expect(width()).toBe(2);
    s.update(column('uint8', 7), gids, groups);
    expect(width()).toBe(2);
    s.update(column('float32', 0.5), gids, groups);
    expect(width()).toBe(8);
    expect(s.finalize(groups).get(5)).toBe(1000);
    s.clear();
    s.update(column('int8', 9), gids, groups);
    expect(width()).toBe(1);
    expect(s.finalize(groups).get(5)).toBe(9);
  });

  it('merges a gathered export (exportGroups) of narrow values into wider ones', () => {
    const a = new MinMaxState('min', undefined);
    const b = new MinMaxState('min', undefined);
    a.resize(4);
    b.resize(4);
    a.update(new NumberColumn('float64', Float64Array.of(2.5, -1.5, 9, 4)), Int32Array.of(0, 1, 2, 3), 4);
    b.update(new NumberColumn('int8', Int8Array.of(-100, 7, 3)), Int32Array.of(0, 2, 3), 3);
    // b's groups 3 and 0, in that order, are a's groups 1 and 3.
    a.merge(b.exportGroups(Int32Array.of(3, 0)), Int32Array.of(1, 3));
    const out = a.finalize(4);
    expect([0, 1, 2, 3].map((g) => out.get(g))).toEqual([2.5, -1.5, 9, -100]);
  });

  it('gives timestamps back as timestamps, alone and merged', () => {
    const values = BigInt64Array.of(1_700_000_000_000_000n, 1_600_000_000_000_000n, 1_650_000_000_000_000n, 1_750_000_000_000_000n);
    for (const mode of ['min', 'max'] as const) {
      const alone = new MinMaxState(mode, 'timestamp');
      const a = new MinMaxState(mode, 'timestamp');
      const b = new MinMaxState(mode, 'timestamp');
      for (const s of [alone, a, b]) s.resize(2);
      alone.update(new BigIntColumn('timestamp', values), Int32Array.of(0, 0, 1, 1), 4);
      a.update(new BigIntColumn('timestamp', values.subarray(0, 2)), Int32Array.of(0, 0), 2);
      b.update(new BigIntColumn('timestamp', values.subarray(2)), Int32Array.of(1, 1), 2);
      a.merge(b.export(2), Int32Array.of(0, 1));
      for (const state of [alone, a]) {
        const out = state.finalize(2);
        expect(out.dtype).toBe('timestamp');
        expect(out instanceof BigIntColumn && [...out.values]).toEqual(
          mode === 'min' ? [1_600_000_000_000_000n, 1_650_000_000_000_000n] : [1_700_000_000_000_000n, 1_750_000_000_000_000n],
        );
      }
    }
  });

  it('takes bools as 0 and 1 beside numbers', () => {
    const s = new MinMaxState('min', undefined);
    s.resize(2);
    const bits = new Uint8Array(1);
    bits[0] = 0b10;
    s.update(new BoolColumn(bits, 2), Int32Array.of(0, 1), 2);
    s.update(new NumberColumn('int8', Int8Array.of(-3, 5)), Int32Array.of(0, 1), 2);
    const out = s.finalize(2);
    expect([Number(out.get(0)), Number(out.get(1))]).toEqual([-3, 1]);
  });
});
