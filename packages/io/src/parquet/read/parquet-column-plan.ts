import { type DType, narrowestIntDType } from '@df-stream/core';
import { SUPPORTED_CODECS } from './decode/decompress-page.js';
import { ENCODING, type ParquetColumnChunk, type ParquetLeaf, PHYSICAL } from './parquet-metadata.js';

/** How the reader turns a leaf's values into a df-stream column. */
export type ParquetValueKind = 'bool' | 'int32' | 'uint' | 'int64' | 'float32' | 'float64' | 'date' | 'timestamp' | 'string';

export interface ParquetColumnPlan {
  readonly leaf: ParquetLeaf;
  /** The leaf's index in the schema (and in each row group's chunks). */
  readonly index: number;
  readonly kind: ParquetValueKind;
  /** The dtype the schema announces: integers narrowed from the chunks' statistics when every chunk has them. */
  readonly dtype: DType;
  /** Whether integer values must be scanned for their width (some chunk had no statistics). */
  readonly sampled: boolean;
  /** Timestamps: the stored unit (1 ms, 2 us, 3 ns, as Arrow numbers them). */
  readonly unit: number;
}

const ENCODINGS: ReadonlySet<number> = new Set(Object.values(ENCODING));
const UINT_DTYPES: Record<number, DType> = { 8: 'uint8', 16: 'uint16', 32: 'uint32' };

/**
 * The plan for reading one leaf over the chunks of the row groups a scan reads, or why our reader leaves it to
 * parquet-wasm (a nested or repeated leaf, INT96, decimals, half floats, fixed-length binary, time of day, LZO, an
 * unknown encoding, a chunk kept in another file). Unsigned 64-bit values are read when they fit int64.
 *
 * Strings are categorical when the writer dictionary-encoded the first chunk's data pages with a dictionary smaller
 * than its indices (it judged the column to have few distinct values, as the CSV reader judges by its sample), so each
 * row's index becomes a code without a string being made; otherwise utf8. A dictionary that takes most of its chunk
 * holds nearly a string per row (Polars writes one per row group whatever the column): interning each row group's
 * entries into one dictionary then costs what interning every row does (0.7 s a thread of a 2.6 s read of 1e7 rows of
 * 1e5 ids), for a dictionary and key table as big as the strings. DuckDB and Polars read such columns as strings.
 * A column the footer's Arrow schema gives a dictionary type (`arrowDictionary`: ours, pyarrow's categoricals) is
 * categorical whatever its pages hold, as it was written.
 */
export function planParquetColumn(
  leaf: ParquetLeaf,
  index: number,
  chunks: readonly (ParquetColumnChunk | undefined)[],
  arrowDictionary = false,
): ParquetColumnPlan | string {
  if (leaf.nested) return `column ${leaf.name} is nested`;
  if (leaf.repetition === 2) return `column ${leaf.name} is repeated`;
  for (const chunk of chunks) {
    if (chunk === undefined) return `a chunk of column ${leaf.name} is kept outside the file's footer`;
    if (!SUPPORTED_CODECS.has(chunk.codec)) return `column ${leaf.name} uses compression codec ${chunk.codec}`;
    const unknown = chunk.encodings.find((e) => !ENCODINGS.has(e));
    if (unknown !== undefined) return `column ${leaf.name} uses encoding ${unknown}`;
  }
  const kind = valueKind(leaf);
  if ('unsupported' in kind) return kind.unsupported;
  const base = { leaf, index, kind: kind.kind, sampled: false, unit: timestampUnit(leaf) };
  switch (base.kind) {
    case 'string':
      return { ...base, dtype: arrowDictionary || (isDictionaryEncoded(chunks[0]) && !dictionaryDominates(chunks[0])) ? 'categorical' : 'utf8' };
    case 'uint':
      return { ...base, dtype: UINT_DTYPES[leaf.logical.kind === 'int' ? leaf.logical.bitWidth : 32] ?? 'uint32' };
    case 'int32':
    case 'int64': {
      // Unsigned 64-bit statistics order as unsigned: the values are scanned instead.
      const narrowed = leaf.logical.kind === 'int' && !leaf.logical.signed ? undefined : statisticsDType(leaf.physical, chunks);
      return { ...base, dtype: narrowed ?? (base.kind === 'int32' ? 'int32' : 'int64'), sampled: narrowed === undefined };
    }
    default:
      return { ...base, dtype: base.kind };
  }
}

function valueKind(leaf: ParquetLeaf): { kind: ParquetValueKind } | { unsupported: string } {
  const { physical, logical } = leaf;
  const unsupported = (what: string) => ({ unsupported: `column ${leaf.name} is ${what}` });
  const is = (kind: ParquetValueKind) => ({ kind });
  if (logical.kind === 'other') return unsupported(`of type ${logical.name}`);
  switch (physical) {
    case PHYSICAL.BOOLEAN:
      return logical.kind === 'none' ? is('bool') : unsupported('an annotated boolean');
    case PHYSICAL.INT32:
      if (logical.kind === 'date') return is('date');
      if (logical.kind === 'int' && !logical.signed) return logical.bitWidth <= 32 ? is('uint') : unsupported('an unsigned int64 in INT32');
      return logical.kind === 'none' || logical.kind === 'int' ? is('int32') : unsupported(`an INT32 ${logical.kind}`);
    case PHYSICAL.INT64:
      if (logical.kind === 'timestamp') return is('timestamp');
      return logical.kind === 'none' || logical.kind === 'int' ? is('int64') : unsupported(`an INT64 ${logical.kind}`);
    case PHYSICAL.FLOAT:
      return is('float32');
    case PHYSICAL.DOUBLE:
      return is('float64');
    case PHYSICAL.BYTE_ARRAY:
      // Plain binary reads as utf8, as core's Arrow importer reads Binary.
      return logical.kind === 'string' || logical.kind === 'none' ? is('string') : unsupported(`a BYTE_ARRAY ${logical.kind}`);
    case PHYSICAL.INT96:
      return unsupported('INT96');
    default:
      return unsupported(`of physical type ${physical}`);
  }
}

function timestampUnit(leaf: ParquetLeaf): number {
  if (leaf.logical.kind !== 'timestamp') return 2;
  return leaf.logical.unit === 'ms' ? 1 : leaf.logical.unit === 'us' ? 2 : 3;
}

/** A dictionary page under this many bytes is cheap to intern whatever its share of the chunk (a small file's). */
const SMALL_DICTIONARY_BYTES = 64 * 1024;

/** Whether a chunk's dictionary page takes more than half of its stored bytes (see `planParquetColumn`). */
function dictionaryDominates(chunk: ParquetColumnChunk | undefined): boolean {
  return chunk !== undefined && chunk.dictionaryBytes > SMALL_DICTIONARY_BYTES && chunk.dictionaryBytes * 2 > chunk.end - chunk.start;
}

function isDictionaryEncoded(chunk: ParquetColumnChunk | undefined): boolean {
  if (chunk === undefined) return false;
  if (chunk.plainDataPages !== undefined) return !chunk.plainDataPages;
  return chunk.hasDictionaryPage || chunk.encodings.some((e) => e === ENCODING.PLAIN_DICTIONARY || e === ENCODING.RLE_DICTIONARY);
}

/**
 * The narrowest signed integer dtype holding every chunk's min and max, when every chunk gives both (or is all null);
 * undefined otherwise, and the values are scanned as they come.
 */
function statisticsDType(physical: number, chunks: readonly (ParquetColumnChunk | undefined)[]): DType | undefined {
  const width = physical === PHYSICAL.INT32 ? 4 : 8;
  let min: bigint | undefined;
  let max: bigint | undefined;
  if (chunks.length === 0) return undefined;
  for (const chunk of chunks) {
    if (chunk === undefined) return undefined;
    if (chunk.nullCount !== undefined && chunk.nullCount >= chunk.numValues) continue;
    if (chunk.min === undefined || chunk.max === undefined || chunk.min.length !== width || chunk.max.length !== width) return undefined;
    const lo = readInt(chunk.min, width);
    const hi = readInt(chunk.max, width);
    if (lo > hi) return undefined;
    min = min === undefined || lo < min ? lo : min;
    max = max === undefined || hi > max ? hi : max;
  }
  return min === undefined || max === undefined ? 'int8' : narrowestIntDType(min, max);
}

function readInt(bytes: Uint8Array, width: number): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, width);
  return width === 4 ? BigInt(view.getInt32(0, true)) : view.getBigInt64(0, true);
}
