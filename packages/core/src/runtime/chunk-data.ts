import { Chunk } from '../chunk.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn, Utf8Column } from '../column.js';
import type { Dictionary } from '../dictionary.js';
import type { BigIntDType, CodeArray, NumberArray, NumberDType } from '../dtype.js';
import { DfError } from '../errors/df-error.js';
import { type Field, Schema } from '../schema.js';

/**
 * A chunk as structured-cloneable data (typed arrays and plain objects): what a spill file holds. A categorical
 * column names its dictionary by a number the caller assigns (`DictionaryTable`), since its dictionary stays in
 * memory and is shared with the chunks not spilled.
 */
export interface ChunkData {
  readonly fields: readonly Field[];
  readonly numRows: number;
  readonly columns: readonly ColumnData[];
}

export type ColumnData =
  | { readonly kind: 'number'; readonly values: NumberArray; readonly validity: Uint8Array | null }
  | { readonly kind: 'bigint'; readonly values: BigInt64Array; readonly validity: Uint8Array | null }
  | { readonly kind: 'bool'; readonly values: Uint8Array; readonly validity: Uint8Array | null }
  | { readonly kind: 'utf8'; readonly offsets: Int32Array; readonly data: Uint8Array; readonly validity: Uint8Array | null }
  | { readonly kind: 'categorical'; readonly codes: CodeArray; readonly dictionary: number; readonly validity: Uint8Array | null };

/** The dictionaries of the chunks of one spill area, numbered in the order first seen. */
export class DictionaryTable {
  private readonly list: Dictionary[] = [];
  private readonly ids = new Map<Dictionary, number>();

  idOf(dictionary: Dictionary): number {
    let id = this.ids.get(dictionary);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(dictionary);
      this.ids.set(dictionary, id);
    }
    return id;
  }

  /** How many dictionaries it has numbered. */
  get size(): number {
    return this.list.length;
  }

  at(id: number): Dictionary {
    const d = this.list[id];
    if (d === undefined) throw new DfError('data', `spilled chunk names dictionary ${id}, which this spill area never held`);
    return d;
  }
}

export function chunkToData(chunk: Chunk, dictionaries: DictionaryTable): ChunkData {
  return { fields: chunk.schema.fields, numRows: chunk.numRows, columns: chunk.columns.map((c) => columnToData(c, dictionaries)) };
}

/** The chunk `chunkToData` made, checked for shape (a spill file may be damaged on disk). */
export function chunkFromData(data: ChunkData, dictionaries: DictionaryTable): Chunk {
  if (data.fields.length !== data.columns.length) throw new DfError('data', 'spilled chunk is inconsistent (columns)');
  return new Chunk(
    new Schema(data.fields),
    data.columns.map((c, i) => columnFromData(c, data.fields[i], data.numRows, dictionaries)),
  );
}

function columnToData(c: Column, dictionaries: DictionaryTable): ColumnData {
  const validity = c.validity === null ? null : own(c.validity);
  if (c instanceof NumberColumn) return { kind: 'number', values: own(c.values), validity };
  if (c instanceof BigIntColumn) return { kind: 'bigint', values: own(c.values), validity };
  if (c instanceof BoolColumn) return { kind: 'bool', values: own(c.values), validity };
  if (c instanceof Utf8Column) return { kind: 'utf8', offsets: own(c.offsets), data: own(c.data), validity };
  return { kind: 'categorical', codes: own(c.codes), dictionary: dictionaries.idOf(c.dictionary), validity };
}

/**
 * A view that is all of its buffer, as it is; else a copy. Structured serialization writes a view's whole
 * `ArrayBuffer`, and a reader's column may be a window on a buffer many times its size.
 */
function own<T extends { readonly byteOffset: number; readonly byteLength: number; readonly buffer: ArrayBufferLike; slice(): T }>(view: T): T {
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : view.slice();
}

function columnFromData(c: ColumnData, field: Field, numRows: number, dictionaries: DictionaryTable): Column {
  let column: Column;
  switch (c.kind) {
    case 'number':
      column = new NumberColumn(field.dtype as NumberDType, c.values, c.validity);
      break;
    case 'bigint':
      column = new BigIntColumn(field.dtype as BigIntDType, c.values, c.validity);
      break;
    case 'bool':
      column = new BoolColumn(c.values, numRows, c.validity);
      break;
    case 'utf8':
      column = new Utf8Column(c.offsets, c.data, c.validity);
      break;
    case 'categorical':
      column = new CategoricalColumn(c.codes, dictionaries.at(c.dictionary), c.validity);
      break;
  }
  if (column.length !== numRows || column.dtype !== field.dtype) throw new DfError('data', `spilled chunk is inconsistent (column '${field.name}')`);
  return column;
}
