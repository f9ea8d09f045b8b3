import { BigIntColumn, type Column, NumberColumn } from '../column.js';
import { KeyIndex } from '../group-by/key-index.js';
import { TupleTable } from '../group-by/tuple-table.js';
import { DirectIntKeys } from './direct-int-keys.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Dense ids for join key tuples, shared by both sides of one hash join: per key column a direct table while the
 * build side's keys are small non-negative integers (`DirectIntKeys`), else the group-by's `KeyIndex` (numbers by
 * value, strings by bytes, a categorical column through its dictionary: each dictionary entry is looked up once,
 * never a string per row); for several keys, the group-by's `TupleTable` over the key ids.
 * The build side is given ids first, so its key tuples are ids [0, size at the end of the build); a probe row
 * whose id is past that matched nothing. A row with a null key gets -1: null never matches (SQL).
 */
export class JoinKeys {
  private readonly indexes: KeyIndex[];
  /** Per key column, its direct table while it has one (see `DirectIntKeys`). */
  private readonly direct: (DirectIntKeys | null | undefined)[];
  private misses = new Uint8Array(0);
  private expected = 0;
  private readonly tuples: TupleTable | null;
  private keyIds: Int32Array[] = [];

  constructor(readonly width: number) {
    this.indexes = Array.from({ length: width }, () => new KeyIndex());
    this.direct = new Array(width).fill(undefined);
    this.tuples = width > 1 ? new TupleTable(width) : null;
  }

  /** Distinct key tuples seen so far. */
  get size(): number {
    return this.tuples === null ? this.keySize(0) : this.tuples.size;
  }

  get byteLength(): number {
    let n = this.tuples?.byteLength ?? 0;
    for (const k of this.indexes) n += k.byteLength;
    for (const d of this.direct) n += d?.byteLength ?? 0;
    return n;
  }

  /** Build rows expected in all (an estimate), for sizing direct tables. */
  expectRows(rows: number): void {
    this.expected = rows;
    for (const d of this.direct) d?.expectRows(rows);
  }

  private keySize(k: number): number {
    return this.direct[k]?.size ?? this.indexes[k].size;
  }

  /**
   * Writes the key tuple id of each of the `rows` rows of `keys` (one column per key) into `out`. A `probe` side
   * may get -1 for a row whose key no build row has (and ids past the build's for others).
   */
  ids(keys: readonly Column[], out: Int32Array, rows: number, probe = false): void {
    if (this.tuples === null) this.columnIds(0, keys[0], out, rows, probe);
    else {
      if (this.keyIds.length === 0 || this.keyIds[0].length < rows) this.keyIds = keys.map(() => new Int32Array(Math.max(rows, 1024)));
      if (this.misses.length < rows) this.misses = new Uint8Array(Math.max(rows, 1024));
      const misses = this.misses;
      misses.fill(0, 0, rows);
      for (let k = 0; k < this.width; k++) {
        const ids = this.keyIds[k];
        this.columnIds(k, keys[k], ids, rows, probe);
        // -1: a key no build row has (probe) or a null (direct table): the row matches nothing; id 0 keeps the
        // tuple packing valid meanwhile.
        for (let i = 0; i < rows; i++) {
          if (ids[i] < 0) {
            ids[i] = 0;
            misses[i] = 1;
          }
        }
      }
      this.tuples.groupIds(
        this.keyIds,
        out,
        rows,
        this.indexes.map((_, k) => this.keySize(k)),
      );
      for (let i = 0; i < rows; i++) if (misses[i] === 1) out[i] = -1;
    }
    for (const c of keys) {
      const bits = c.validity;
      if (bits === null) continue;
      for (let i = 0; i < rows; i++) if (((bits[i >>> 3] >>> (i & 7)) & 1) === 0) out[i] = -1;
    }
  }

  private columnIds(k: number, column: Column, out: Int32Array, rows: number, probe: boolean): void {
    let direct = this.direct[k];
    // The first build chunk decides whether a key starts with a direct table: a number column does.
    if (direct === undefined) {
      direct = this.direct[k] = !probe && column instanceof NumberColumn ? new DirectIntKeys() : null;
      direct?.expectRows(this.expected);
    }
    if (direct !== null) {
      if (probe) {
        direct.find(column instanceof NumberColumn ? column.values : numbersOf(column as BigIntColumn, rows), out, rows);
        return;
      }
      if (column instanceof NumberColumn && direct.add(column, out, rows) === rows) return;
      // A value the table cannot hold: the index takes over, with the same ids for the keys seen so far.
      for (const v of direct.values()) this.indexes[k].idOf(v);
      this.direct[k] = null;
    }
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

/** An int64 column's values as numbers where a double holds them exactly (others can match no direct key). */
function numbersOf(column: BigIntColumn, rows: number): Float64Array {
  const out = new Float64Array(rows);
  const values = column.values;
  for (let i = 0; i < rows; i++) {
    const v = values[i];
    out[i] = v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : -1;
  }
  return out;
}
