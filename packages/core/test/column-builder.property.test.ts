import { dtypesOf, expectFrameEqual, readBack } from '@df-stream/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataFrame } from '../src/data-frame.js';
import type { DType } from '../src/dtype.js';

/**
 * Build -> read back, for random values of each kind and random chunk sizes: the frame holds the
 * values as documented (see `readBack`), in the dtype a straightforward reference picks, and neither
 * depends on how the rows were chunked.
 */

const withNulls = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> =>
  fc.oneof({ arbitrary: arb, weight: 6 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 });

const INT_BOUNDARIES = [
  0,
  1,
  -1,
  127,
  128,
  -128,
  -129,
  255,
  256,
  32767,
  32768,
  -32768,
  -32769,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
];

const ints = fc.oneof(fc.integer({ min: -200, max: 200 }), fc.integer(), fc.constantFrom(...INT_BOUNDARIES));
const floats = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, -0, 0, Infinity, -Infinity, 0.1, 2 ** 53, 2 ** 60, 2 ** 64, -(2 ** 63), Number.MIN_VALUE),
  fc.integer({ min: -1000, max: 1000 }),
);
const strings = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('', 'Oslo', 'Zürich', '東京', '😀', 'a,b"c\n'));
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const bigints = fc.oneof(
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
  fc.bigInt({ min: -300n, max: 300n }),
  fc.constantFrom(INT64_MIN, INT64_MAX, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 31n),
);

const SIGNED: readonly [DType, number | bigint, number | bigint][] = [
  ['int8', -128, 127],
  ['int16', -32768, 32767],
  ['int32', -(2 ** 31), 2 ** 31 - 1],
];

/** Reference: the narrowest signed type holding every integer, by direct comparison. */
function narrowest(values: readonly (number | bigint)[]): DType {
  for (const [dtype, lo, hi] of SIGNED) if (values.every((v) => v >= lo && v <= hi)) return dtype;
  return 'int64';
}

const present = <T>(values: readonly (T | null | undefined)[]): T[] => values.filter((v): v is T => v !== null && v !== undefined);

/** Reference dtype of a column of numbers: integers (not -0) within int64 are ints, anything else float64. */
function numberDType(values: readonly (number | null | undefined)[]): DType {
  const xs = present(values);
  const integral = xs.every((v) => Number.isInteger(v) && !Object.is(v, -0) && v >= -(2 ** 63) && v < 2 ** 63);
  return integral ? narrowest(xs) : 'float64';
}

const KINDS = {
  ints: { values: ints, dtype: numberDType },
  floats: { values: floats, dtype: numberDType },
  strings: { values: strings, dtype: (): DType => 'categorical' },
  booleans: { values: fc.boolean(), dtype: (): DType => 'bool' },
  bigints: { values: bigints, dtype: (xs: readonly (bigint | null | undefined)[]): DType => narrowest(present(xs)) },
} as const;

type Kind = keyof typeof KINDS;

function frameArb(kind: Kind) {
  return fc.integer({ min: 0, max: 60 }).chain((n) =>
    fc.record({
      values: fc.array(withNulls(KINDS[kind].values as fc.Arbitrary<unknown>), { minLength: n, maxLength: n }),
      chunkSize: fc.integer({ min: 1, max: n + 2 }),
      viaRecords: fc.boolean(),
    }),
  );
}

describe('build -> read back', () => {
  for (const kind of Object.keys(KINDS) as Kind[]) {
    it(`${kind}: values and dtype survive any chunking`, () => {
      fc.assert(
        fc.property(frameArb(kind), ({ values, chunkSize, viaRecords }) => {
          const allNull = present(values).length === 0;
          const dtype = allNull ? 'int8' : (KINDS[kind].dtype as (xs: readonly unknown[]) => DType)(values);
          const df = viaRecords
            ? DataFrame.fromRecords(
                values.map((v) => (v === undefined ? {} : { x: v })),
                { chunkSize },
              )
            : DataFrame.fromColumns({ x: values }, { chunkSize });
          if (viaRecords && values.every((v) => v === undefined)) {
            // No record has the key: there is no column at all.
            expect(df.columns).toEqual([]);
            return;
          }
          expectFrameEqual(df, { dtypes: { x: dtype }, columns: { x: values.map((v) => readBack(v, dtype)) } });
          expect(df.chunks.length).toBe(Math.max(1, Math.ceil(values.length / chunkSize)));
          // The same as one chunk.
          const whole = DataFrame.fromColumns({ x: values });
          expect(dtypesOf(whole)).toEqual(dtypesOf(df));
          expect(whole.toColumns()).toStrictEqual(df.toColumns());
        }),
      );
    });
  }

  it('all kinds side by side in one frame, with slices', () => {
    const n = fc.integer({ min: 1, max: 40 });
    const arb = n.chain((len) =>
      fc.record({
        columns: fc.record(
          Object.fromEntries(
            (Object.keys(KINDS) as Kind[]).map((k) => [k, fc.array(withNulls(KINDS[k].values as fc.Arbitrary<unknown>), { minLength: len, maxLength: len })]),
          ) as Record<Kind, fc.Arbitrary<unknown[]>>,
        ),
        chunkSize: fc.integer({ min: 1, max: len + 1 }),
        start: fc.integer({ min: -len - 2, max: len + 2 }),
        end: fc.integer({ min: -len - 2, max: len + 2 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ columns, chunkSize, start, end }) => {
        const df = DataFrame.fromColumns(columns, { chunkSize });
        const expected = Object.fromEntries(
          (Object.keys(columns) as Kind[]).map((k) => {
            const dtype = df.schema.field(k).dtype;
            return [k, columns[k].map((v) => readBack(v, dtype)).slice(start, end)];
          }),
        );
        expectFrameEqual(df.slice(start, end), { dtypes: dtypesOf(df), columns: expected });
      }),
    );
  });

  it('mixed kinds in one column read back the same whatever the chunking', () => {
    const dates = fc.date({ min: new Date(-1e14), max: new Date(1e14), noInvalidDate: true });
    // Bigints stay within ±2^53 here: in one chunk, int64 then a fraction then a string goes through
    // float64 (documented int64 + float -> float64), which rounds bigints that a double cannot hold.
    const safeBigints = fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n });
    // The same holds for integer-valued doubles past 2^53 (-2^63, 2^60): the builder stores them as int64 too.
    const safe = (v: number) => !(Number.isInteger(v) && Math.abs(v) > Number.MAX_SAFE_INTEGER);
    const mixed = withNulls(fc.oneof(ints, floats.filter(safe), strings, fc.boolean(), safeBigints, dates));
    fc.assert(
      fc.property(fc.array(mixed, { maxLength: 30 }), fc.integer({ min: 1, max: 8 }), (values, chunkSize) => {
        const whole = DataFrame.fromColumns({ x: values });
        const chunked = DataFrame.fromColumns({ x: values }, { chunkSize });
        expect(chunked.toColumns()).toStrictEqual(whole.toColumns());
      }),
    );
  });
});
