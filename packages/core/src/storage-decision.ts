import { CategoricalColumn, type Column } from './column.js';
import { type DType, isIntegerDType } from './dtype.js';
import { formatBytes } from './format-table.js';

/**
 * Why a column takes the bytes it does, in a few words: the storage decision the readers and builders made
 * (`downcast from int64 to int8`, `categorical: 16 distinct, 580 B dictionary`). `df-stream schema`, `info()` and
 * the memory chart show it.
 */
export function storageDecision(dtype: DType, chunks: readonly Column[]): string {
  if (dtype === 'categorical') {
    const dict = chunks.find((c): c is CategoricalColumn => c instanceof CategoricalColumn)?.dictionary;
    return `categorical: ${dict?.size ?? 0} distinct, ${formatBytes(dict?.byteLength ?? 0)} dictionary`;
  }
  if (dtype === 'utf8') return 'utf8: too many distinct values for a dictionary';
  if (isIntegerDType(dtype) && dtype !== 'int64') return `downcast from int64 to ${dtype}`;
  if (dtype === 'bool') return 'bool: one bit a value';
  if (dtype === 'date') return 'date: int32 days';
  if (dtype === 'timestamp') return 'timestamp: int64 microseconds';
  return dtype;
}
