import { type FileHandle, open } from 'node:fs/promises';
import { DfError } from '@df-stream/core';
import { fileChangedError } from '../../file-changed-error.js';

/** Where bytes come from: `read` fills `target[offset, offset + length)` and returns the count, 0 at the end. */
export interface ByteInput {
  read(target: Uint8Array, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * A file read with positioned `fs.read` calls from `position` up to `end`, its size when the reader first opened it:
 * a snapshot, so bytes appended since are not read (a log being written reads as it was). Rows that are not in the
 * file are never made up: a file that shrinks below `end` while it is read fails, and so does one that grew past
 * `end` while its byte at `end - 1` ends no line (a writer was mid-row there).
 */
export async function fileInput(path: string, position: number, end = Infinity, file = path): Promise<ByteInput> {
  const handle: FileHandle = await open(path, 'r');
  let pos = position;
  /** The last byte read, -1 before any. */
  let last = -1;
  let checked = false;
  return {
    async read(target, offset, length) {
      const want = Math.min(length, end - pos);
      if (want <= 0) {
        if (!checked && last !== 0x0a && last !== 0x0d && last !== -1) await checkNotCut();
        checked = true;
        return 0;
      }
      const { bytesRead } = await handle.read(target, offset, want, pos);
      if (bytesRead === 0 && end !== Infinity) {
        const now = (await handle.stat()).size;
        throw fileChangedError(file, 'csv', `it had ${end} bytes when first opened, ${now} now (reading stopped at byte ${pos})`);
      }
      pos += bytesRead;
      if (bytesRead > 0) last = target[offset + bytesRead - 1];
      return bytesRead;
    },
    close: () => handle.close(),
  };

  async function checkNotCut(): Promise<void> {
    const now = (await handle.stat()).size;
    if (now > end) throw fileChangedError(file, 'csv', `it grew from ${end} to ${now} bytes, and its last row was cut at byte ${end}`);
  }
}

/** An async iterable of byte pieces (a Node `Readable`, stdin), after an optional prefix already taken from it. */
export function streamInput(iterator: AsyncIterator<unknown>, prefix?: Uint8Array): ByteInput {
  let pending: Uint8Array | null = prefix !== undefined && prefix.length > 0 ? prefix : null;
  let done = false;
  return {
    async read(target, offset, length) {
      while (pending === null) {
        if (done) return 0;
        const next = await iterator.next();
        if (next.done === true) {
          done = true;
          return 0;
        }
        const piece = toBytes(next.value);
        if (piece.length > 0) pending = piece;
      }
      const n = Math.min(length, pending.length);
      target.set(n === pending.length ? pending : pending.subarray(0, n), offset);
      pending = n === pending.length ? null : pending.subarray(n);
      return n;
    },
    async close() {
      if (!done) {
        done = true;
        await iterator.return?.();
      }
    },
  };
}

function toBytes(piece: unknown): Uint8Array {
  if (piece instanceof Uint8Array) return piece;
  if (typeof piece === 'string') return Buffer.from(piece, 'utf8');
  throw new DfError('usage', `a CSV stream must yield bytes (Uint8Array/Buffer), got ${typeof piece}`);
}

/** Wraps an input of latin1 bytes so it yields UTF-8 (each byte >= 0x80 becomes two). */
export function latin1Input(inner: ByteInput): ByteInput {
  let raw = new Uint8Array(0);
  let rawPos = 0;
  let rawEnd = 0;
  return {
    async read(target, offset, length) {
      if (rawPos === rawEnd) {
        if (raw.length < length) raw = new Uint8Array(length);
        rawPos = 0;
        rawEnd = await inner.read(raw, 0, length);
        if (rawEnd === 0) return 0;
      }
      // Callers always leave room for at least one two-byte character (see ByteReader.fill).
      let out = offset;
      const limit = offset + length - 1;
      while (rawPos < rawEnd && out < limit) {
        const b = raw[rawPos++];
        if (b < 0x80) target[out++] = b;
        else {
          target[out++] = 0xc0 | (b >>> 6);
          target[out++] = 0x80 | (b & 0x3f);
        }
      }
      return out - offset;
    },
    close: () => inner.close(),
  };
}

/** Reads need room for a multi-byte character of a transcoded input. */
const MIN_ROOM = 4;
/** Room kept before each read's bytes for the unfinished row carried over from the previous buffer. */
const MAX_RESERVE = 64 << 10;

/**
 * Two reused read buffers over an input: while the tokenizer works on one, the next read fills the other
 * (so the thread pool's read overlaps parsing). A read lands at `reserve` in its buffer; `fill(keepFrom)`
 * copies the unfinished row (`buf[keepFrom, end)`) just before it, so only that row is ever copied. A row
 * longer than the reserve gets one contiguous buffer, at least twice its size and filled to the brim:
 * re-tokenizing a long row after each small read would be quadratic.
 * `buf[end]` is always a line feed, a sentinel that lets inner loops skip bounds checks.
 */
export class ByteReader {
  /** A plain Uint8Array, never a Buffer: the hot loops stay monomorphic when every buffer they see is one kind. */
  buf: Uint8Array;
  /** The window of unconsumed bytes is buf[start, end). */
  start: number;
  end: number;
  /** The input has no bytes after `buf[end)`. */
  eof = false;
  /** Input offset of `buf[0]`. */
  offset: number;
  private spare: Uint8Array;
  private prefetch: Promise<number> | null = null;
  private ended = false;
  private readonly reserve: number;
  private readonly readSize: number;

  constructor(
    private readonly input: ByteInput,
    readSize: number,
    startOffset: number,
  ) {
    this.readSize = Math.max(readSize, MIN_ROOM * 2);
    this.reserve = Math.min(MAX_RESERVE, this.readSize);
    this.buf = new Uint8Array(this.reserve + this.readSize + 1);
    this.spare = new Uint8Array(this.buf.length);
    this.start = this.reserve;
    this.end = this.reserve;
    this.offset = startOffset - this.reserve;
  }

  /** Keeps `buf[keepFrom, end)` and appends the next read; afterwards the window is buf[start, end). */
  async fill(keepFrom: number, maxCapacity: number): Promise<void> {
    const carry = this.end - keepFrom;
    const next = this.offset + this.end;
    this.prefetch ??= this.ended ? Promise.resolve(0) : this.readInto(this.spare, this.reserve, this.readSize);
    const n = await this.prefetch;
    this.prefetch = null;
    if (carry <= this.reserve && this.reserve + n < this.spare.length) {
      const target = this.spare;
      target.set(this.buf.subarray(keepFrom, this.end), this.reserve - carry);
      this.spare = this.buf;
      this.buf = target;
      this.start = this.reserve - carry;
      this.end = this.reserve + n;
      this.offset = next - this.reserve;
    } else {
      const size = Math.max(this.readSize, Math.min(Math.max(maxCapacity, carry + n + MIN_ROOM), 2 * (carry + n)));
      const big = new Uint8Array(size + 1);
      big.set(this.buf.subarray(keepFrom, this.end), 0);
      big.set(this.spare.subarray(this.reserve, this.reserve + n), carry);
      this.buf = big;
      this.start = 0;
      this.end = carry + n;
      this.offset = next - carry;
      this.end += await this.readInto(big, this.end, size - this.end);
    }
    this.eof = this.ended;
    this.buf[this.end] = 0x0a;
    if (!this.ended) {
      this.prefetch = this.readInto(this.spare, this.reserve, this.readSize);
      // Its failure (EIO, a file that shrank) is thrown by the next fill; until then it must not count as unhandled,
      // which would end the process while the consumer is busy with the rows before it.
      this.prefetch.catch(() => undefined);
    }
  }

  /** Reads until `length` bytes or the end of the input. */
  private async readInto(target: Uint8Array, at: number, length: number): Promise<number> {
    let n = 0;
    while (!this.ended && length - n >= MIN_ROOM) {
      const got = await this.input.read(target, at + n, length - n);
      if (got === 0) this.ended = true;
      else n += got;
    }
    return n;
  }

  async close(): Promise<void> {
    await this.prefetch?.catch(() => 0);
    this.prefetch = null;
    await this.input.close();
  }
}

/** Bytes already read (the head a stream was sniffed from), then the rest of `inner`. */
export function prefixedInput(prefix: Uint8Array, inner: ByteInput): ByteInput {
  let pending: Uint8Array | null = prefix.length > 0 ? prefix : null;
  return {
    async read(target, offset, length) {
      if (pending === null) return inner.read(target, offset, length);
      const n = Math.min(length, pending.length);
      target.set(pending.subarray(0, n), offset);
      pending = n === pending.length ? null : pending.subarray(n);
      return n;
    },
    close: () => inner.close(),
  };
}

/** Reads and drops `count` bytes of `input` (to start a transcoded input past its head). */
export async function skipBytes(input: ByteInput, count: number): Promise<void> {
  const scratch = new Uint8Array(Math.min(count, 1 << 20) + 4);
  let left = count;
  while (left > 0) {
    const n = await input.read(scratch, 0, Math.min(left, scratch.length));
    if (n === 0) return;
    left -= n;
  }
}
