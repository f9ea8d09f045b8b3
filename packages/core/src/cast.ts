import { BigIntColumn, type Column, NumberColumn } from './column.js';
import { ColumnBuilder } from './column-builder.js';
import type { Dictionary } from './dictionary.js';
import { type DType, isFloatDType, isIntegerDType } from './dtype.js';
import { newNumberArray } from './new-number-array.js';
import { valueText } from './value-text.js';

/**
 * Casts a column to a wider dtype: a narrower integer to a wider one or to float, anything to utf8,
 * or an all-null column to any dtype. Used to give every chunk of a column one dtype.
 */
export function castColumn(column: Column, dtype: DType, dictionary?: Dictionary): Column {
  if (column.dtype === dtype) return column;
  const { validity, nullCount } = column;
  if (column instanceof NumberColumn && column.dtype !== 'date') {
    if (dtype === 'int64') {
      const values = new BigInt64Array(column.length);
      for (let i = 0; i < column.length; i++) values[i] = BigInt(column.values[i]);
      return new BigIntColumn('int64', values, validity, nullCount);
    }
    if ((isIntegerDType(dtype) || isFloatDType(dtype)) && (isFloatDType(dtype) || isIntegerDType(column.dtype))) {
      const values = newNumberArray(dtype, column.length);
      values.set(column.values);
      return new NumberColumn(dtype as NumberColumn['dtype'], values, validity, nullCount);
    }
  }
  if (column instanceof NumberColumn && column.dtype === 'date' && dtype === 'timestamp') {
    // Midnight of the day: a column that holds dates and timestamps is a timestamp column.
    const values = new BigInt64Array(column.length);
    for (let i = 0; i < column.length; i++) values[i] = BigInt(column.values[i]) * 86_400_000_000n;
    return new BigIntColumn('timestamp', values, validity, nullCount);
  }
  if (column instanceof BigIntColumn && column.dtype === 'int64' && isFloatDType(dtype)) {
    const values = dtype === 'float32' ? new Float32Array(column.length) : new Float64Array(column.length);
    for (let i = 0; i < column.length; i++) values[i] = Number(column.values[i]);
    return new NumberColumn(dtype, values, validity, nullCount);
  }
  // Everything else goes value by value through a builder with the target dtype forced.
  const builder = new ColumnBuilder({ dtype, dictionary });
  const allNull = column.nullCount === column.length;
  const toText = dtype === 'utf8' || dtype === 'categorical';
  for (let i = 0; i < column.length; i++) {
    const v = allNull ? null : column.get(i);
    builder.append(v === null || toText ? valueText(v, column.dtype) : v);
  }
  return builder.finish();
}
