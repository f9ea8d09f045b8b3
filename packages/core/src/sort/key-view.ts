import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn } from '../column.js';
import type { CodeArray, NumberArray } from '../dtype.js';
import type { SortKey } from './sort-spec.js';
import { compareUtf8 } from './string-ranks.js';

const NUM = 0;
const BIG = 1;
const BOOL = 2;
/** Categorical compared through ranks of its codes. */
const RANK = 3;
/** Utf8 bytes. */
const BYTES = 4;
/** Categorical compared through its dictionary's bytes (a dictionary still growing: no ranks yet). */
const DICT = 5;

const NO_NUMS = new Float64Array(0);
const NO_BIGS = new BigInt64Array(0);
const NO_BYTES = new Uint8Array(0);
const NO_OFFSETS = new Int32Array(0);
const NO_RANKS = new Uint32Array(0);

/**
 * One key column of one chunk as the row comparator reads it, across chunks: what a k-way merge and a top-k heap
 * compare (the in-memory sort uses normalized words instead). Every view has every field, so the comparator's
 * property reads stay monomorphic.
 */
export interface KeyView {
  readonly kind: number;
  readonly validity: Uint8Array | null;
  readonly nums: NumberArray;
  readonly bigs: BigInt64Array;
  readonly bits: Uint8Array;
  readonly codes: CodeArray;
  readonly ranks: Uint32Array;
  readonly offsets: Int32Array;
  readonly data: Uint8Array;
}

/**
 * The view of a key column. A categorical column compares by `ranks` of its codes when given (a merge, once the
 * input is read and its dictionary final), else by its dictionary's bytes as they are now.
 */
export function keyView(column: Column, ranks?: Uint32Array): KeyView {
  const base = {
    validity: column.validity,
    nums: NO_NUMS as NumberArray,
    bigs: NO_BIGS,
    bits: NO_BYTES,
    codes: NO_BYTES as CodeArray,
    ranks: NO_RANKS,
    offsets: NO_OFFSETS,
    data: NO_BYTES,
  };
  if (column instanceof NumberColumn) return { ...base, kind: NUM, nums: column.values };
  if (column instanceof BigIntColumn) return { ...base, kind: BIG, bigs: column.values };
  if (column instanceof BoolColumn) return { ...base, kind: BOOL, bits: column.values };
  if (column instanceof CategoricalColumn) {
    if (ranks !== undefined) return { ...base, kind: RANK, codes: column.codes, ranks };
    return { ...base, kind: DICT, codes: column.codes, offsets: column.dictionary.valueOffsets, data: column.dictionary.valueBytes };
  }
  return { ...base, kind: BYTES, offsets: column.offsets, data: column.data };
}

/** Row i of `a` against row j of `b` by `keys` (nulls, NaN and directions as the in-memory sort orders them). */
export function compareKeyRows(a: readonly KeyView[], i: number, b: readonly KeyView[], j: number, keys: readonly SortKey[]): number {
  for (let k = 0; k < keys.length; k++) {
    const x = a[k];
    const y = b[k];
    const xNull = x.validity !== null && ((x.validity[i >>> 3] >>> (i & 7)) & 1) === 0;
    const yNull = y.validity !== null && ((y.validity[j >>> 3] >>> (j & 7)) & 1) === 0;
    if (xNull || yNull) {
      if (xNull && yNull) continue;
      const c = xNull ? 1 : -1;
      return keys[k].nullsLast === false ? -c : c;
    }
    let c = 0;
    switch (x.kind) {
      case NUM: {
        const u = x.nums[i];
        const v = y.nums[j];
        c = u < v ? -1 : u > v ? 1 : u === v ? 0 : u !== u ? (v !== v ? 0 : 1) : -1;
        break;
      }
      case BIG: {
        const u = x.bigs[i];
        const v = y.bigs[j];
        c = u < v ? -1 : u > v ? 1 : 0;
        break;
      }
      case BOOL:
        c = ((x.bits[i >>> 3] >>> (i & 7)) & 1) - ((y.bits[j >>> 3] >>> (j & 7)) & 1);
        break;
      case RANK:
        c = x.ranks[x.codes[i]] - y.ranks[y.codes[j]];
        break;
      case BYTES:
        c = compareUtf8(x.data, x.offsets[i], x.offsets[i + 1], y.data, y.offsets[j], y.offsets[j + 1]);
        break;
      default: {
        const p = x.codes[i];
        const q = y.codes[j];
        c = x.data === y.data && p === q ? 0 : compareUtf8(x.data, x.offsets[p], x.offsets[p + 1], y.data, y.offsets[q], y.offsets[q + 1]);
      }
    }
    if (c !== 0) return keys[k].descending === true ? -c : c;
  }
  return 0;
}
