import type { DataFrame, DType } from '@df-stream/core';

/** Rows as arrays of display strings: null as null, bigint and numbers through String(). */
export function rowsOf(df: DataFrame): (string | null)[][] {
  const names = df.columns;
  return df.toRecords().map((r) => names.map((n) => (r[n] === null ? null : String(r[n]))));
}

/** Schema and every value of a frame, for exact comparisons (NaN and -0 kept apart by Object.is semantics). */
export function snapshot(df: DataFrame): { schema: string; rows: unknown[][] } {
  const names = df.columns;
  return {
    schema: df.schema.toString(),
    rows: df.toRecords().map((r) =>
      names.map((n) => {
        const v = r[n];
        if (typeof v === 'bigint') return `${v}n`;
        if (typeof v === 'number' && (Number.isNaN(v) || Object.is(v, -0) || !Number.isFinite(v))) return String(Object.is(v, -0) ? '-0' : v);
        return v;
      }),
    ),
  };
}

/** `dtypes` that read every column `column_1..n` as `dtype`. */
export function allAs(count: number, dtype: DType): Record<string, DType> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`column_${i + 1}`, dtype]));
}
