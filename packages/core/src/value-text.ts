import type { Value } from './column.js';
import type { DType } from './dtype.js';

/**
 * A value as text, the way a column of `from` values becomes a string column: dates `YYYY-MM-DD`, timestamps ISO 8601
 * (`Date.prototype.toISOString`), bools `true`/`false`, numbers `String(v)`. Casting earlier chunks and widening the
 * chunk being built both use it, so the text does not depend on where a chunk boundary fell.
 */
export function valueText(v: Value, from: DType): string | null {
  if (v === null) return null;
  if (from === 'timestamp') return new Date(Number(BigInt(v as number | bigint) / 1000n)).toISOString();
  if (from === 'date') return new Date((v as number) * 86_400_000).toISOString().slice(0, 10);
  return String(v);
}
