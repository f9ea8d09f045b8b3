import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { fileChangedError } from '../../file-changed-error.js';

/**
 * `handle` as apache-arrow reads it (`RecordBatchReader.from` takes anything with `fd`, `stat` and `read`), with
 * reads that are whole or fail. Arrow plans its reads on the size it saw at open and loops while a read returns no
 * bytes: a file truncated while it is read would spin forever. Here a read that ends before `size`, the size at
 * open, fails with a FormatError (code 'changed'), and a short read goes on until it is whole.
 */
export function snapshotFileHandle(handle: FileHandle, size: number, file: string): FileHandle {
  const read = async (buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number; buffer: Uint8Array }> => {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(buffer, offset + done, length - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    if (done < length && position + done < size) {
      const now = (await handle.stat()).size;
      throw fileChangedError(file, 'feather', `it had ${size} bytes when opened, ${now} now (a read at byte ${position + done} found none)`);
    }
    return { bytesRead: done, buffer };
  };
  // Arrow takes the file's size from `stat`: the size at open, so its reads and this check agree.
  const stat = async (): Promise<Stats> => Object.assign(await handle.stat(), { size });
  const wrapped = { fd: handle.fd, stat, read, close: () => handle.close() };
  // Arrow needs only these members of a FileHandle (its isFileHandle test: `fd` and `stat`; then `read`, `close`).
  return wrapped as unknown as FileHandle;
}
