import { type Dictionary, entryCode, findKey, isFree, KEY_MASKS, keySlot, ShortKeyTable } from '@df-stream/core/internal';
import { KeyProbe, PROBE_ROWS } from './key-probe.js';

/**
 * Interns strings into a dictionary, the short ones (1..16 bytes) through a `ShortKeyTable`: a string is keyed by its
 * four masked little-endian words and its length, as the CSV reader keys its fields, so a repeat costs one probe of
 * the table where `Dictionary.internBytes` hashes and compares its bytes. (Probing a block of keys' entries first, as
 * the CSV reader's `bigCategoricalLoop` does, measured no faster on a 1e5-key Parquet column: it is not done here.)
 */
export class KeyInterner {
  readonly table = new ShortKeyTable();
  /** The WebAssembly probe holding the table's entries (null until used, or without WebAssembly). */
  private probe: KeyProbe | null = null;
  /** The empty string's code once interned (-1 before): the probe does not add keys. */
  private emptyCode = -1;

  /** Interns into `dictionary`, which is told the table's bytes until `release` (see `Dictionary.readerIndexBytes`). */
  constructor(readonly dictionary: Dictionary) {
    this.table.reportTo(dictionary);
  }

  /** The reader is done: the table is garbage, and the dictionary no longer counts it. */
  release(): void {
    this.table.reportTo(undefined);
  }

  /**
   * Interns the strings `bytes[starts[i], ends[i])` of rows i in [0, n) valid in `validity` (all when null), their
   * codes into `out` (null rows are left alone). `view` is a DataView over exactly `bytes`; the caller checks the
   * ranges. Without nulls, rows go through the WebAssembly probe (`KeyProbe`), and each it cannot do (a new key, a
   * long one) through the JS loop, which adds keys.
   */
  internRanges(view: DataView, bytes: Uint8Array, starts: Int32Array, ends: Int32Array, validity: Uint8Array | null, n: number, out: Int32Array): void {
    if (validity !== null || !KeyProbe.available) {
      this.internRangesJs(view, bytes, starts, ends, validity, 0, n, out);
      return;
    }
    const empty = (): number => this.emptyCode;
    const other = (i: number): boolean => {
      this.internRangesJs(view, bytes, starts, ends, null, i, i + 1, out);
      return true;
    };
    const fields = { starts, ends, startAt: 0, endAt: 0, stride: 1, startAdd: 0 };
    for (let i = 0; i < n; ) {
      const to = Math.min(n, i + PROBE_ROWS);
      const span = KeyProbe.span(fields, i, to);
      // Blocks of long strings (more than the probe copies in), and all once no probe is to be had, go through the JS loop.
      const probe = KeyProbe.fits(span) ? (this.probe = KeyProbe.holding(this.probe, this.table, span)) : null;
      i = probe === null ? this.internRangesJs(view, bytes, starts, ends, null, i, to, out) : probe.run(this.table, bytes, fields, i, to, out, 0, empty, 0, other);
    }
  }

  /**
   * `internRanges` for rows [from, to), in JS (returns `to`). One loop for all of them, the table's arrays in locals: a method call
   * per value, reading them through `this` each time, took twice the time of the probe itself on a 1e5-key column (48
   * against 25 ns a value, in a micro-benchmark). A string whose 16-byte window passes the end of `view` takes the
   * dictionary's path.
   */
  private internRangesJs(
    view: DataView,
    bytes: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    validity: Uint8Array | null,
    from: number,
    to: number,
    out: Int32Array,
  ): number {
    const table = this.table;
    const dictionary = this.dictionary;
    let keys = table.keys;
    let tails = table.tails;
    let shift = table.shift;
    const viewEnd = view.byteLength - 16;
    for (let i = from; i < to; i++) {
      if (validity !== null && ((validity[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
      const start = starts[i];
      const length = ends[i] - start;
      if (length === 0 || length > 16 || start > viewEnd) {
        out[i] = dictionary.internBytes(bytes, start, start + length);
        if (length === 0) this.emptyCode = out[i];
        continue;
      }
      const m = length * 4;
      const w0 = view.getInt32(start, true) & KEY_MASKS[m];
      const w1 = view.getInt32(start + 4, true) & KEY_MASKS[m + 1];
      const w2 = view.getInt32(start + 8, true) & KEY_MASKS[m + 2];
      const w3 = view.getInt32(start + 12, true) & KEY_MASKS[m + 3];
      const slot = findKey(keys, tails, keySlot(w0, w1, w2, w3, length, shift), w0, w1, w2, w3, length);
      if (!isFree(keys, slot)) out[i] = entryCode(keys, slot);
      else {
        const code = dictionary.internBytes(bytes, start, start + length);
        table.add(slot, w0, w1, w2, w3, length, code);
        out[i] = code;
        // Adding may have doubled the table or grown its tails.
        keys = table.keys;
        tails = table.tails;
        shift = table.shift;
      }
    }
    return to;
  }

  /**
   * Interns the strings of Arrow string views (`views`: 4 ints a row, `raw` the same 16 bytes a row) of rows i in
   * [0, n) valid in `validity`, their codes into `out`. An inline view (1 to 12 bytes) is its own key words: one
   * probe, in WebAssembly without nulls (see `internRanges`). Any other view's code comes from `other(i)`, which reads
   * its string.
   */
  internViews(views: Int32Array, raw: Uint8Array, validity: Uint8Array | null, n: number, out: Int32Array, other: (i: number) => number): void {
    if (validity !== null || !KeyProbe.available) {
      this.internViewsJs(views, raw, validity, 0, n, out, other);
      return;
    }
    const one = (i: number): boolean => {
      this.internViewsJs(views, raw, null, i, i + 1, out, other);
      return true;
    };
    for (let i = 0; i < n; ) {
      const to = Math.min(n, i + PROBE_ROWS);
      const probe = (this.probe = KeyProbe.holding(this.probe, this.table, 16 * (to - i)));
      i = probe === null ? this.internViewsJs(views, raw, null, i, to, out, other) : probe.runViews(this.table, raw, i, to, out, one);
    }
  }

  /**
   * `internViews` for rows [from, to), in JS (returns `to`): the table's arrays in locals as in `internRangesJs`
   * (`internWords`, a method call a row, took 1,053 ms of a Feather q3 profile, 1e7 rows of 1e5 keys).
   */
  private internViewsJs(
    views: Int32Array,
    raw: Uint8Array,
    validity: Uint8Array | null,
    from: number,
    to: number,
    out: Int32Array,
    other: (i: number) => number,
  ): number {
    const table = this.table;
    const dictionary = this.dictionary;
    let keys = table.keys;
    let tails = table.tails;
    let shift = table.shift;
    for (let i = from, v = 4 * from; i < to; i++, v += 4) {
      if (validity !== null && ((validity[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
      const length = views[v];
      if (length > 12 || length <= 0) {
        out[i] = other(i);
        continue;
      }
      const m = 4 * length;
      const w0 = views[v + 1] & KEY_MASKS[m];
      const w1 = views[v + 2] & KEY_MASKS[m + 1];
      const w2 = views[v + 3] & KEY_MASKS[m + 2];
      const slot = findKey(keys, tails, keySlot(w0, w1, w2, 0, length, shift), w0, w1, w2, 0, length);
      if (!isFree(keys, slot)) out[i] = entryCode(keys, slot);
      else {
        const code = dictionary.internBytes(raw, 4 * v + 4, 4 * v + 4 + length);
        table.add(slot, w0, w1, w2, 0, length, code);
        out[i] = code;
        // Adding may have doubled the table or grown its tails.
        keys = table.keys;
        tails = table.tails;
        shift = table.shift;
      }
    }
    return to;
  }

  /** The code of a string whose words the caller has (an Arrow inline string view is its words already). */
  internWords(bytes: Uint8Array, start: number, length: number, w0: number, w1: number, w2: number, w3: number): number {
    // Length 0 marks a free entry of the table.
    if (length === 0) return this.dictionary.internBytes(bytes, start, start);
    const table = this.table;
    const keys = table.keys;
    const slot = findKey(keys, table.tails, keySlot(w0, w1, w2, w3, length, table.shift), w0, w1, w2, w3, length);
    if (!isFree(keys, slot)) return entryCode(keys, slot);
    const code = this.dictionary.internBytes(bytes, start, start + length);
    table.add(slot, w0, w1, w2, w3, length, code);
    return code;
  }
}

/** A DataView over exactly `bytes`, for `KeyInterner.internRanges`. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
