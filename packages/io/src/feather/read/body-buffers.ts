import { type Column, DfError } from '@df-stream/core';
import { BigIntColumn, BoolColumn, CategoricalColumn, NumberColumn, Utf8Column } from '@df-stream/core/internal';

/** Buffers kept for reuse at the most, and their bytes (the read-ahead's). */
const MAX_FREE = 8;
const MAX_FREE_BYTES = 96 * 2 ** 20;

/**
 * The read buffers of record batch bodies, reused. After a batch is decoded, `settle` copies out what its columns still
 * view of its buffers (a float column used as it is, a validity bitmap, Utf8 bytes), and keeps the buffers for the
 * batches after. A fresh buffer a batch cost page faults on every read and a V8 garbage collection every few batches
 * ("external memory pressure": 151 ms of a 0.9 s Feather read-all), and a column viewing its body kept the whole body
 * alive: a collected 1e7-row frame of 500 MB held 1.2-1.4 GB.
 */
export class BodyBuffers {
  private readonly free: Uint8Array[] = [];

  /** A buffer of `size` bytes: the smallest free one that holds them, or a new one. */
  take(size: number): Uint8Array {
    if (size === 0) return new Uint8Array(0);
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      if (this.free[i].length >= size && (best < 0 || this.free[i].length < this.free[best].length)) best = i;
    }
    if (best >= 0) return this.free.splice(best, 1)[0].subarray(0, size);
    // An eighth more: the next batch's body, a little bigger, then fits it.
    const buffer = Buffer.allocUnsafeSlow(size + (size >>> 3)).buffer;
    return new Uint8Array(buffer, 0, size);
  }

  /**
   * `columns` (decoded from a body read into `buffers`) with their own copies of what they view of those buffers;
   * the buffers are free again afterwards.
   */
  settle(buffers: readonly Uint8Array[], columns: readonly Column[]): Column[] {
    const body = new Set<ArrayBufferLike>(buffers.map((b) => b.buffer));
    const owned = columns.map((c) => ownColumn(c, body));
    for (const b of buffers) this.free.push(new Uint8Array(b.buffer));
    // The biggest kept, up to the caps (a smaller one would be taken less often); one past the bytes' cap alone is
    // dropped, not the rest with it.
    this.free.sort((a, b) => b.length - a.length);
    let bytes = 0;
    const kept = this.free.filter((b) => {
      if (bytes + b.length > MAX_FREE_BYTES) return false;
      bytes += b.length;
      return true;
    });
    this.free.length = 0;
    this.free.push(...kept.slice(0, MAX_FREE));
    return owned;
  }
}

/**
 * `column`, with copies of its arrays that view one of the `body` buffers (itself when none does). Not `slice(0, n)`,
 * which copies every array and rebases Utf8 offsets through `map`: LargeUtf8 read-all ran 1.59x slower with it.
 */
function ownColumn(column: Column, body: ReadonlySet<ArrayBufferLike>): Column {
  if (!column.buffers().some((v) => body.has(v.buffer))) return column;
  const own = <T extends { readonly buffer: ArrayBufferLike; slice(): T }>(v: T): T => (body.has(v.buffer) ? v.slice() : v);
  const validity = column.validity === null ? null : own(column.validity);
  if (column instanceof NumberColumn) return new NumberColumn(column.dtype, own(column.values), validity, column.nullCount);
  if (column instanceof BigIntColumn) return new BigIntColumn(column.dtype, own(column.values), validity, column.nullCount);
  if (column instanceof BoolColumn) return new BoolColumn(own(column.values), column.length, validity, column.nullCount);
  if (column instanceof Utf8Column) return new Utf8Column(own(column.offsets), own(column.data), validity, column.nullCount);
  if (column instanceof CategoricalColumn) return new CategoricalColumn(own(column.codes), column.dictionary, validity, column.nullCount);
  throw new DfError('internal', 'a column of a kind the Feather reader does not make');
}
