import { bitmapByteLength } from '../bitmap.js';
import { allNullColumn } from '../builder/all-null-column.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn, Utf8Column } from '../column.js';
import { Dictionary } from '../dictionary.js';
import { takeColumn } from '../take.js';

/**
 * The rows `indices` of a column (`takeColumn`), where an index of -1 gives a null: the outer side of a join
 * row that matched nothing.
 */
export function takeOrNull(column: Column, indices: Int32Array): Column {
  let missing = 0;
  for (let j = 0; j < indices.length; j++) if (indices[j] < 0) missing++;
  if (missing === 0) return takeColumn(column, indices);
  const n = indices.length;
  if (missing === n || column.length === 0) {
    return allNullColumn(column.dtype, n, column instanceof CategoricalColumn ? column.dictionary : new Dictionary());
  }
  const safe = new Int32Array(n);
  const valid = new Uint8Array(bitmapByteLength(n));
  for (let j = 0; j < n; j++) {
    const i = indices[j];
    if (i >= 0) {
      safe[j] = i;
      valid[j >>> 3] |= 1 << (j & 7);
    }
  }
  const taken = takeColumn(column, safe);
  if (taken.validity !== null) for (let b = 0; b < valid.length; b++) valid[b] &= taken.validity[b];
  return withValidity(taken, valid);
}

function withValidity(c: Column, validity: Uint8Array): Column {
  if (c instanceof NumberColumn) return new NumberColumn(c.dtype, c.values, validity);
  if (c instanceof BigIntColumn) return new BigIntColumn(c.dtype, c.values, validity);
  if (c instanceof BoolColumn) return new BoolColumn(c.values, c.length, validity);
  if (c instanceof CategoricalColumn) return new CategoricalColumn(c.codes, c.dictionary, validity);
  const u = c as Utf8Column;
  return new Utf8Column(u.offsets, u.data, validity);
}
