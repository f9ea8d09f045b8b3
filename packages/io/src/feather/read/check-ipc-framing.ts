import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { FormatError } from '../../format-error.js';
import { type BatchLengths, RECORD_BATCH_MESSAGE, readIpcFooterBlocks, readIpcMessage, verifyIpcFlatbuffer } from './ipc-flatbuffers.js';

const CONTINUATION = 0xffffffff;
const MAGIC = 'ARROW1';
/** `ARROW1` + 2 bytes of padding before the first message; the footer's length + `ARROW1` after the footer. */
const HEAD = 8;
const TAIL = 10;
/** No message header (a schema of 100,000 columns is a few MB) needs more: a larger length is corrupt, not read. */
const MAX_METADATA = 256 * 2 ** 20;
/** Bytes read at a message's start: its prefix and, for all but very wide schemas, its whole header. */
const WINDOW = 4096;

/**
 * Checks the framing of an Arrow IPC file or stream before apache-arrow reads it, which trusts every length it
 * meets: a corrupt one makes it loop over hundreds of millions of vector entries or allocate gigabytes. For a file:
 * the trailing magic, a footer length within the file, a footer flatbuffer that verifies, and each block's message;
 * for a stream: every message up to the end-of-stream marker. Each message's metadata must lie before the data's
 * end and verify as a flatbuffer, its body must fit in the file, and each buffer of a (dictionary) batch must lie
 * inside its body, with no negative length or count. Throws a FormatError naming the batch where it knows it.
 * Reads only the message headers, never a body, synchronously (see `readAt`).
 */
export function checkIpcFraming(handle: FileHandle, size: number, isFile: boolean, path: string): void {
  const fail = (detail: string, batch?: number): never => {
    throw new FormatError(detail, { file: path, code: 'malformed', format: 'feather', batch, hint: 'the file is truncated or corrupt' });
  };
  if (!isFile) {
    let at = 0;
    let batch: number | undefined;
    while (at < size) {
      const message = readMessage(handle, at, size, (detail) => fail(detail, batch));
      if (message === undefined) return;
      // Numbered as the reader numbers record batches (none for the schema); a dictionary batch's problem gets the
      // number of the record batch after it.
      batch = message.headerType === RECORD_BATCH_MESSAGE ? (batch ?? -1) + 1 : (batch ?? 0);
      at = message.end;
    }
    return;
  }
  const { footer, footerStart } = readIpcFooter(handle, size, fail);
  const { dictionaries, recordBatches } = readIpcFooterBlocks(footer);
  const blocks = [
    ...dictionaries.map((offset, i) => ({ offset, label: `dictionary batch ${i}`, batch: undefined })),
    ...recordBatches.map((offset, i) => ({ offset, label: 'record batch', batch: i })),
  ];
  for (const { offset, label, batch } of blocks) {
    const where = (detail: string): never => fail(batch === undefined ? `${label}: ${detail}` : detail, batch);
    if (!Number.isSafeInteger(offset) || offset < HEAD || offset >= footerStart)
      where(`the footer puts its message at byte ${offset}, outside the data (bytes ${HEAD}..${footerStart})`);
    const message = readMessage(handle, offset, footerStart, where);
    if (message === undefined) where(`the footer points at an end-of-stream marker (byte ${offset})`);
  }
}

/** The verified Footer flatbuffer of an Arrow IPC file of `size` bytes, and the byte where it starts (where data ends). */
export function readIpcFooter(handle: FileHandle, size: number, fail: (detail: string) => never): { footer: Uint8Array; footerStart: number } {
  if (size < HEAD + TAIL) fail(`${size} bytes is too short for an Arrow IPC file`);
  const tail = readAt(handle, size - TAIL, TAIL, fail);
  if (Buffer.from(tail.subarray(4)).toString('latin1') !== MAGIC) fail(`the file does not end with the ${MAGIC} magic: it is truncated or not an Arrow IPC file`);
  const footerLength = new DataView(tail.buffer, tail.byteOffset).getInt32(0, true);
  const footerStart = size - TAIL - footerLength;
  if (footerLength <= 0 || footerStart < HEAD) fail(`the footer length (${footerLength} bytes) does not fit in the file (${size} bytes)`);
  const footer = readAt(handle, footerStart, footerLength, fail);
  const problem = verifyIpcFlatbuffer(footer, 'Footer');
  if (problem !== undefined) fail(`corrupt footer: ${problem}`);
  return { footer, footerStart };
}

/**
 * The message at `at`, checked to end by `limit`: undefined for the end-of-stream marker. Both framings: the
 * continuation marker and an int32 length (Arrow 0.15 on), or the length alone (before it).
 */
export function readMessage(
  handle: FileHandle,
  at: number,
  limit: number,
  fail: (detail: string) => never,
): { end: number; headerType: number; metadata: Uint8Array; bodyStart: number } | undefined {
  if (limit - at < 4) fail(`${limit - at} stray bytes at byte ${at} where a message should start: the data is cut off`);
  // One read for the prefix and (usually) the whole header: a batch's header is a few hundred bytes.
  const window = readAt(handle, at, Math.min(WINDOW, limit - at), fail);
  const view = new DataView(window.buffer, window.byteOffset, window.byteLength);
  const continued = view.getUint32(0, true) === CONTINUATION;
  if (continued && window.length < 8) fail(`the message at byte ${at} is cut off`);
  const length = continued ? view.getInt32(4, true) : view.getInt32(0, true);
  if (length === 0) return undefined;
  const start = at + (continued ? 8 : 4);
  if (length < 0 || length > MAX_METADATA || length > limit - start) {
    fail(`the message at byte ${at} gives its header a length of ${length} bytes; ${limit - start} bytes of data follow`);
  }
  const metadata = start - at + length <= window.length ? window.subarray(start - at, start - at + length) : readAt(handle, start, length, fail);
  const problem = verifyIpcFlatbuffer(metadata, 'Message');
  if (problem !== undefined) fail(`corrupt message header at byte ${at}: ${problem}`);
  const message = readIpcMessage(metadata);
  const bodyStart = start + length;
  if (!Number.isSafeInteger(message.bodyLength) || message.bodyLength < 0 || message.bodyLength > limit - bodyStart) {
    fail(`the message at byte ${at} gives its body a length of ${message.bodyLength} bytes; ${limit - bodyStart} bytes of data follow`);
  }
  if (message.batch !== undefined) checkBatch(message.batch, message.bodyLength, (detail) => fail(`${detail} (message at byte ${at})`));
  return { end: bodyStart + message.bodyLength, headerType: message.headerType, metadata, bodyStart };
}

function checkBatch(batch: BatchLengths, bodyLength: number, fail: (detail: string) => never): void {
  if (!Number.isSafeInteger(batch.length) || batch.length < 0) fail(`a batch of ${batch.length} rows`);
  batch.nodes.forEach(({ length, nullCount }, i) => {
    if (!Number.isSafeInteger(length) || length < 0 || !Number.isSafeInteger(nullCount) || nullCount < 0 || nullCount > length) {
      fail(`column node ${i} has ${length} values and ${nullCount} nulls`);
    }
  });
  batch.buffers.forEach(({ offset, length }, i) => {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > bodyLength) {
      fail(`buffer ${i} (bytes ${offset}..${offset + length}) lies outside its ${bodyLength}-byte message body`);
    }
  });
  batch.variadicCounts.forEach((count, i) => {
    if (!Number.isSafeInteger(count) || count < 0) fail(`variadic buffer count ${i} is ${count}`);
  });
}

/**
 * `length` bytes at `position`, read synchronously: a file of thousands of batches has as many message headers to
 * check, and a synchronous read of a few hundred bytes costs a fraction of an asynchronous one's trip through
 * libuv's thread pool (2,000 batches: about 20 ms against 150-900 ms on a busy machine).
 */
function readAt(handle: FileHandle, position: number, length: number, fail: (detail: string) => never): Uint8Array {
  const bytes = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const bytesRead = readSync(handle.fd, bytes, done, length - done, position + done);
    // The file shrank since it was measured: say so rather than check zeros.
    if (bytesRead === 0) fail(`the file ended at byte ${position + done}, before the ${length} bytes at byte ${position} that its framing promised`);
    done += bytesRead;
  }
  return bytes;
}
