import { BigIntColumn, type Column } from '../column.js';
import { KeyIndex } from '../group-by/key-index.js';
import { TupleTable } from '../group-by/tuple-table.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Dense ids for join key tuples, shared by both sides of one hash join: the group-by's `KeyIndex` per key
 * column (numbers by value, strings by bytes, a categorical column through its dictionary: each dictionary
 * entry is looked up once, never a string per row) and, for several keys, its `TupleTable` over the key ids.
 * The build side is given ids first, so its key tuples are ids [0, size at the end of the build); a probe row
 * whose id is past that matched nothing. A row with a null key gets -1: null never matches (SQL).
 */
export class JoinKeys {
  private readonly indexes: KeyIndex[];
  private readonly tuples: TupleTable | null;
  private keyIds: Int32Array[] = [];

  constructor(readonly width: number) {
    this.indexes = Array.from({ length: width }, () => new KeyIndex());
    this.tuples = width > 1 ? new TupleTable(width) : null;
  }

  /** Distinct key tuples seen so far. */
  get size(): number {
    return this.tuples === null ? this.indexes[0].size : this.tuples.size;
  }

  get byteLength(): number {
    let n = this.tuples?.byteLength ?? 0;
    for (const k of this.indexes) n += k.byteLength;
    return n;
  }

  /** Writes the key tuple id of each of the `rows` rows of `keys` (one column per key) into `out`. */
  ids(keys: readonly Column[], out: Int32Array, rows: number): void {
    if (this.tuples === null) this.columnIds(0, keys[0], out, rows);
    else {
      if (this.keyIds.length === 0 || this.keyIds[0].length < rows) this.keyIds = keys.map(() => new Int32Array(Math.max(rows, 1024)));
      for (let k = 0; k < this.width; k++) this.columnIds(k, keys[k], this.keyIds[k], rows);
      this.tuples.groupIds(
        this.keyIds,
        out,
        rows,
        this.indexes.map((x) => x.size),
      );
    }
    for (const c of keys) {
      const bits = c.validity;
      if (bits === null) continue;
      for (let i = 0; i < rows; i++) if (((bits[i >>> 3] >>> (i & 7)) & 1) === 0) out[i] = -1;
    }
  }

  private columnIds(k: number, column: Column, out: Int32Array, rows: number): void {
    const index = this.indexes[k];
    if (!(column instanceof BigIntColumn)) {
      index.ids(column, out, rows);
      return;
    }
    // int64 and timestamps compare by value with the other side's numbers: a value a double holds exactly is a
    // number key (int64 5 meets int32 5); only one no double holds stays a bigint, and can meet only an int64.
    const values = column.values;
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      if (v <= MAX_SAFE && v >= -MAX_SAFE) out[i] = index.idOf(Number(v));
      else {
        const x = Number(v);
        out[i] = BigInt(x) === v ? index.idOf(x) : index.idOf(v);
      }
    }
  }
}
