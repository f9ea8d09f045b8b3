import { growArray } from '../aggregates/state-arrays.js';
import { Chunk } from '../chunk.js';
import { takeColumn } from '../take.js';
import { RowKeyIds } from './row-key-ids.js';
import type { UniqueKeep } from './unique-options.js';

/**
 * The unique kernel over a stream of chunks. 'first' and 'any' give, per chunk, the rows whose key is new (input
 * order, so it streams); 'last' and 'none' buffer the chunks with each row's key id, count or note the last row
 * of each key, and give the kept rows in input order at the end.
 */
export class UniqueRows {
  private readonly keyIds: RowKeyIds;
  private seen = 0;
  private readonly buffered: { chunk: Chunk; ids: Int32Array; first: number }[] = [];
  private rows = 0;
  /** Per key: the last row's position ('last') or min(count, 2) ('none'). */
  private mark = new Float64Array(1024);
  private bufferedBytes = 0;

  constructor(
    readonly keys: readonly string[],
    readonly keep: UniqueKeep,
  ) {
    this.keyIds = new RowKeyIds(keys.length);
  }

  /** Bytes held: the key set, and for 'last'/'none' the buffered chunks and their key ids. */
  get byteLength(): number {
    return this.keyIds.byteLength + this.mark.byteLength + this.bufferedBytes;
  }

  /** The chunks buffered so far ('last'/'none'), for a caller that spills them. */
  bufferedChunks(): Chunk[] {
    return this.buffered.map((b) => b.chunk);
  }

  /** Rows of `chunk` whose key is new ('first'/'any'); undefined when none is. */
  firstRows(chunk: Chunk): Chunk | undefined {
    const ids = this.idsOf(chunk);
    const keep = new Int32Array(chunk.numRows);
    let m = 0;
    // Ids are dense in order of first appearance: a new key's first row carries the next id.
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === this.seen) {
        keep[m++] = i;
        this.seen++;
      }
    }
    if (m === 0) return undefined;
    if (m === chunk.numRows) return chunk;
    return take(chunk, keep.subarray(0, m));
  }

  /** Buffers a chunk ('last'/'none'). */
  add(chunk: Chunk): void {
    const ids = this.idsOf(chunk);
    const size = this.keyIds.size;
    if (size > this.mark.length) this.mark = growArray(this.mark, size);
    const mark = this.mark;
    if (this.keep === 'last') for (let i = 0; i < ids.length; i++) mark[ids[i]] = this.rows + i;
    else for (let i = 0; i < ids.length; i++) if (mark[ids[i]] < 2) mark[ids[i]]++;
    this.buffered.push({ chunk, ids, first: this.rows });
    this.rows += chunk.numRows;
    this.bufferedBytes += chunk.byteLength + ids.byteLength;
  }

  /** The kept rows of the buffered chunks, in input order ('last'/'none'). */
  *finish(): Generator<Chunk> {
    const mark = this.mark;
    for (const { chunk, ids, first } of this.buffered) {
      const keep = new Int32Array(chunk.numRows);
      let m = 0;
      if (this.keep === 'last') {
        for (let i = 0; i < ids.length; i++) if (mark[ids[i]] === first + i) keep[m++] = i;
      } else for (let i = 0; i < ids.length; i++) if (mark[ids[i]] === 1) keep[m++] = i;
      if (m === chunk.numRows) yield chunk;
      else if (m > 0) yield take(chunk, keep.subarray(0, m));
    }
  }

  private idsOf(chunk: Chunk): Int32Array {
    return this.keyIds.ids(
      this.keys.map((k) => chunk.column(k)),
      chunk.numRows,
    );
  }
}

function take(chunk: Chunk, rows: Int32Array): Chunk {
  return new Chunk(
    chunk.schema,
    chunk.columns.map((c) => takeColumn(c, rows)),
  );
}
