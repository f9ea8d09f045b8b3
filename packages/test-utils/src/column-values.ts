import type { Column, Value } from '@df-stream/core';

/** Values of one column chunk as the public API returns them. */
export function columnValues(column: Column): Value[] {
  return Array.from({ length: column.length }, (_, i) => column.get(i));
}
