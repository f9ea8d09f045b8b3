import type { Column } from '@df-stream/core';
import { BigIntColumn, CategoricalColumn, NumberColumn, sliceBits, Utf8Column } from '@df-stream/core/internal';

/**
 * Rows [start, end) of `column` as views of its buffers where the layout allows (values, codes, string bytes), where
 * `Column.slice` copies them: a reader cutting a decoded page into chunks then copies nothing but validity bits and
 * string offsets (rebased to start at 0). Booleans, bit-packed, are copied.
 */
export function sliceView(column: Column, start: number, end: number): Column {
  if (start === 0 && end === column.length) return column;
  const validity = column.validity === null ? null : sliceBits(column.validity, start, end);
  if (column instanceof NumberColumn) return new NumberColumn(column.dtype, column.values.subarray(start, end), validity);
  if (column instanceof BigIntColumn) return new BigIntColumn(column.dtype, column.values.subarray(start, end), validity);
  if (column instanceof CategoricalColumn) return new CategoricalColumn(column.codes.subarray(start, end), column.dictionary, validity);
  if (column instanceof Utf8Column) {
    const base = column.offsets[start];
    const offsets = new Int32Array(end - start + 1);
    for (let i = 0; i <= end - start; i++) offsets[i] = column.offsets[start + i] - base;
    return new Utf8Column(offsets, column.data.subarray(base, column.offsets[end]), validity);
  }
  return column.slice(start, end);
}
