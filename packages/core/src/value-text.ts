import type { Value } from './column.js';
import type { DType } from './dtype.js';
import { isoDate, isoTimestamp } from './iso-text.js';

/**
 * A value as text, the way a column of `from` values becomes a string column: dates `YYYY-MM-DD`, timestamps ISO 8601
 * to the microsecond (`isoTimestamp`), bools `true`/`false`, numbers `String(v)`. Casting earlier chunks and widening the
 * chunk being built both use it, so the text does not depend on where a chunk boundary fell.
 */
export function valueText(v: Value, from: DType): string | null {
  if (v === null) return null;
  if (from === 'timestamp') return isoTimestamp(BigInt(v as number | bigint));
  if (from === 'date') return isoDate(v as number);
  return String(v);
}
