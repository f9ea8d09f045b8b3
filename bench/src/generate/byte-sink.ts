import fs from 'node:fs';

/**
 * A file written through one large reused Buffer: generators fill `buf` from `pos` and call `flush()` when full,
 * so a 50 GB file costs the same memory as a 1 MB one. The data goes to a temporary name and is renamed by
 * `close()`, so an interrupted run never leaves a truncated file that later looks complete.
 */
export class ByteSink {
  readonly buf: Buffer;
  pos = 0;
  bytesWritten = 0;
  private readonly fd: number;
  private readonly tmpPath: string;

  constructor(
    readonly path: string,
    capacity = 8 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(capacity);
    this.tmpPath = `${path}.tmp-${process.pid}`;
    this.fd = fs.openSync(this.tmpPath, 'w');
  }

  flush(): void {
    let offset = 0;
    while (offset < this.pos) offset += fs.writeSync(this.fd, this.buf, offset, this.pos - offset);
    this.bytesWritten += this.pos;
    this.pos = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
    fs.renameSync(this.tmpPath, this.path);
  }

  /** Drops the partial file; for error paths. */
  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.tmpPath, { force: true });
  }
}
