import type { Chunk } from '../chunk.js';
import { CategoricalColumn } from '../column.js';
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
 * it). Typed arrays go as they are, their buffers moved; a categorical column's dictionary, which the reader keeps
 * growing across chunks, goes once, as the strings it gained since the last chunk (`ChunkReceiver` keeps a copy
 * that grows the same way, so codes mean the same strings on both sides).
 */
export class ChunkShipper {
  private readonly dictionaries = new DictionaryTable();
  /** Strings of each dictionary shipped so far, by its number. */
  private readonly shipped: number[] = [];

  /** The chunk as data, with the buffers to move (each array owns its buffer whole: a view on a bigger one is copied). */
  ship(chunk: Chunk): { readonly chunk: ShippedChunk; readonly transfer: ArrayBuffer[] } {
    const data = chunkToData(chunk, this.dictionaries);
    const deltas: DictionaryDelta[] = [];
    for (const column of chunk.columns) {
      if (!(column instanceof CategoricalColumn)) continue;
      const dictionary = column.dictionary;
      const id = this.dictionaries.idOf(dictionary);
      const from = this.shipped[id] ?? 0;
      if (dictionary.size === from) continue;
      const all = dictionary.valueOffsets;
      const start = all[from];
      const offsets = new Int32Array(dictionary.size - from + 1);
      for (let i = 0; i < offsets.length; i++) offsets[i] = all[from + i] - start;
      deltas.push({ id, from, offsets, bytes: dictionary.valueBytes.slice(start, all[dictionary.size]) });
      this.shipped[id] = dictionary.size;
    }
    // Ids in the order they were given: the receiver numbers its dictionaries the same way.
    deltas.sort((a, b) => a.id - b.id);
    const transfer = new Set<ArrayBuffer>();
    const add = (v: ArrayBufferView | null): void => {
      if (v !== null && v.buffer instanceof ArrayBuffer) transfer.add(v.buffer);
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
