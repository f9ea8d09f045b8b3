import { bitmapByteLength } from './bitmap.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn, Utf8Column } from './column.js';

/** The rows `indices` of a column, in that order (a gather). */
export function takeColumn(column: Column, indices: Int32Array): Column {
  const n = indices.length;
  let validity: Uint8Array | null = null;
  if (column.validity !== null) {
    const src = column.validity;
    validity = new Uint8Array(bitmapByteLength(n));
    for (let j = 0; j < n; j++) {
      const i = indices[j];
      if ((src[i >>> 3] >>> (i & 7)) & 1) validity[j >>> 3] |= 1 << (j & 7);
    }
  }
  if (column instanceof NumberColumn) {
    const src = column.values;
    const values = new (src.constructor as new (n: number) => typeof src)(n);
    for (let j = 0; j < n; j++) values[j] = src[indices[j]];
    return new NumberColumn(column.dtype, values, validity);
  }
  if (column instanceof BigIntColumn) {
    const values = new BigInt64Array(n);
    for (let j = 0; j < n; j++) values[j] = column.values[indices[j]];
    return new BigIntColumn(column.dtype, values, validity);
  }
  if (column instanceof BoolColumn) {
    const bits = new Uint8Array(bitmapByteLength(n));
    for (let j = 0; j < n; j++) {
      const i = indices[j];
      if ((column.values[i >>> 3] >>> (i & 7)) & 1) bits[j >>> 3] |= 1 << (j & 7);
    }
    return new BoolColumn(bits, n, validity);
  }
  if (column instanceof CategoricalColumn) {
    const src = column.codes;
    const codes = new (src.constructor as new (n: number) => typeof src)(n);
    for (let j = 0; j < n; j++) codes[j] = src[indices[j]];
    return new CategoricalColumn(codes, column.dictionary, validity);
  }
  const { offsets, data } = column;
  const outOffsets = new Int32Array(n + 1);
  let size = 0;
  for (let j = 0; j < n; j++) {
    const i = indices[j];
    size += offsets[i + 1] - offsets[i];
    outOffsets[j + 1] = size;
  }
  const outData = new Uint8Array(size);
  for (let j = 0; j < n; j++) {
    const i = indices[j];
    const start = offsets[i];
    const end = offsets[i + 1];
    // Short strings (most keys and labels) byte by byte: a subarray per row costs more than the copy.
    if (end - start > 32) outData.set(data.subarray(start, end), outOffsets[j]);
    else for (let b = start, o = outOffsets[j]; b < end; b++, o++) outData[o] = data[b];
  }
  return new Utf8Column(outOffsets, outData, validity);
}
