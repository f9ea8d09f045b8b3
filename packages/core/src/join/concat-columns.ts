import { bitmapByteLength } from '../bitmap.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn, Utf8Column } from '../column.js';
import { DfError } from '../errors/df-error.js';

/**
 * One column of the rows of `columns` in order. They must share a dtype (and, for categoricals, a dictionary):
 * run `unifyChunks` first. The join's build side is one column per field, so a row is one index.
 */
export function concatColumns(columns: readonly Column[]): Column {
  if (columns.length === 1) return columns[0];
  if (columns.length === 0) throw new DfError('internal', 'concatColumns needs a column');
  let n = 0;
  let nulls = 0;
  for (const c of columns) {
    n += c.length;
    nulls += c.nullCount;
  }
  const validity = nulls === 0 ? null : concatBits(columns, n, (c) => c.validity);
  const first = columns[0];
  if (first instanceof NumberColumn) {
    const src = first.values;
    const values = new (src.constructor as new (n: number) => typeof src)(n);
    let at = 0;
    for (const c of columns) {
      values.set((c as NumberColumn).values, at);
      at += c.length;
    }
    return new NumberColumn(first.dtype, values, validity, nulls);
  }
  if (first instanceof BigIntColumn) {
    const values = new BigInt64Array(n);
    let at = 0;
    for (const c of columns) {
      values.set((c as BigIntColumn).values, at);
      at += c.length;
    }
    return new BigIntColumn(first.dtype, values, validity, nulls);
  }
  if (first instanceof BoolColumn)
    return new BoolColumn(
      concatBits(columns, n, (c) => (c as BoolColumn).values),
      n,
      validity,
      nulls,
    );
  if (first instanceof CategoricalColumn) {
    let width = 1;
    for (const c of columns) width = Math.max(width, (c as CategoricalColumn).codes.BYTES_PER_ELEMENT);
    const codes = width === 1 ? new Uint8Array(n) : width === 2 ? new Uint16Array(n) : new Uint32Array(n);
    let at = 0;
    for (const c of columns) {
      codes.set((c as CategoricalColumn).codes, at);
      at += c.length;
    }
    return new CategoricalColumn(codes, first.dictionary, validity, nulls);
  }
  let bytes = 0;
  for (const c of columns) {
    const u = c as Utf8Column;
    bytes += u.offsets[u.length] - u.offsets[0];
  }
  const offsets = new Int32Array(n + 1);
  const data = new Uint8Array(bytes);
  let row = 0;
  let size = 0;
  for (const c of columns) {
    const u = c as Utf8Column;
    const base = u.offsets[0];
    for (let i = 0; i < u.length; i++) offsets[row + i + 1] = size + u.offsets[i + 1] - base;
    data.set(u.data.subarray(base, u.offsets[u.length]), size);
    size += u.offsets[u.length] - base;
    row += u.length;
  }
  return new Utf8Column(offsets, data, validity, nulls);
}

function concatBits(columns: readonly Column[], n: number, bitsOf: (c: Column) => Uint8Array | null): Uint8Array {
  const out = new Uint8Array(bitmapByteLength(n));
  let at = 0;
  for (const c of columns) {
    const bits = bitsOf(c);
    for (let i = 0; i < c.length; i++, at++) {
      if (bits === null || (bits[i >>> 3] >>> (i & 7)) & 1) out[at >>> 3] |= 1 << (at & 7);
    }
  }
  return out;
}
