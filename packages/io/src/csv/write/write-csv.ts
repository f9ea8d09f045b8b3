import { once } from 'node:events';
import { fstatSync, write as writeFd } from 'node:fs';
import { type Chunk, DfError, type Schema } from '@df-stream/core';
import { writeAtomically } from '../../atomic-write.js';
import { createOutputFile } from '../../output-file.js';
import { writeError } from '../../write-error.js';
import type { CsvWriteOptions } from '../csv-options.js';
import { ByteBuffer } from './byte-buffer.js';
import { CsvEncoder } from './csv-encoder.js';

/** Anything that yields chunks: a DataFrame, a LazyFrame, a CsvSource scan, a generator. */
export type ChunkSource = AsyncIterable<Chunk> & { schema?: Schema | (() => Promise<Schema>) };

/** Bytes per write call: big chunks are encoded this much at a time, small ones gathered up to it. */
const WRITE_BYTES = 1 << 20;

/**
 * Streams chunks to a CSV file (see `CsvEncoder` for the text; it checks `options`). A path is written under a temp
 * name in the same directory and renamed at the end, so a failure leaves no partial file; `'-'` or a Writable gets
 * the bytes directly (and is not ended).
 */
export async function writeCsv(source: ChunkSource, path: string | NodeJS.WritableStream, options: CsvWriteOptions = {}): Promise<void> {
  const encoder = new CsvEncoder(options);
  if (path === '-' && isRegularFile(1)) {
    await writeAll(source, encoder, (bytes) => writeToFd(1, 'stdout', bytes));
    return;
  }
  const target = path === '-' ? process.stdout : path;
  if (typeof target !== 'string') {
    await writeAll(source, encoder, (bytes) => writeToStream(target, bytes));
    return;
  }
  await writeAtomically(target, async (temp) => {
    const file = await createOutputFile(temp);
    try {
      await writeAll(source, encoder, (bytes) => file.write(bytes));
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
    await file.close();
  });
}

/**
 * Encodes into one buffer while the other one's bytes are written (a file's writes run on a libuv thread): two buffers
 * for every block. `write` is done with the bytes when it resolves (a file is written from them, a stream is given a
 * copy); one write at a time, so they land in order. Exported for its test.
 */
export async function writeAll(source: ChunkSource, encoder: CsvEncoder, write: (bytes: Uint8Array) => Promise<void>): Promise<void> {
  let out = new ByteBuffer();
  let spare = new ByteBuffer();
  let writing: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    if (out.length === 0) return;
    await writing;
    const full = out;
    writing = write(full.view());
    // A failed write is seen at the next flush, or at the end.
    writing.catch(() => undefined);
    out = spare;
    spare = full;
    out.clear();
  };
  let headerDone = !encoder.writesHeader;
  const known = await schemaOf(source);
  if (!headerDone && known !== undefined) {
    out.append(encoder.header(known));
    headerDone = true;
  }
  // Rows per encode call: about WRITE_BYTES at the last block's bytes per row.
  let rowsPerBlock = 4096;
  for await (const chunk of source) {
    if (!headerDone) {
      out.append(encoder.header(chunk.schema));
      headerDone = true;
    }
    for (let start = 0; start < chunk.numRows; ) {
      const end = Math.min(chunk.numRows, start + rowsPerBlock);
      const before = out.length;
      encoder.encodeInto(out, chunk, start, end);
      rowsPerBlock = Math.max(1, Math.round((WRITE_BYTES * (end - start)) / Math.max(out.length - before, 1)));
      if (out.length >= WRITE_BYTES) await flush();
      start = end;
    }
  }
  await flush();
  await writing;
}

async function schemaOf(source: ChunkSource): Promise<Schema | undefined> {
  const s = source.schema;
  if (s === undefined) return undefined;
  return typeof s === 'function' ? await s.call(source) : s;
}

/** Whether file descriptor `fd` is a regular file (stdout redirected to one). */
function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * Writes all of `bytes` to `fd` from a libuv thread, at its current position. For stdout redirected to a file:
 * `process.stdout` writes a file synchronously, on this thread (1.8 s of a 485 MB result that encoding could
 * overlap).
 */
async function writeToFd(fd: number, name: string, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const n = await new Promise<number>((resolve, reject) =>
      writeFd(fd, bytes, done, bytes.length - done, null, (error, written) => (error === null ? resolve(written) : reject(writeError(error, name)))),
    );
    // A regular file takes at least a byte or fails with an errno: none at all would loop forever.
    if (n <= 0) throw new DfError('io', `cannot write ${name}: the file system took none of ${bytes.length - done} bytes`, { where: { file: name } });
    done += n;
  }
}

/**
 * Writes a copy of `bytes` (the writer reuses them, and a stream may hold on to what it is given past its write
 * callback: a PassThrough hands it on to its reader), then waits for room.
 */
async function writeToStream(stream: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  if (!stream.write(Buffer.from(bytes))) await once(stream as unknown as NodeJS.EventEmitter, 'drain');
}
