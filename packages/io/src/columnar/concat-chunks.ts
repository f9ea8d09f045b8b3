import { Chunk, type Column, DfError, type NumberArray } from '@df-stream/core';
import { BigIntColumn, BoolColumn, bitmapByteLength, CategoricalColumn, codeArrayFor, getBit, NumberColumn, Utf8Column, unifyChunks } from '@df-stream/core/internal';

/** Chunks joined into one (dtypes unified first, so a widened column is cast once). */
export function concatChunks(chunks: readonly Chunk[]): Chunk {
  if (chunks.length === 1) return chunks[0];
  const { schema, chunks: unified } = unifyChunks(chunks);
  return new Chunk(
    schema,
    schema.fields.map((_, j) => concatColumns(unified.map((c) => c.columns[j]))),
  );
}

/** Columns of one dtype joined into one column (categoricals must share their dictionary). */
export function concatColumns(columns: readonly Column[]): Column {
  if (columns.length === 1) return columns[0];
  const n = columns.reduce((s, c) => s + c.length, 0);
  const validity = concatValidity(columns, n);
  const first = columns[0];
  if (first instanceof NumberColumn) {
    const values = new (first.values.constructor as new (n: number) => NumberArray)(n);
    let at = 0;
    for (const c of columns as NumberColumn[]) {
      values.set(c.values, at);
      at += c.length;
    }
    return new NumberColumn(first.dtype, values, validity);
  }
  if (first instanceof BigIntColumn) {
    const values = new BigInt64Array(n);
    let at = 0;
    for (const c of columns as BigIntColumn[]) {
      values.set(c.values, at);
      at += c.length;
    }
    return new BigIntColumn(first.dtype, values, validity);
  }
  if (first instanceof BoolColumn) {
    const bits = new Uint8Array(bitmapByteLength(n));
    let at = 0;
    for (const c of columns as BoolColumn[]) {
      for (let i = 0; i < c.length; i++, at++) if (getBit(c.values, i)) bits[at >>> 3] |= 1 << (at & 7);
    }
    return new BoolColumn(bits, n, validity);
  }
  if (first instanceof Utf8Column) {
    const parts = columns as Utf8Column[];
    const bytes = new Uint8Array(parts.reduce((s, c) => s + c.offsets[c.length] - c.offsets[0], 0));
    const offsets = new Int32Array(n + 1);
    let row = 0;
    let end = 0;
    for (const c of parts) {
      const base = c.offsets[0];
      bytes.set(c.data.subarray(base, c.offsets[c.length]), end);
      for (let i = 1; i <= c.length; i++) offsets[row + i] = end + c.offsets[i] - base;
      row += c.length;
      end = offsets[row];
    }
    return new Utf8Column(offsets, bytes, validity);
  }
  const parts = columns as CategoricalColumn[];
  const dictionary = parts[0].dictionary;
  const codes = codeArrayFor(dictionary.size, n);
  let at = 0;
  for (const c of parts) {
    if (c.dictionary !== dictionary) throw new DfError('internal', 'concatColumns: categorical chunks on different dictionaries');
    codes.set(c.codes, at);
    at += c.length;
  }
  return new CategoricalColumn(codes, dictionary, validity);
}

function concatValidity(columns: readonly Column[], n: number): Uint8Array | null {
  if (columns.every((c) => c.validity === null)) return null;
  const bits = new Uint8Array(bitmapByteLength(n));
  let at = 0;
  for (const c of columns) {
    if (c.validity === null) {
      for (let i = 0; i < c.length; i++, at++) bits[at >>> 3] |= 1 << (at & 7);
    } else {
      for (let i = 0; i < c.length; i++, at++) if (getBit(c.validity, i)) bits[at >>> 3] |= 1 << (at & 7);
    }
  }
  return bits;
}
