import { type Dictionary, findKey, KEY_MASKS, keySlot, ShortKeyTable } from '@df-stream/core/internal';

/** Strings keyed per block: enough loads in flight to hide the table's cache misses, few enough to stay in L1. */
const BLOCK = 256;

/**
 * Interns strings into a dictionary, the short ones (1..16 bytes) through a `ShortKeyTable`: a string is keyed by its
 * four masked little-endian words and its length, as the CSV reader keys its fields, so a repeat costs one probe of
 * the table where `Dictionary.internBytes` hashes and compares its bytes. A group-by key column of 1e5 values has a
 * table of megabytes, and a probe is a cache miss: `internAll` keys a block of strings and reads their first table
 * entries in one tight loop (the misses overlap) before it probes, as the CSV reader's `bigCategoricalLoop` does.
 */
export class KeyInterner {
  readonly table = new ShortKeyTable();
  private readonly block = new Int32Array(6 * BLOCK);
  /** What the touch loops read, kept so that the reads are not optimized away. */
  private touched = 0;
  /** Reused by `positions`: a reader's strings are interned before it reads the next batch. */
  private starts = new Int32Array(0);
  private lengths = new Int32Array(0);

  constructor(readonly dictionary: Dictionary) {}

  /** Room for `count` strings' starts and lengths, for `internAll`: valid until the next call. */
  positions(count: number): { starts: Int32Array; lengths: Int32Array } {
    if (this.starts.length < count) {
      this.starts = new Int32Array(Math.max(count, 2 * this.starts.length));
      this.lengths = new Int32Array(this.starts.length);
    }
    return { starts: this.starts, lengths: this.lengths };
  }

  /**
   * For i in [0, count), the code of `bytes[starts[i], starts[i] + lengths[i])` into `out[i]`; a negative length
   * (a null row) leaves `out[i]` as it is. `view` is a DataView over exactly `bytes`. Callers check the bounds.
   */
  internAll(bytes: Uint8Array, view: DataView, starts: Int32Array, lengths: Int32Array, count: number, out: Int32Array): void {
    const block = this.block;
    const table = this.table;
    const dictionary = this.dictionary;
    // A string's 16-byte window must lie in the buffer; the last strings take the dictionary's path.
    const windowEnd = bytes.byteLength - 16;
    for (let first = 0; first < count; first += BLOCK) {
      const last = Math.min(count, first + BLOCK);
      const shift = table.shift;
      let keys = table.keys;
      let touched = 0;
      for (let i = first, k = 0; i < last; i++, k += 6) {
        const start = starts[i];
        const length = lengths[i];
        if (length <= 0 || length > 16 || start > windowEnd) {
          block[k + 4] = 0;
          continue;
        }
        const m = length * 4;
        const w0 = view.getInt32(start, true) & KEY_MASKS[m];
        const w1 = view.getInt32(start + 4, true) & KEY_MASKS[m + 1];
        const w2 = view.getInt32(start + 8, true) & KEY_MASKS[m + 2];
        const w3 = view.getInt32(start + 12, true) & KEY_MASKS[m + 3];
        const slot = keySlot(w0, w1, w2, w3, length, shift);
        block[k] = w0;
        block[k + 1] = w1;
        block[k + 2] = w2;
        block[k + 3] = w3;
        block[k + 4] = length;
        block[k + 5] = slot;
        touched ^= keys[slot + 4];
      }
      this.touched ^= touched;
      for (let i = first, k = 0; i < last; i++, k += 6) {
        const length = block[k + 4];
        if (length === 0) {
          if (lengths[i] >= 0) out[i] = dictionary.internBytes(bytes, starts[i], starts[i] + lengths[i]);
          continue;
        }
        const w0 = block[k];
        const w1 = block[k + 1];
        const w2 = block[k + 2];
        const w3 = block[k + 3];
        // An add earlier in the block may have doubled the table, which moves the keys.
        keys = table.keys;
        const slot = findKey(keys, table.shift === shift ? block[k + 5] : keySlot(w0, w1, w2, w3, length, table.shift), w0, w1, w2, w3, length);
        if (keys[slot + 4] !== 0) out[i] = keys[slot + 5];
        else {
          const start = starts[i];
          const code = dictionary.internBytes(bytes, start, start + length);
          table.add(slot, w0, w1, w2, w3, length, code);
          out[i] = code;
        }
      }
    }
  }

  /** The code of a string whose words the caller has (an Arrow inline string view is its words already). */
  internWords(bytes: Uint8Array, start: number, length: number, w0: number, w1: number, w2: number, w3: number): number {
    // Length 0 marks a free entry of the table.
    if (length === 0) return this.dictionary.internBytes(bytes, start, start);
    const table = this.table;
    const keys = table.keys;
    const slot = findKey(keys, keySlot(w0, w1, w2, w3, length, table.shift), w0, w1, w2, w3, length);
    if (keys[slot + 4] !== 0) return keys[slot + 5];
    const code = this.dictionary.internBytes(bytes, start, start + length);
    table.add(slot, w0, w1, w2, w3, length, code);
    return code;
  }
}

/** A DataView over exactly `bytes`, for `KeyInterner.internAll`. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
