import { DfError } from '@df-stream/core';
import { outputOf } from './atomic-write.js';
import { fileOps, type WriteHandle } from './file-ops.js';
import { writeError } from './write-error.js';

/** A temp file of an output being written: every write is whole, and every failure names the output (see `writeError`). */
export interface OutputFile {
  /** Writes all of `bytes`: a short write (a disk filling up) goes on with the rest, or fails. */
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Writes all of `bytes` to `handle`: a short write (a disk filling up) goes on with the rest, or fails naming `output`. */
export async function writeFully(handle: WriteHandle, bytes: Uint8Array, output: string): Promise<void> {
  try {
    for (let done = 0; done < bytes.length; ) {
      const n = await handle.write(bytes, done, bytes.length - done);
      // A regular file takes at least a byte or fails with an errno: none at all would loop forever.
      if (n <= 0) throw new DfError('io', `cannot write ${output}: the file system took none of ${bytes.length - done} bytes`, { where: { file: output } });
      done += n;
    }
  } catch (error) {
    throw writeError(error, output);
  }
}

/** Creates `temp` (a name from `tempPathFor`) through the file layer; it must not exist yet. */
export async function createOutputFile(temp: string): Promise<OutputFile> {
  const output = outputOf(temp);
  const handle = await fileOps()
    .create(temp, 'wx')
    .catch((error: unknown) => {
      throw writeError(error, output);
    });
  let closed = false;
  return {
    write: (bytes) => writeFully(handle, bytes, output),
    async close() {
      if (closed) return;
      closed = true;
      // A close can fail too (some file systems report a full disk only then): then the write failed.
      await handle.close().catch((error: unknown) => {
        throw writeError(error, output);
      });
    },
  };
}
