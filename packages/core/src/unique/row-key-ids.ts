import type { Column } from '../column.js';
import { KeyIndex } from '../group-by/key-index.js';
import { TupleTable } from '../group-by/tuple-table.js';

/**
 * Dense ids for the distinct key tuples of rows, in order of first appearance: one `KeyIndex` per key column
 * (categorical codes, interned string bytes, numbers in an open-addressing table; null is one key, as are NaN, and
 * 0 with -0) and a `TupleTable` over their ids when there are several keys: the group-by's key machinery.
 */
export class RowKeyIds {
  private readonly indexes: KeyIndex[];
  private readonly tuples: TupleTable | null;
  private keyIds: Int32Array[] = [];

  constructor(readonly width: number) {
    this.indexes = Array.from({ length: width }, () => new KeyIndex());
    this.tuples = width > 1 ? new TupleTable(width) : null;
  }

  /** Distinct keys so far. */
  get size(): number {
    if (this.tuples !== null) return this.tuples.size;
    return this.width === 0 ? 1 : this.indexes[0].size;
  }

  get byteLength(): number {
    let n = this.tuples?.byteLength ?? 0;
    for (const i of this.indexes) n += i.byteLength;
    for (const a of this.keyIds) n += a.byteLength;
    return n;
  }

  /** The key id of each of the `rows` rows whose key columns are `columns`. */
  ids(columns: readonly Column[], rows: number): Int32Array {
    const out = new Int32Array(rows);
    if (this.width === 0) return out;
    if (this.tuples === null) {
      this.indexes[0].ids(columns[0], out, rows);
      return out;
    }
    if (this.keyIds.length === 0 || this.keyIds[0].length < rows) this.keyIds = this.indexes.map(() => new Int32Array(Math.max(rows, 1024)));
    columns.forEach((c, k) => this.indexes[k].ids(c, this.keyIds[k], rows));
    this.tuples.groupIds(
      this.keyIds,
      out,
      rows,
      this.indexes.map((i) => i.size),
    );
    return out;
  }
}
