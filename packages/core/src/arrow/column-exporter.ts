import type { Bool, Data, DataType, Int, Utf8, Vector } from 'apache-arrow';
import { bitmapByteLength } from '../bitmap.js';
import { castColumn } from '../cast.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn, Utf8Column } from '../column.js';
import type { Dictionary } from '../dictionary.js';
import { INT_RANGES, type IntDType, isIntegerDType } from '../dtype.js';
import { DfError } from '../errors/df-error.js';
import { dtypeOfArrowType } from './arrow-dtype.js';
import { arrowModule } from './arrow-module.js';
import { keyBytesOf } from './arrow-type-for.js';

export interface ColumnExporterOptions {
  /**
   * Give each batch a dictionary of only the entries it uses (when the column's dictionary is larger
   * than the batch), instead of one dictionary grown by deltas across batches. For writers whose
   * batches are independent (Parquet), this keeps each batch small.
   */
  compactDictionaries?: boolean;
}

/**
 * Converts the chunks of one column to Arrow arrays of one fixed Arrow type, sharing buffers where the
 * layouts agree. A categorical column's dictionary becomes Arrow dictionary chunks that grow by deltas,
 * so an IPC writer emits each entry once.
 */
export class ColumnExporter {
  private dictionary: Dictionary | null = null;
  private dictionaryChunks: Data<Utf8>[] = [];
  private exported = 0;
  private vector: Vector<Utf8> | null = null;

  constructor(
    readonly name: string,
    readonly type: DataType,
    private readonly options: ColumnExporterOptions = {},
  ) {}

  /** True if `column` can be written as this exporter's Arrow type without losing anything. */
  fits(column: Column): boolean {
    if (column.length > 0 && column.nullCount === column.length) return true;
    const target = dtypeOfArrowType(this.type, this.name);
    if (column.dtype === target) {
      if (!(column instanceof CategoricalColumn)) return true;
      const keyBytes = keyBytesOf(this.type);
      const size = this.dictionary !== null && this.dictionary !== column.dictionary ? this.dictionary.size + column.dictionary.size : column.dictionary.size;
      return column.codes.BYTES_PER_ELEMENT <= keyBytes && size <= 2 ** (8 * keyBytes);
    }
    if (isIntegerDType(column.dtype) && isIntegerDType(target)) return intFitsType(column.dtype, target);
    if (column.dtype === 'float32' && target === 'float64') return true;
    if (column.dtype === 'categorical' && target === 'utf8') return true;
    return false;
  }

  convert(column: Column): Data {
    const n = column.length;
    if (n > 0 && column.nullCount === n) return this.allNull(n);
    const target = dtypeOfArrowType(this.type, this.name);
    if (column.dtype !== target) return this.convert(castColumn(column, target));
    const nullBitmap = column.validity ?? undefined;
    const nullCount = column.nullCount;
    const type = this.type;
    if (column instanceof CategoricalColumn) return this.categorical(column);
    const { makeData } = arrowModule();
    if (column instanceof Utf8Column) {
      return makeData({ type: type as Utf8, length: n, nullCount, nullBitmap, valueOffsets: column.offsets, data: column.data });
    }
    if (column instanceof BoolColumn) {
      return makeData({ type: type as Bool, length: n, nullCount, nullBitmap, data: column.values });
    }
    if (column instanceof BigIntColumn || column instanceof NumberColumn) {
      return makeData({ type: type as Int, length: n, nullCount, nullBitmap, data: column.values as Int['TArray'] });
    }
    throw new DfError('internal', `column '${this.name}': cannot export ${(column as Column).dtype}`);
  }

  private allNull(n: number): Data {
    const { DataType: ArrowDataType, makeData, Utf8, Vector } = arrowModule();
    const type = this.type;
    const nullBitmap = new Uint8Array(bitmapByteLength(n));
    if (ArrowDataType.isUtf8(type)) {
      return makeData({ type, length: n, nullCount: n, nullBitmap, valueOffsets: new Int32Array(n + 1), data: new Uint8Array(0) });
    }
    if (ArrowDataType.isDictionary(type)) {
      const keys = new (keyBytesOf(type) === 1 ? Uint8Array : keyBytesOf(type) === 2 ? Uint16Array : Uint32Array)(n);
      // Start the dictionary with an empty chunk that later entries extend as deltas: a stand-in
      // dictionary here would make the next batch's dictionary a replacement, which IPC files forbid.
      if (this.vector === null) {
        this.dictionaryChunks.push(makeData({ type: new Utf8(), length: 0, nullCount: 0, valueOffsets: new Int32Array(1), data: new Uint8Array(0) }));
        this.vector = new Vector(this.dictionaryChunks);
      }
      return makeData({ type, length: n, nullCount: n, nullBitmap, data: keys, dictionary: this.vector });
    }
    if (ArrowDataType.isBool(type)) return makeData({ type, length: n, nullCount: n, nullBitmap, data: new Uint8Array(bitmapByteLength(n)) });
    // Every remaining type is fixed-width; its own array constructor gives zeroed values.
    const ArrayType = (type as Int).ArrayType as new (n: number) => Int['TArray'];
    return makeData({ type: type as Int, length: n, nullCount: n, nullBitmap, data: new ArrayType(n) });
  }

  private categorical(column: CategoricalColumn): Data {
    const n = column.length;
    const type = this.type;
    const { DataType: ArrowDataType, makeData } = arrowModule();
    if (!ArrowDataType.isDictionary(type)) throw new DfError('internal', `column '${this.name}': categorical needs an Arrow dictionary type`);
    const keyBytes = keyBytesOf(type);
    if (this.options.compactDictionaries === true && column.dictionary.size > n) {
      const { codes, dictionary } = compact(column);
      return makeData({ type, length: n, nullCount: column.nullCount, nullBitmap: column.validity ?? undefined, data: widenKeys(codes, keyBytes), dictionary });
    }
    let codes = column.codes;
    if (this.dictionary === null) this.dictionary = column.dictionary;
    else if (this.dictionary !== column.dictionary) codes = recode(column, this.dictionary);
    this.extendDictionary();
    return makeData({
      type,
      length: n,
      nullCount: column.nullCount,
      nullBitmap: column.validity ?? undefined,
      data: widenKeys(codes, keyBytes),
      dictionary: this.vector as Vector<Utf8>,
    });
  }

  /** Appends the entries added to our dictionary since the last batch as one more Arrow chunk (a delta). */
  private extendDictionary(): void {
    const dict = this.dictionary as Dictionary;
    if (this.vector !== null && dict.size === this.exported) return;
    if (dict.size > this.exported || this.vector === null) {
      this.dictionaryChunks.push(dictionaryData(dict, this.exported, dict.size));
      this.exported = dict.size;
      this.vector = new (arrowModule().Vector)(this.dictionaryChunks);
    }
  }
}

function intFitsType(from: IntDType, to: IntDType): boolean {
  const [a, b] = INT_RANGES[from];
  const [c, d] = INT_RANGES[to];
  return a >= c && b <= d;
}

/** Entries [from, to) of a dictionary as an Arrow utf8 array; the string bytes are a view, not a copy. */
function dictionaryData(dict: Dictionary, from: number, to: number): Data<Utf8> {
  const offsets = dict.valueOffsets;
  const base = offsets[from];
  const own = new Int32Array(to - from + 1);
  for (let i = from; i <= to; i++) own[i - from] = offsets[i] - base;
  const { makeData, Utf8 } = arrowModule();
  return makeData({ type: new Utf8(), length: to - from, nullCount: 0, valueOffsets: own, data: dict.valueBytes.subarray(base, offsets[to]) });
}

/** Codes of a column on a foreign dictionary, re-expressed in `target` (which grows as needed). */
function recode(column: CategoricalColumn, target: Dictionary): Uint32Array {
  const source = column.dictionary;
  const map = new Int32Array(source.size).fill(-1);
  const out = new Uint32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    if (!column.isValid(i)) continue;
    const c = column.codes[i];
    if (map[c] < 0) {
      const bytes = source.bytesOf(c);
      map[c] = target.internBytes(bytes, 0, bytes.length);
    }
    out[i] = map[c];
  }
  return out;
}

/** A batch-local dictionary of only the entries `column` uses, with codes renumbered to it. */
function compact(column: CategoricalColumn): { codes: Uint32Array; dictionary: Vector<Utf8> } {
  const source = column.dictionary;
  const map = new Int32Array(source.size).fill(-1);
  const codes = new Uint32Array(column.length);
  const used: number[] = [];
  let bytes = 0;
  for (let i = 0; i < column.length; i++) {
    if (!column.isValid(i)) continue;
    const c = column.codes[i];
    if (map[c] < 0) {
      map[c] = used.length;
      used.push(c);
      bytes += source.bytesOf(c).length;
    }
    codes[i] = map[c];
  }
  const data = new Uint8Array(bytes);
  const offsets = new Int32Array(used.length + 1);
  let at = 0;
  used.forEach((c, j) => {
    const b = source.bytesOf(c);
    data.set(b, at);
    at += b.length;
    offsets[j + 1] = at;
  });
  const { makeData, Utf8, Vector } = arrowModule();
  const dictionary = new Vector([makeData({ type: new Utf8(), length: used.length, nullCount: 0, valueOffsets: offsets, data })]);
  return { codes, dictionary };
}

/** Keys in the Arrow key width: our code array itself when the widths agree. */
function widenKeys(codes: Uint8Array | Uint16Array | Uint32Array, keyBytes: number): Uint8Array | Uint16Array | Uint32Array {
  if (codes.BYTES_PER_ELEMENT === keyBytes) return codes;
  const out = keyBytes === 1 ? new Uint8Array(codes.length) : keyBytes === 2 ? new Uint16Array(codes.length) : new Uint32Array(codes.length);
  out.set(codes);
  return out;
}
