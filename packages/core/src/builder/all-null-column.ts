import { bitmapByteLength } from '../bitmap.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, codeArrayFor, NumberColumn, Utf8Column } from '../column.js';
import type { Dictionary } from '../dictionary.js';
import type { DType } from '../dtype.js';
import { newNumberArray } from '../new-number-array.js';

/**
 * A chunk of `n` nulls in `dtype`: what a column that has seen no value yet (or Arrow's Null type) emits, in
 * the dtype its schema announced. A categorical one shares the column's dictionary.
 */
export function allNullColumn(dtype: DType, n: number, dictionary: Dictionary): Column {
  const none = new Uint8Array(bitmapByteLength(n));
  switch (dtype) {
    case 'bool':
      return new BoolColumn(new Uint8Array(bitmapByteLength(n)), n, none, n);
    case 'int64':
    case 'timestamp':
      return new BigIntColumn(dtype, new BigInt64Array(n), none, n);
    case 'utf8':
      return new Utf8Column(new Int32Array(n + 1), new Uint8Array(0), none, n);
    case 'categorical':
      return new CategoricalColumn(codeArrayFor(dictionary.size, n), dictionary, none, n);
    default:
      return new NumberColumn(dtype, newNumberArray(dtype, n), none, n);
  }
}
