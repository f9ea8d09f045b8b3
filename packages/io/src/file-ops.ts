import { closeSync, fstatSync, openSync, write, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';

/** A file open for writing: the part of a file handle df-stream's writers use. */
export interface WriteHandle {
  /** Writes `bytes[offset, offset + length)` at the file's end and returns how many were written (a full disk may take fewer). */
  write(bytes: Uint8Array, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

/** The same, synchronous: spill files are written from inside the aggregator, which is synchronous. */
export interface SyncWriteHandle {
  write(bytes: Uint8Array, offset: number, length: number): number;
  close(): void;
}

/**
 * Every call through which df-stream creates or replaces a file: output files (a temp name, then a rename) and spill
 * files. One narrow layer, so that a test can make a write fail the way a full disk or a failing device does (ENOSPC,
 * EIO, a short write, a failed rename) without mocking `fs` for the whole process. Production code never swaps it.
 */
export interface FileOps {
  /** Creates `path` for writing; `wx` fails if it exists (a temp name is never someone else's file). */
  create(path: string, flags: 'wx' | 'a'): Promise<WriteHandle>;
  createSync(path: string, flags: 'wx' | 'a'): SyncWriteHandle;
  rename(from: string, to: string): Promise<void>;
  /**
   * Standard output as a handle written from a libuv thread, when it is a regular file (`> out.csv`, `>> log`: each
   * write at the file's current position); undefined otherwise (a terminal, a pipe), for `process.stdout` to write.
   * Closing it leaves the descriptor open.
   */
  stdout(): WriteHandle | undefined;
}

/** The real file system. */
export const nodeFileOps: FileOps = {
  async create(path, flags) {
    const handle = await open(path, flags);
    return {
      write: async (bytes, offset, length) => (await handle.write(bytes, offset, length)).bytesWritten,
      close: () => handle.close(),
    };
  },
  createSync(path, flags) {
    const fd = openSync(path, flags);
    return { write: (bytes, offset, length) => writeSync(fd, bytes, offset, length), close: () => closeSync(fd) };
  },
  rename: (from, to) => rename(from, to),
  stdout() {
    try {
      if (!fstatSync(1).isFile()) return undefined;
    } catch {
      return undefined;
    }
    return {
      write: (bytes, offset, length) =>
        new Promise((resolve, reject) => write(1, bytes, offset, length, null, (error, written) => (error === null ? resolve(written) : reject(error)))),
      close: async () => undefined,
    };
  },
};

let current: FileOps = nodeFileOps;

/** The file layer writers and the spill store go through. */
export function fileOps(): FileOps {
  return current;
}

/** Puts another file layer in place (a test's, which injects faults) and returns a function that restores the previous one. */
export function setFileOps(ops: FileOps): () => void {
  const previous = current;
  current = ops;
  return () => {
    current = previous;
  };
}
