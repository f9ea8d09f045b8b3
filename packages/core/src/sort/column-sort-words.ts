import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn } from '../column.js';
import type { Dictionary } from '../dictionary.js';
import type { SortWords } from './radix-sort.js';
import type { SortKey } from './sort-spec.js';
import { stringRanks } from './string-ranks.js';

const SIGN = 0x80000000;

/**
 * A key column's normalized words (see `SortWords`): first a null flag (1 for a null when nulls go last), then the
 * value: 32-bit integers with the sign bit flipped, uint32 as they are, floats as two words of their bits made
 * monotone (NaN above +Infinity, -0 as 0), int64/timestamp as two words, bools as one bit, categoricals as the
 * rank of their dictionary entry, utf8 as the rank of their bytes among the column's. Descending inverts the value
 * words; a null's value words are 0, so nulls tie and keep their input order.
 */
export function columnSortWords(column: Column, key: SortKey, rankCache?: Map<Dictionary, Uint32Array>): SortWords {
  const flip = key.descending === true ? 0xffffffff : 0;
  const validity = column.validity;
  const nullsLast = key.nullsLast !== false;
  const isNull = (r: number): boolean => validity !== null && ((validity[r >>> 3] >>> (r & 7)) & 1) === 0;
  const value = valueWords(column, rankCache);
  return {
    count: value.count + 1,
    write(w, order, out) {
      const n = out.length;
      if (w === 0) {
        // A chunk without nulls still flags its rows as not null: merged runs compare flags across chunks.
        if (validity === null) out.fill(nullsLast ? 0 : 1);
        else for (let j = 0; j < n; j++) out[j] = isNull(order[j]) === nullsLast ? 1 : 0;
        return;
      }
      value.write(w - 1, order, out);
      if (flip !== 0) for (let j = 0; j < n; j++) out[j] ^= flip;
      if (validity !== null) for (let j = 0; j < n; j++) if (isNull(order[j])) out[j] = 0;
    },
  };
}

/** Dense ranks of a dictionary's entries in byte order, computed once per dictionary (and size) a sort meets. */
export function dictionaryRanks(dictionary: Dictionary, cache?: Map<Dictionary, Uint32Array>): Uint32Array {
  const known = cache?.get(dictionary);
  if (known !== undefined && known.length === dictionary.size) return known;
  const ranks = stringRanks(dictionary.valueOffsets, dictionary.valueBytes, dictionary.size);
  cache?.set(dictionary, ranks);
  return ranks;
}

function valueWords(column: Column, rankCache: Map<Dictionary, Uint32Array> | undefined): SortWords {
  if (column instanceof NumberColumn) {
    const values = column.values;
    if (values instanceof Float64Array || values instanceof Float32Array) return floatWords(values);
    const unsigned = values instanceof Uint32Array;
    return {
      count: 1,
      write(_w, order, out) {
        const n = out.length;
        if (unsigned) for (let j = 0; j < n; j++) out[j] = values[order[j]];
        else for (let j = 0; j < n; j++) out[j] = values[order[j]] ^ SIGN;
      },
    };
  }
  if (column instanceof BigIntColumn) {
    const halves = new Int32Array(column.values.buffer, column.values.byteOffset, column.values.length * 2);
    return {
      count: 2,
      write(w, order, out) {
        const n = out.length;
        // Little-endian: the high half of value r is halves[2r + 1].
        if (w === 0) for (let j = 0; j < n; j++) out[j] = halves[2 * order[j] + 1] ^ SIGN;
        else for (let j = 0; j < n; j++) out[j] = halves[2 * order[j]];
      },
    };
  }
  if (column instanceof BoolColumn) {
    const bits = column.values;
    return {
      count: 1,
      write(_w, order, out) {
        for (let j = 0; j < out.length; j++) out[j] = (bits[order[j] >>> 3] >>> (order[j] & 7)) & 1;
      },
    };
  }
  if (column instanceof CategoricalColumn) {
    const ranks = dictionaryRanks(column.dictionary, rankCache);
    const codes = column.codes;
    return {
      count: 1,
      write(_w, order, out) {
        for (let j = 0; j < out.length; j++) out[j] = ranks[codes[order[j]]];
      },
    };
  }
  const ranks = stringRanks(column.offsets, column.data, column.length);
  return {
    count: 1,
    write(_w, order, out) {
      for (let j = 0; j < out.length; j++) out[j] = ranks[order[j]];
    },
  };
}

/** Float bits made monotone as unsigned words: positives get the sign bit set, negatives are inverted. */
function floatWords(values: Float64Array | Float32Array): SortWords {
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  // Float64 values are read through a word view of their own buffer; float32 ones through a scratch.
  const view = values instanceof Float64Array ? new Uint32Array(values.buffer, values.byteOffset, values.length * 2) : null;
  return {
    count: 2,
    write(w, order, out) {
      const n = out.length;
      for (let j = 0; j < n; j++) {
        const r = order[j];
        const v = values[r];
        let hi: number;
        let lo: number;
        if (v !== v) {
          hi = 0x7ff80000;
          lo = 0;
        } else if (v === 0) {
          hi = 0;
          lo = 0;
        } else if (view !== null) {
          hi = view[2 * r + 1];
          lo = view[2 * r];
        } else {
          f64[0] = v;
          hi = u32[1];
          lo = u32[0];
        }
        const negative = (hi & SIGN) !== 0;
        out[j] = w === 0 ? (negative ? ~hi : hi ^ SIGN) : negative ? ~lo : lo;
      }
    },
  };
}
