import { castColumn } from '../cast.js';
import { CategoricalColumn, type Column } from '../column.js';
import { type DType, supertype } from '../dtype.js';
import { takeColumn } from '../take.js';
import { concatColumns } from './concat-columns.js';

/**
 * Row by row, `a`'s value where it has one, else `b`'s: a USING key of a right or full join, where a row that
 * matched nothing on the left has only the right's key. Categoricals on different dictionaries become utf8 (one
 * string per distinct pair of rows would otherwise be interned into a dictionary the reader still owns).
 */
export function coalesceColumns(a: Column, b: Column): Column {
  if (a.nullCount === 0) return a;
  let dtype: DType = a.dtype === b.dtype ? a.dtype : supertype(a.dtype, b.dtype);
  if (dtype === 'categorical' && !(a instanceof CategoricalColumn && b instanceof CategoricalColumn && a.dictionary === b.dictionary)) dtype = 'utf8';
  const x = castColumn(a, dtype);
  const y = castColumn(b, dtype);
  const n = a.length;
  const pick = new Int32Array(n);
  for (let i = 0; i < n; i++) pick[i] = x.isValid(i) ? i : n + i;
  return takeColumn(concatColumns([x, y]), pick);
}
