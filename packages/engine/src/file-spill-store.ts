import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Chunk } from '@df-stream/core';
import { DfError } from '@df-stream/core';
import { type ChunkSpillArea, type CompactPartial, DictionaryTable, type SpillArea, type SpillStore } from '@df-stream/core/internal';
import { fileOps, type SyncWriteHandle, writeError } from '@df-stream/io/internal';
import { decodeChunk, encodeChunk } from './chunk-codec.js';
import { decodePartial, encodePartial } from './partial-codec.js';
import { makeTempDir, removeTempDir } from './temp-dirs.js';

const SPILL_HINT = 'spill files go to DF_STREAM_TMPDIR (else the system temp directory): point it at a disk with room, or give the job more memory';

/** How one kind of spilled value becomes bytes and back. */
interface SpillCodec<T> {
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

/**
 * Partitions as append-only files in a private temp directory: each value a length-prefixed codec blob (group-by
 * partial states; chunks of sort runs and join or unique partitions). Writes go through io's file layer
 * (`fileOps`), where tests inject a full disk; a failed write fails the job with an io error naming the file, and
 * the operator's dispose removes the directory.
 */
export class FileSpillStore implements SpillStore {
  create(partitions: number): SpillArea<CompactPartial> {
    return new FileSpillArea(partitions, { encode: encodePartial, decode: decodePartial });
  }

  createChunks(partitions: number): ChunkSpillArea {
    // Dictionaries stay in memory, shared with the chunks not spilled; the files hold codes that name them.
    const dictionaries = new DictionaryTable();
    return new FileSpillArea<Chunk>(partitions, { encode: (c) => encodeChunk(c, dictionaries), decode: (b) => decodeChunk(b, dictionaries) });
  }
}

class FileSpillArea<T> implements SpillArea<T> {
  private dir: string | null;
  private readonly files: SyncWriteHandle[] = [];
  private readonly sizes: number[];

  constructor(
    partitions: number,
    private readonly codec: SpillCodec<T>,
  ) {
    this.sizes = new Array<number>(partitions).fill(0);
    this.dir = makeTempDir('df-stream-spill-');
    try {
      for (let p = 0; p < partitions; p++) this.files.push(fileOps().createSync(this.path(p), 'a'));
    } catch (error) {
      // Nobody holds this area yet to dispose of it.
      const failed = this.path(this.files.length);
      this.dispose();
      throw writeError(error, failed, SPILL_HINT);
    }
  }

  append(partition: number, value: T): void {
    const blob = this.codec.encode(value);
    const header = Buffer.alloc(8);
    header.writeDoubleLE(blob.length);
    const file = this.files[partition];
    try {
      writeFully(file, header);
      writeFully(file, blob);
      this.sizes[partition] += blob.length;
    } catch (error) {
      throw writeError(error, this.path(partition), SPILL_HINT);
    }
  }

  /** Bytes appended to a partition (encoded, without the length prefixes). */
  bytes(partition: number): number {
    return this.sizes[partition];
  }

  *read(partition: number): Generator<T> {
    const path = this.path(partition);
    const fd = openSync(path, 'r');
    try {
      const header = Buffer.alloc(8);
      let pos = 0;
      for (;;) {
        const got = readFully(fd, header, pos, path);
        if (got === 0) break;
        const len = header.readDoubleLE(0);
        const blob = Buffer.alloc(len);
        // A spill file shorter than what was appended to it must never read as zeros: the result would be wrong.
        if (got !== 8 || readFully(fd, blob, pos + 8, path) !== len) {
          throw new DfError('io', `spill file ${path} is shorter than what was written to it`, { where: { file: path }, hint: SPILL_HINT });
        }
        pos += 8 + len;
        yield this.codec.decode(blob);
      }
    } finally {
      closeSync(fd);
    }
  }

  dispose(): void {
    for (const file of this.files.splice(0)) {
      try {
        file.close();
      } catch {
        // The file is removed with its directory just below: a failed close loses nothing.
      }
    }
    if (this.dir !== null) removeTempDir(this.dir);
    this.dir = null;
  }

  private path(partition: number): string {
    if (this.dir === null) throw new DfError('internal', 'spill area used after dispose');
    return join(this.dir, `p${partition}`);
  }
}

/** Writes all of `bytes`: a write may take fewer (a disk filling up); one that takes none would loop forever. */
function writeFully(file: SyncWriteHandle, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) {
    const n = file.write(bytes, done, bytes.length - done);
    if (n <= 0) throw new DfError('io', `the file system took none of ${bytes.length - done} bytes`);
    done += n;
  }
}

/** Reads `target.length` bytes at `position`, fewer only at the end of the file; returns how many. */
function readFully(fd: number, target: Uint8Array, position: number, path: string): number {
  let done = 0;
  try {
    while (done < target.length) {
      const n = readSync(fd, target, done, target.length - done, position + done);
      if (n === 0) break;
      done += n;
    }
  } catch (error) {
    const err = DfError.from(error);
    throw new DfError('io', `cannot read spill file ${path}: ${err.message}`, { code: err.code, where: { file: path }, cause: error });
  }
  return done;
}
