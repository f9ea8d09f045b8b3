import { expect } from 'vitest';
import {
  BigIntColumn,
  BoolColumn,
  CategoricalColumn,
  type Column,
  NumberColumn,
  Utf8Column,
  type Value,
} from '../../src/column.js';
import type { DataFrame } from '../../src/data-frame.js';
import type { DType } from '../../src/dtype.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * What a value reads back as from a column of `dtype` (the documented normalisation):
 * - `undefined` is null; NaN stays NaN (a float value, not a null);
 * - integers of an int64 column within ±2^53 come back as numbers, beyond as bigints;
 * - a bigint in a float column is its nearest double; float32 rounds with `Math.fround`;
 * - strings round-trip through UTF-8 (a lone surrogate becomes U+FFFD);
 * - a Date is a timestamp in microseconds since the epoch.
 */
export function readBack(value: unknown, dtype: DType): Value {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime() * 1000;
  if (dtype === 'utf8' || dtype === 'categorical') {
    return new TextDecoder().decode(new TextEncoder().encode(String(value)));
  }
  if (typeof value === 'bigint') {
    if (dtype === 'float64' || dtype === 'float32') return dtype === 'float32' ? Math.fround(Number(value)) : Number(value);
    return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value;
  }
  if (typeof value === 'number') {
    if (dtype === 'float32') return Math.fround(value);
    if (dtype === 'int64' && Number.isInteger(value) && Math.abs(value) > Number.MAX_SAFE_INTEGER) return BigInt(value);
    return value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  throw new TypeError(`no read-back rule for ${typeof value}`);
}

export interface ExpectedFrame {
  readonly dtypes?: Readonly<Record<string, DType>>;
  /** Values as they read back (see `readBack`); compared with Object.is (NaN equals NaN, -0 is not 0). */
  readonly columns: Readonly<Record<string, readonly Value[]>>;
}

/** Asserts column names (in order), dtypes and values of a frame, plus the invariants every frame keeps. */
export function expectFrameEqual(actual: DataFrame, expected: ExpectedFrame): void {
  expect(actual.columns).toEqual(Object.keys(expected.columns));
  if (expected.dtypes !== undefined) expect(dtypesOf(actual)).toEqual(expected.dtypes);
  expect(actual.toColumns()).toStrictEqual(expected.columns);
  expectConsistent(actual);
}

/** Every chunk follows the frame's schema; row counts add up; null counts match the values. */
export function expectConsistent(df: DataFrame): void {
  let rows = 0;
  for (const chunk of df.chunks) {
    expect(chunk.schema.equals(df.schema)).toBe(true);
    for (const column of chunk.columns) {
      expect(column.length).toBe(chunk.numRows);
      let nulls = 0;
      for (let i = 0; i < column.length; i++) if (column.get(i) === null) nulls++;
      expect(column.nullCount).toBe(nulls);
      // A validity bitmap is there exactly when the chunk has nulls.
      expect(column.validity !== null).toBe(nulls > 0);
    }
    rows += chunk.numRows;
  }
  expect(df.numRows).toBe(rows);
}

export function dtypesOf(df: DataFrame): Record<string, DType> {
  return Object.fromEntries(df.schema.fields.map((f) => [f.name, f.dtype]));
}

/** Reference byte count of a column's own buffers, read from its fields (not from `buffers()`). */
export function ownBufferBytes(column: Column): number {
  const validity = column.validity?.byteLength ?? 0;
  if (column instanceof NumberColumn || column instanceof BigIntColumn || column instanceof BoolColumn) {
    return column.values.byteLength + validity;
  }
  if (column instanceof Utf8Column) return column.offsets.byteLength + column.data.byteLength + validity;
  if (column instanceof CategoricalColumn) return column.codes.byteLength + validity;
  throw new TypeError('unknown column class');
}

/** Values of one column chunk as the public API returns them. */
export function columnValues(column: Column): Value[] {
  return Array.from({ length: column.length }, (_, i) => column.get(i));
}
