import { bitmapByteLength } from '../bitmap.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, codeArrayFor, NumberColumn, Utf8Column } from '../column.js';
import type { NumberArray } from '../dtype.js';

/**
 * Rows picked from several columns of one dtype (and, for categoricals, one dictionary): row j of the result is
 * row `rows[j]` of `sources[src[j]]`. What a merge of sorted runs and a top-k heap emit.
 */
export function gatherRows(sources: readonly Column[], src: Int32Array, rows: Int32Array, n: number): Column {
  const first = sources[0];
  let validity: Uint8Array | null = null;
  if (sources.some((c) => c.validity !== null)) {
    validity = new Uint8Array(bitmapByteLength(n));
    for (let j = 0; j < n; j++) {
      const bits = sources[src[j]].validity;
      const i = rows[j];
      if (bits === null || ((bits[i >>> 3] >>> (i & 7)) & 1) === 1) validity[j >>> 3] |= 1 << (j & 7);
    }
  }
  if (first instanceof NumberColumn) {
    const values = new (first.values.constructor as new (n: number) => NumberArray)(n);
    const from = sources.map((c) => (c as NumberColumn).values);
    for (let j = 0; j < n; j++) values[j] = from[src[j]][rows[j]];
    return new NumberColumn(first.dtype, values, validity);
  }
  if (first instanceof BigIntColumn) {
    const values = new BigInt64Array(n);
    const from = sources.map((c) => (c as BigIntColumn).values);
    for (let j = 0; j < n; j++) values[j] = from[src[j]][rows[j]];
    return new BigIntColumn(first.dtype, values, validity);
  }
  if (first instanceof BoolColumn) {
    const bits = new Uint8Array(bitmapByteLength(n));
    const from = sources.map((c) => (c as BoolColumn).values);
    for (let j = 0; j < n; j++) {
      const i = rows[j];
      if ((from[src[j]][i >>> 3] >>> (i & 7)) & 1) bits[j >>> 3] |= 1 << (j & 7);
    }
    return new BoolColumn(bits, n, validity);
  }
  if (first instanceof CategoricalColumn) {
    const codes = codeArrayFor(first.dictionary.size, n);
    const from = sources.map((c) => (c as CategoricalColumn).codes);
    for (let j = 0; j < n; j++) codes[j] = from[src[j]][rows[j]];
    return new CategoricalColumn(codes, first.dictionary, validity);
  }
  const utf8 = sources as readonly Utf8Column[];
  const offsets = new Int32Array(n + 1);
  let size = 0;
  for (let j = 0; j < n; j++) {
    const o = utf8[src[j]].offsets;
    size += o[rows[j] + 1] - o[rows[j]];
    offsets[j + 1] = size;
  }
  const data = new Uint8Array(size);
  for (let j = 0; j < n; j++) {
    const c = utf8[src[j]];
    const i = rows[j];
    const start = c.offsets[i];
    const end = c.offsets[i + 1];
    if (end - start <= 16) for (let k = start, at = offsets[j]; k < end; k++, at++) data[at] = c.data[k];
    else data.set(c.data.subarray(start, end), offsets[j]);
  }
  return new Utf8Column(offsets, data, validity);
}

/** Columns of one dtype (one dictionary for categoricals) one after the other. */
export function concatColumns(columns: readonly Column[]): Column {
  if (columns.length === 1) return columns[0];
  const n = columns.reduce((s, c) => s + c.length, 0);
  let validity: Uint8Array | null = null;
  if (columns.some((c) => c.validity !== null)) {
    validity = new Uint8Array(bitmapByteLength(n));
    let at = 0;
    for (const c of columns) {
      const bits = c.validity;
      for (let i = 0; i < c.length; i++, at++) if (bits === null || ((bits[i >>> 3] >>> (i & 7)) & 1) === 1) validity[at >>> 3] |= 1 << (at & 7);
    }
  }
  const first = columns[0];
  if (first instanceof NumberColumn || first instanceof BigIntColumn || first instanceof CategoricalColumn) {
    const arrays = columns.map((c) => (c instanceof CategoricalColumn ? c.codes : (c as NumberColumn | BigIntColumn).values));
    const widest =
      first instanceof CategoricalColumn ? codeArrayFor(first.dictionary.size, n) : new (arrays[0].constructor as new (n: number) => NumberArray | BigInt64Array)(n);
    let at = 0;
    for (const a of arrays) {
      (widest as Uint32Array).set(a as Uint32Array, at);
      at += a.length;
    }
    if (first instanceof CategoricalColumn) return new CategoricalColumn(widest as Uint32Array, first.dictionary, validity);
    if (first instanceof BigIntColumn) return new BigIntColumn(first.dtype, widest as BigInt64Array, validity);
    return new NumberColumn(first.dtype, widest as NumberArray, validity);
  }
  if (first instanceof BoolColumn) {
    const bits = new Uint8Array(bitmapByteLength(n));
    let at = 0;
    for (const c of columns as readonly BoolColumn[]) {
      for (let i = 0; i < c.length; i++, at++) if ((c.values[i >>> 3] >>> (i & 7)) & 1) bits[at >>> 3] |= 1 << (at & 7);
    }
    return new BoolColumn(bits, n, validity);
  }
  const utf8 = columns as readonly Utf8Column[];
  const size = utf8.reduce((s, c) => s + c.offsets[c.length] - c.offsets[0], 0);
  const offsets = new Int32Array(n + 1);
  const data = new Uint8Array(size);
  let row = 0;
  let byte = 0;
  for (const c of utf8) {
    const base = c.offsets[0];
    for (let i = 1; i <= c.length; i++) offsets[row + i] = byte + c.offsets[i] - base;
    data.set(c.data.subarray(base, c.offsets[c.length]), byte);
    byte += c.offsets[c.length] - base;
    row += c.length;
  }
  return new Utf8Column(offsets, data, validity);
}
