import { growArray } from '../aggregates/state-arrays.js';
import type { NumberColumn } from '../column.js';

const EMPTY = -1;
/** A direct table may index values up to this at least (4 MB of ids), ... */
const MIN_RANGE = 1 << 20;
/**
 * ... and up to this many times the build rows seen or expected (`expectRows`: the first chunk of a column of ids up
 * to ten million cannot tell how many keys will come). Join keys are usually dense ids: 1.1 values per key in J1.
 */
const RANGE_PER_ROW = 8;

/**
 * Key ids of integer keys in [0, range) from a table indexed by the value: no hashing, one array read per row,
 * and the key tuple of a row that matched nothing is never stored (a probe side adds nothing). What most join
 * keys are (dense integer ids); `JoinKeys` falls back to the group-by's `KeyIndex` for any other value, giving it
 * the keys seen so far in id order, so the ids stay the same.
 */
export class DirectIntKeys {
  private table: Int32Array = new Int32Array(0);
  /** The value of each id, in id order. */
  private keys = new Float64Array(16);
  private count = 0;
  private rows = 0;
  private expected = 0;

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.table.byteLength + this.keys.byteLength;
  }

  /** Build rows expected in all (an estimate): the table may span values up to a multiple of them. */
  expectRows(rows: number): void {
    this.expected = rows;
  }

  /** The values of ids [0, size), for handing over to a `KeyIndex`. */
  values(): Float64Array {
    return this.keys.subarray(0, this.count);
  }

  /**
   * Build side: writes the id of each row (nulls' values are read but their ids are overwritten by the caller).
   * Returns the first row it could not take (a value not a small non-negative integer), or `rows` when all fit.
   */
  add(column: NumberColumn, out: Int32Array, rows: number): number {
    const values = column.values;
    const bits = column.validity;
    this.rows += rows;
    const range = Math.max(MIN_RANGE, Math.max(this.rows, this.expected) * RANGE_PER_ROW);
    for (let i = 0; i < rows; i++) {
      if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) {
        out[i] = EMPTY;
        continue;
      }
      const v = values[i];
      if (!(v >= 0 && v === Math.floor(v))) return i;
      let table = this.table;
      if (v >= table.length) {
        if (v >= range) return i;
        table = this.table = grow(table, v + 1, range);
      }
      let id = table[v];
      if (id === EMPTY) {
        id = table[v] = this.count++;
        if (id >= this.keys.length) this.keys = growArray(this.keys, id + 1);
        this.keys[id] = v;
      }
      out[i] = id;
    }
    return rows;
  }

  /** Probe side: the id of each row's value, or -1 where no build row has it. */
  find(values: ArrayLike<number>, out: Int32Array, rows: number): void {
    const table = this.table;
    const n = table.length;
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      out[i] = v >= 0 && v < n && v === Math.floor(v) ? table[v] : EMPTY;
    }
  }
}

/** The table grown to hold index `n - 1`: doubled, but not past `range`. */
function grow(table: Int32Array, n: number, range: number): Int32Array {
  const out = new Int32Array(Math.min(range, Math.max(n, table.length * 2, 1024))).fill(EMPTY);
  out.set(table);
  return out;
}
