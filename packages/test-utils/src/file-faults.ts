import type { FileOps, SyncWriteHandle, WriteHandle } from '@df-stream/io/internal';

/** What a failing disk does to one kind of call, on the paths `path` matches (all when absent). */
export interface FileFault {
  readonly op: 'create' | 'write' | 'close' | 'rename';
  readonly path?: RegExp;
  /** The errno code the call fails with (ENOSPC, EIO, EACCES, ...); none for `maxBytes` alone. */
  readonly code?: string;
  /**
   * For `write`: the file takes this many bytes, then fails. The write that crosses the limit is short (it takes what
   * fits, as a filling disk does) and the next one fails with `code`.
   */
  readonly afterBytes?: number;
  /** For `write`: each call takes at most this many bytes (short writes, no error). */
  readonly maxBytes?: number;
}

/** Node's text for the codes tests use. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EIO: 'i/o error',
  EACCES: 'permission denied',
  EDQUOT: 'disk quota exceeded',
  EXDEV: 'cross-device link not permitted',
};

/** An error shaped like the one Node throws for a failed system call. */
export function systemError(code: string, syscall: string, path?: string, dest?: string): Error {
  const where = path === undefined ? '' : ` '${path}'${dest === undefined ? '' : ` -> '${dest}'`}`;
  const error = new Error(`${code}: ${DESCRIPTIONS[code] ?? 'unknown error'}, ${syscall}${where}`);
  return Object.assign(error, { code, syscall, errno: -1, ...(path === undefined ? {} : { path }), ...(dest === undefined ? {} : { dest }) });
}

/** What went through the layer: to check that a test's fault really happened, and where. */
export interface FaultLog {
  /** Paths of the calls a fault failed. */
  readonly hits: string[];
  /** Paths of every file created. */
  readonly created: string[];
}

/**
 * `real` with `faults` injected: a full disk, a failing device, short writes, a rename that fails. For io's file
 * layer (`setFileOps(faultyFileOps(nodeFileOps, [...]))`); the type-only import keeps this module free of io.
 */
export function faultyFileOps(real: FileOps, faults: readonly FileFault[]): FileOps & FaultLog {
  const hits: string[] = [];
  const created: string[] = [];
  const matching = (op: FileFault['op'], path: string): FileFault | undefined => faults.find((f) => f.op === op && (f.path === undefined || f.path.test(path)));
  const fail = (op: FileFault['op'], path: string, syscall: string, dest?: string): void => {
    const fault = matching(op, path);
    if (fault?.code === undefined || fault.afterBytes !== undefined) return;
    hits.push(path);
    throw systemError(fault.code, syscall, op === 'write' || op === 'close' ? undefined : path, dest);
  };
  /** Bytes a write of `length` may take after `written`: fewer than asked (short), or an error. */
  const allowed = (path: string, written: number, length: number): number => {
    const fault = matching('write', path);
    if (fault === undefined) return length;
    let n = Math.min(length, fault.maxBytes ?? length);
    if (fault.afterBytes !== undefined && fault.code !== undefined) {
      if (written >= fault.afterBytes) {
        hits.push(path);
        throw systemError(fault.code, 'write');
      }
      n = Math.min(n, fault.afterBytes - written);
    } else if (fault.code !== undefined) {
      hits.push(path);
      throw systemError(fault.code, 'write');
    }
    return n;
  };
  /** `handle` with the write and close faults of `path`. */
  const faulty = (path: string, handle: WriteHandle): WriteHandle => {
    let written = 0;
    return {
      async write(bytes, offset, length) {
        const n = await handle.write(bytes, offset, allowed(path, written, length));
        written += n;
        return n;
      },
      async close() {
        await handle.close();
        fail('close', path, 'close');
      },
    };
  };
  return {
    hits,
    created,
    async create(path, flags) {
      fail('create', path, 'open');
      created.push(path);
      return faulty(path, await real.create(path, flags));
    },
    createSync(path, flags) {
      fail('create', path, 'open');
      created.push(path);
      const handle: SyncWriteHandle = real.createSync(path, flags);
      let written = 0;
      return {
        write(bytes, offset, length) {
          const n = handle.write(bytes, offset, allowed(path, written, length));
          written += n;
          return n;
        },
        close() {
          handle.close();
          fail('close', path, 'close');
        },
      };
    },
    async rename(from, to) {
      fail('rename', from, 'rename', to);
      await real.rename(from, to);
    },
    stdout() {
      const handle = real.stdout();
      return handle === undefined ? undefined : faulty('stdout', handle);
    },
  };
}
