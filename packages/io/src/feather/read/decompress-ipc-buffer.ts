/// <reference path="../../untyped-modules.d.ts" />
import { decompressBlock } from 'lz4js';
import { zstdDecode } from '../../columnar/zstd.js';
import { LZ4_FRAME, ZSTD } from './ipc-batch-header.js';

const LZ4_MAGIC = 0x184d2204;
/** An LZ4 block never expands data more than 255 times (one length byte per 255 bytes of match). */
const LZ4_MAX_RATIO = 255;
/**
 * Zstd can expand far more (a run of one byte): past this ratio a length is taken as corrupt rather than allocated.
 * A column of 65,536 equal 8-byte values is 512 KiB from a few dozen bytes: well inside it with the slack below.
 */
const ZSTD_MAX_RATIO = 50_000;
const SLACK = 1 << 20;

/**
 * One buffer of a compressed IPC body (Message.fbs BodyCompression, method BUFFER): an int64 uncompressed length,
 * -1 for a buffer stored as it is, then the codec's frame. The length is checked against what the codec can expand
 * to before anything is allocated, and the result must be exactly that long. Throws an Error with the detail.
 */
export function decompressIpcBuffer(codec: number, bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) return bytes;
  if (bytes.length < 8) throw new Error(`a compressed buffer of ${bytes.length} bytes has no length prefix`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const lo = view.getUint32(0, true);
  const hi = view.getInt32(4, true);
  if (hi === -1 && lo === 0xffffffff) return bytes.subarray(8);
  const frame = bytes.subarray(8);
  const length = hi * 2 ** 32 + lo;
  const ratio = codec === LZ4_FRAME ? LZ4_MAX_RATIO : ZSTD_MAX_RATIO;
  if (hi < 0 || length > frame.length * ratio + SLACK || length > 2 ** 31 - 1) {
    throw new Error(`a compressed buffer of ${frame.length} bytes claims ${length} bytes uncompressed`);
  }
  if (length === 0) return new Uint8Array(0);
  // Zstd's decoders hand back memory of their own (a copy out of zstddec's heap, or the native decoder's buffer).
  const out = codec === ZSTD ? zstdDecode(frame, length) : new Uint8Array(length);
  const end = codec === ZSTD ? out.length : lz4FrameInto(frame, out);
  if (end !== length) throw new Error(`a compressed buffer decompressed to ${end} bytes, not the ${length} its prefix gives`);
  return out;
}

/**
 * An LZ4 frame (lz4frame_format.md) into `out`: the frame is walked here, each length checked against the bytes
 * left (lz4js's own frame loop trusts them: a corrupt block size makes it copy for billions of steps); lz4js
 * decodes the blocks, whose work is bounded by their checked size.
 */
function lz4FrameInto(frame: Uint8Array, out: Uint8Array): number {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame.length < 7 || view.getUint32(0, true) !== LZ4_MAGIC) throw new Error('an LZ4 buffer does not start with the LZ4 frame magic');
  const flags = frame[4];
  if (flags >> 6 !== 1) throw new Error(`an LZ4 frame of version ${flags >> 6}`);
  const blockChecksum = (flags & 0x10) !== 0;
  let at = 6 + ((flags & 0x08) !== 0 ? 8 : 0) + ((flags & 0x01) !== 0 ? 4 : 0) + 1;
  let done = 0;
  for (;;) {
    if (at + 4 > frame.length) throw new Error('an LZ4 frame is cut off');
    const word = view.getUint32(at, true);
    at += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    if (size > frame.length - at) throw new Error(`an LZ4 block of ${size} bytes with ${frame.length - at} left in its frame`);
    if ((word & 0x80000000) !== 0) {
      if (size > out.length - done) throw new Error('an LZ4 frame is longer than its buffer');
      out.set(frame.subarray(at, at + size), done);
      done += size;
    } else {
      done = decompressBlock(frame, out, at, size, done);
      if (!(done <= out.length)) throw new Error('an LZ4 frame is longer than its buffer');
    }
    at += size + (blockChecksum ? 4 : 0);
  }
  return done;
}
