const ZSTD_MAGIC = 0xfd2fb528;

/**
 * Whether `bytes` are exactly one single-segment zstd frame (RFC 8878, section 3.1.1) that declares `size` bytes of
 * content and uses no dictionary. The walk reads only the frame header and the 3-byte block headers. Such a frame can
 * go to a decoder that sizes its output from the frame. Single-segment matters: its window is its declared size, so the
 * reference library's streaming decoder keeps the output in a buffer of that size and fails a block that would pass
 * it. Without the flag the buffer is the window and wraps, and the declared size is checked only at the last block: a
 * few KB of RLE blocks under a window of 128 KiB would make it produce gigabytes first. Writers that know a page's
 * size (Arrow C++, Polars, DuckDB) write single-segment frames. Anything else (concatenated or skippable frames, no
 * declared size, a window, a dictionary, trailing bytes, a cut-off frame) answers false and goes to a decoder bounded
 * by `size`.
 */
export function plainSingleFrame(bytes: Uint8Array, size: number): boolean {
  if (bytes.length < 6) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== ZSTD_MAGIC) return false;
  const descriptor = bytes[4];
  const fcsFlag = descriptor >>> 6;
  // Not single-segment, a reserved bit, or a dictionary: not ours to hand on.
  if ((descriptor & 0x20) === 0 || (descriptor & 0x08) !== 0 || (descriptor & 0x03) !== 0) return false;
  let at = 5;
  let declared: number;
  if (fcsFlag === 0) {
    if (at + 1 > bytes.length) return false;
    declared = bytes[at];
    at += 1;
  } else if (fcsFlag === 1) {
    if (at + 2 > bytes.length) return false;
    declared = view.getUint16(at, true) + 256;
    at += 2;
  } else if (fcsFlag === 2) {
    if (at + 4 > bytes.length) return false;
    declared = view.getUint32(at, true);
    at += 4;
  } else {
    if (at + 8 > bytes.length) return false;
    declared = view.getUint32(at + 4, true) * 2 ** 32 + view.getUint32(at, true);
    at += 8;
  }
  if (declared !== size) return false;
  for (;;) {
    if (at + 3 > bytes.length) return false;
    const header = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
    at += 3;
    const type = (header >>> 1) & 3;
    if (type === 3) return false;
    // An RLE block is one byte repeated Block_Size times; raw and compressed blocks hold Block_Size bytes.
    at += type === 1 ? 1 : header >>> 3;
    if (at > bytes.length) return false;
    if ((header & 1) !== 0) break;
  }
  if ((descriptor & 0x04) !== 0) at += 4;
  return at === bytes.length;
}
