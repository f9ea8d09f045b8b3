import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DfError } from '@df-stream/core';
import type { CompactPartial, SpillArea, SpillStore } from '@df-stream/core/internal';
import { decodePartial, encodePartial } from './partial-codec.js';
import { makeTempDir, removeTempDir } from './temp-dirs.js';

/** Partitions as append-only files in a private temp directory: each partial a length-prefixed codec blob. */
export class FileSpillStore implements SpillStore {
  create(partitions: number): SpillArea {
    return new FileSpillArea(partitions);
  }
}

class FileSpillArea implements SpillArea {
  private dir: string | null;
  private readonly fds: number[] = [];

  constructor(partitions: number) {
    this.dir = makeTempDir('df-stream-spill-');
    for (let p = 0; p < partitions; p++) this.fds.push(openSync(this.path(p), 'a'));
  }

  append(partition: number, partial: CompactPartial): void {
    const blob = encodePartial(partial);
    const header = Buffer.alloc(8);
    header.writeDoubleLE(blob.length);
    writeSync(this.fds[partition], header);
    writeSync(this.fds[partition], blob);
  }

  *read(partition: number): Generator<CompactPartial> {
    const fd = openSync(this.path(partition), 'r');
    try {
      const header = Buffer.alloc(8);
      let pos = 0;
      while (readSync(fd, header, 0, 8, pos) === 8) {
        const len = header.readDoubleLE(0);
        const blob = Buffer.alloc(len);
        readSync(fd, blob, 0, len, pos + 8);
        pos += 8 + len;
        yield decodePartial(blob);
      }
    } finally {
      closeSync(fd);
    }
  }

  dispose(): void {
    for (const fd of this.fds.splice(0)) closeSync(fd);
    if (this.dir !== null) removeTempDir(this.dir);
    this.dir = null;
  }

  private path(partition: number): string {
    if (this.dir === null) throw new DfError('internal', 'spill area used after dispose');
    return join(this.dir, `p${partition}`);
  }
}
