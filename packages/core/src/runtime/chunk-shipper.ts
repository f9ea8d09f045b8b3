import type { Chunk } from '../chunk.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn, Utf8Column } from '../column.js';
import { type ChunkData, chunkToData, DictionaryTable } from './chunk-data.js';

/** The strings a dictionary gained since it was last shipped: codes `from` on, as offsets (from 0) and UTF-8 bytes. */
export interface DictionaryDelta {
  readonly id: number;
  readonly from: number;
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
}

/** A chunk as it crosses to another thread: its data, and what its categorical columns' dictionaries gained. */
export interface ShippedChunk {
  readonly data: ChunkData;
  readonly deltas: readonly DictionaryDelta[];
}

/**
 * The sending side of a stream of chunks between threads (a worker thread's scan, posted to the thread that reads
 * it). Typed arrays go as plain data (see `ship` for which buffers move); a categorical column's dictionary, which the
 * reader keeps growing across chunks, goes once, as the strings it gained since the last chunk (`ChunkReceiver` keeps
 * a copy that grows the same way, so codes mean the same strings on both sides).
 */
export class ChunkShipper {
  private readonly dictionaries = new DictionaryTable();
  /** Strings of each dictionary shipped so far, by its number. */
  private readonly shipped: number[] = [];

  /**
   * The chunk as data, with the buffers to move: those of the copies made for it (a view on part of a buffer is
   * copied, and the deltas are new), never a buffer a column holds as it is, which its reader may still hand out in
   * views of the chunks after (a page's bytes, say): moving it would detach it under the reader.
   */
  ship(chunk: Chunk): { readonly chunk: ShippedChunk; readonly transfer: ArrayBuffer[] } {
    const data = chunkToData(chunk, this.dictionaries);
    const deltas: DictionaryDelta[] = [];
    for (const column of chunk.columns) {
      if (!(column instanceof CategoricalColumn)) continue;
      const dictionary = column.dictionary;
      const id = this.dictionaries.idOf(dictionary);
      const from = this.shipped[id];
      // A dictionary goes the first time it is seen even when empty (an all-null column's), so the receiver knows it.
      if (from === dictionary.size) continue;
      const start = from ?? 0;
      const all = dictionary.valueOffsets;
      const first = all[start];
      const offsets = new Int32Array(dictionary.size - start + 1);
      for (let i = 0; i < offsets.length; i++) offsets[i] = all[start + i] - first;
      deltas.push({ id, from: start, offsets, bytes: dictionary.valueBytes.slice(first, all[dictionary.size]) });
      this.shipped[id] = dictionary.size;
    }
    // Ids in the order they were given: the receiver numbers its dictionaries the same way.
    deltas.sort((a, b) => a.id - b.id);
    const held = new Set<ArrayBufferLike>();
    for (const column of chunk.columns) for (const view of columnViews(column)) held.add(view.buffer);
    const transfer = new Set<ArrayBuffer>();
    const add = (v: ArrayBufferView | null): void => {
      if (v !== null && v.buffer instanceof ArrayBuffer && !held.has(v.buffer)) transfer.add(v.buffer);
    };
    for (const c of data.columns) {
      add(c.validity);
      if (c.kind === 'utf8') {
        add(c.offsets);
        add(c.data);
      } else if (c.kind === 'categorical') add(c.codes);
      else add(c.values);
    }
    for (const d of deltas) {
      add(d.offsets);
      add(d.bytes);
    }
    return { chunk: { data, deltas }, transfer: [...transfer] };
  }
}

/** The typed arrays a column holds. */
function columnViews(column: Column): ArrayBufferView[] {
  const views: ArrayBufferView[] = column.validity === null ? [] : [column.validity];
  if (column instanceof NumberColumn || column instanceof BigIntColumn || column instanceof BoolColumn) views.push(column.values);
  else if (column instanceof Utf8Column) views.push(column.offsets, column.data);
  else if (column instanceof CategoricalColumn) views.push(column.codes);
  return views;
}
