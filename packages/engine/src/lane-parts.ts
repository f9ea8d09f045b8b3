import { type Chunk, DfError, type ScanSource } from '@df-stream/core';
import type { SplitScanOptions } from '@df-stream/core/internal';

/** A part of a parallel scan a lane reads: its number in the whole scan, and its rows. */
export interface LanePart {
  readonly index: number;
  readonly rows: number;
}

/** A piece of a lane's scan: a chunk of part `part`, or (chunk undefined) the end of that part. */
export interface LanePiece {
  readonly part: number;
  readonly chunk?: Chunk;
  /** The lane's bytes read so far. */
  readonly bytesRead: number;
}

/**
 * The chunks of one lane of a parallel scan cut where its parts end (a reader's chunk may span two of them), each
 * part followed by its end. `parts` are the lane's, in order, with the rows each holds.
 */
export async function* laneParts(lane: ScanSource, parts: readonly LanePart[], options: SplitScanOptions): AsyncGenerator<LanePiece> {
  const bytesRead = (): number => lane.progress?.().bytesRead ?? 0;
  let p = 0;
  let left = parts[0]?.rows ?? 0;
  // Ends the parts that are done (parts of no rows, none of which are made, end before any chunk of theirs).
  function* ends(): Generator<LanePiece> {
    while (left === 0 && p < parts.length) {
      yield { part: parts[p].index, bytesRead: bytesRead() };
      p++;
      left = parts[p]?.rows ?? 0;
    }
  }
  yield* ends();
  for await (const chunk of lane.scan({ columns: options.columns, keyColumns: options.keyColumns })) {
    let rest: Chunk = chunk;
    while (rest.numRows > 0) {
      if (p >= parts.length) throw new DfError('internal', `a scan lane gave more rows than its ${parts.length} parts hold`);
      const take = Math.min(left, rest.numRows);
      const piece = take === rest.numRows ? rest : rest.slice(0, take);
      rest = take === rest.numRows ? rest.slice(0, 0) : rest.slice(take);
      left -= take;
      yield { part: parts[p].index, chunk: piece, bytesRead: bytesRead() };
      yield* ends();
    }
  }
  if (p < parts.length) throw new DfError('internal', `a scan lane ended ${left} rows short of part ${parts[p].index}`);
}
