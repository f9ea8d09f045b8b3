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
    gatherBits(
      sources.map((c) => (c as NumberColumn).values),
      values,
      src,
      rows,
      n,
    );
    return new NumberColumn(first.dtype, values, validity);
  }
  if (first instanceof BigIntColumn) {
    const values = new BigInt64Array(n);
    gatherBits(
      sources.map((c) => (c as BigIntColumn).values),
      values,
      src,
      rows,
      n,
    );
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
    const from = sources.map((c) => (c as CategoricalColumn).codes);
    const widest = from.reduce((w, c) => Math.max(w, c.BYTES_PER_ELEMENT), 1);
    const codes = codeArrayFor(first.dictionary.size, n);
    if (from.every((c) => c.BYTES_PER_ELEMENT === codes.BYTES_PER_ELEMENT) && widest === codes.BYTES_PER_ELEMENT) gatherBits(from, codes, src, rows, n);
    else for (let j = 0; j < n; j++) codes[j] = from[src[j]][rows[j]];
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

/**
 * `out[j] = from[src[j]][rows[j]]` for arrays of one element width, copied as raw bits through an unsigned view
 * of that width: one loop per width keeps each loop's element reads monomorphic (a loop reading every dtype's
 * array is megamorphic and several times slower), and int64 is copied as two 32-bit halves, never as BigInts.
 */
function gatherBits(from: readonly (NumberArray | BigInt64Array)[], out: NumberArray | BigInt64Array, src: Int32Array, rows: Int32Array, n: number): void {
  const width = out.BYTES_PER_ELEMENT;
  if (width === 1) {
    const o = new Uint8Array(out.buffer, out.byteOffset, n);
    const f = from.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.length));
    for (let j = 0; j < n; j++) o[j] = f[src[j]][rows[j]];
  } else if (width === 2) {
    const o = new Uint16Array(out.buffer, out.byteOffset, n);
    const f = from.map((a) => new Uint16Array(a.buffer, a.byteOffset, a.length));
    for (let j = 0; j < n; j++) o[j] = f[src[j]][rows[j]];
  } else if (width === 4) {
    const o = new Uint32Array(out.buffer, out.byteOffset, n);
    const f = from.map((a) => new Uint32Array(a.buffer, a.byteOffset, a.length));
    for (let j = 0; j < n; j++) o[j] = f[src[j]][rows[j]];
  } else {
    const o = new Uint32Array(out.buffer, out.byteOffset, 2 * n);
    const f = from.map((a) => new Uint32Array(a.buffer, a.byteOffset, 2 * a.length));
    for (let j = 0; j < n; j++) {
      const a = f[src[j]];
      const r = 2 * rows[j];
      o[2 * j] = a[r];
      o[2 * j + 1] = a[r + 1];
    }
  }
}
