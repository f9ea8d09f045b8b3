import type { DataFrame, DType, Value } from '@df-stream/core';
import { expect } from 'vitest';

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

/** Column name to dtype, in schema order. */
export function dtypesOf(df: DataFrame): Record<string, DType> {
  return Object.fromEntries(df.schema.fields.map((f) => [f.name, f.dtype]));
}
