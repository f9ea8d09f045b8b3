import type { Column } from '@df-stream/core';
import { BigIntColumn, BoolColumn, CategoricalColumn, NumberColumn, Utf8Column } from '@df-stream/core/internal';

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
