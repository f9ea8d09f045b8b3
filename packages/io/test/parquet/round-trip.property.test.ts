import { join } from 'node:path';
import { DataFrame, type DType } from '@df-stream/core';
import { makeTestDir } from '@df-stream/test-utils';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { readFeather, writeFeather } from '../../src/feather/index.js';
import { readParquet, writeParquet } from '../../src/parquet/index.js';

const { dir } = makeTestDir('df-stream-roundtrip');

const int = (bits: number, signed: boolean) => (signed ? fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 }) : fc.integer({ min: 0, max: 2 ** bits - 1 }));

/** A value generator per dtype, in the form the builders take. */
const VALUES: Record<DType, fc.Arbitrary<unknown>> = {
  bool: fc.boolean(),
  int8: int(8, true),
  int16: int(16, true),
  int32: int(32, true),
  int64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  uint8: int(8, false),
  uint16: int(16, false),
  uint32: int(32, false),
  float32: fc.float({ noDefaultInfinity: false }).map(Math.fround),
  float64: fc.double(),
  utf8: fc.string({ unit: 'grapheme', maxLength: 12 }),
  categorical: fc.constantFrom('red', 'green', 'blue', 'ünïcødé', ''),
  date: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  timestamp: fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }),
};
const DTYPE_NAMES = Object.keys(VALUES) as DType[];

const frames = fc
  .record({
    dtypes: fc.array(fc.constantFrom(...DTYPE_NAMES), { minLength: 1, maxLength: 6 }),
    rows: fc.integer({ min: 0, max: 60 }),
    chunkSize: fc.integer({ min: 1, max: 25 }),
    nullRate: fc.constantFrom(0, 0.2, 1),
  })
  .chain(({ dtypes, rows, chunkSize, nullRate }) =>
    fc
      .tuple(
        ...dtypes.map((dtype) =>
          fc.array(
            fc.oneof(
              { weight: nullRate === 1 ? 1 : 0, arbitrary: fc.constant(null) },
              { weight: nullRate === 0.2 ? 4 : nullRate === 0 ? 1 : 0, arbitrary: VALUES[dtype] },
              { weight: nullRate === 0.2 ? 1 : 0, arbitrary: fc.constant(null) },
            ),
            { minLength: rows, maxLength: rows },
          ),
        ),
      )
      .map((columns) => {
        const names = dtypes.map((d, i) => `${d}_${i}`);
        return DataFrame.fromColumns(Object.fromEntries(names.map((n, i) => [n, columns[i]])), {
          dtypes: Object.fromEntries(names.map((n, i) => [n, dtypes[i]])),
          chunkSize,
        });
      }),
  );

it('frame -> Parquet -> frame -> Feather -> frame keeps every value and null, for all dtypes', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(frames, async (df) => {
      const parquet = join(dir, `p${run}.parquet`);
      const feather = join(dir, `f${run++}.feather`);
      await writeParquet(df, parquet, { rowGroupSize: 17 });
      const fromParquet = await readParquet(parquet, { chunkSize: 13 });
      await writeFeather(fromParquet, feather);
      const back = await readFeather(feather);
      expect(back.columns).toEqual(df.columns);
      expect(back.numRows).toBe(df.numRows);
      expect(back.toColumns()).toEqual(df.toColumns());
      // Strings stay strings, numbers stay numbers: only integer widths (downcasting) and a string column's storage may
      // change (the Parquet reader makes a dictionary-encoded column categorical, as the CSV reader does few distinct values).
      back.schema.fields.forEach((f, j) => {
        const was = df.schema.fields[j].dtype;
        if (df.column(f.name).nullCount < df.numRows) expect(kind(f.dtype), f.name).toBe(kind(was));
      });
    }),
    { numRuns: 40, seed: 20_240_601 },
  );
});

function kind(dtype: DType): string {
  if (dtype.startsWith('int') || dtype.startsWith('uint')) return 'int';
  if (dtype === 'categorical' || dtype === 'utf8') return 'string';
  return dtype;
}
