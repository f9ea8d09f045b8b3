import { splitPlainByteArrays } from './byte-arrays-kernel.js';
import type { ByteCursor } from './byte-cursor.js';
import { copyWords } from './copy-words.js';
import { readDeltaInt32 } from './delta-binary-packed.js';
import { pageFail } from './page-data-error.js';

/**
 * `length` bytes of `src` from `from` into `dst` at `at`. Short strings (most keys) copy faster in a loop than through
 * `set(subarray(...))`, which makes a view object per value.
 */
export function copyBytes(src: Uint8Array, from: number, length: number, dst: Uint8Array, at: number): void {
  if (length <= 32) for (let b = 0; b < length; b++) dst[at + b] = src[from + b];
  else dst.set(src.subarray(from, from + length), at);
}

/** The most string bytes one page may decode to (its offsets are int32; real pages hold a few MiB). */
export const MAX_PAGE_STRING_BYTES = 2 ** 30;

/** `count` byte strings as Arrow's layout: `count + 1` offsets into `data`. */
export interface ByteArrays {
  readonly offsets: Int32Array;
  readonly data: Uint8Array;
}

/**
 * PLAIN byte arrays: each a 4-byte little-endian length, then its bytes. One pass: the strings' bytes are copied as
 * their lengths are read, into a buffer of the page's bytes left (they cannot need more).
 */
export function readPlainByteArrays(c: ByteCursor, count: number): ByteArrays {
  // Each value has at least its 4-byte length: a count past that is corrupt (and must not be allocated).
  if (count > (c.end - c.pos) / 4) pageFail(`${count} byte arrays in ${c.end - c.pos} bytes`);
  const split = splitPlainByteArrays(c, count);
  if (split !== null) return split;
  const offsets = new Int32Array(count + 1);
  const bytes = c.bytes;
  const end = c.end;
  const data = new Uint8Array(Math.max(0, end - c.pos - 4 * count));
  const from = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const to = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = c.pos;
  let size = 0;
  for (let i = 0; i < count; i++) {
    if (at + 4 > end) pageFail(`byte array ${i} of ${count} runs past the end of its page`);
    const length = from.getUint32(at, true);
    at += 4;
    if (length > end - at) pageFail(`byte array ${i} of ${length} bytes runs past the end of its page`);
    if (length <= 32) copyWords(bytes, from, at, data, to, size, length);
    else data.set(bytes.subarray(at, at + length), size);
    size += length;
    at += length;
    offsets[i + 1] = size;
  }
  c.pos = at;
  return { offsets, data: data.subarray(0, size) };
}

/** DELTA_LENGTH_BYTE_ARRAY: all lengths (delta-packed), then all bytes back to back. */
export function readDeltaLengthByteArrays(c: ByteCursor, count: number): ByteArrays {
  const lengths = readDeltaInt32(c, count);
  if (lengths.length !== count) pageFail(`${lengths.length} lengths for ${count} byte arrays`);
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) {
    if (lengths[i] < 0) pageFail(`a byte array of length ${lengths[i]}`);
    offsets[i + 1] = offsets[i] + lengths[i];
  }
  return { offsets, data: c.take(offsets[count]).slice() };
}

/** DELTA_BYTE_ARRAY: prefix lengths (delta-packed), then the suffixes as DELTA_LENGTH_BYTE_ARRAY; each value is the previous one's prefix and its suffix. */
export function readDeltaByteArrays(c: ByteCursor, count: number): ByteArrays {
  const prefixes = readDeltaInt32(c, count);
  const suffixes = readDeltaLengthByteArrays(c, count);
  if (prefixes.length !== count) pageFail(`${prefixes.length} prefix lengths for ${count} byte arrays`);
  const offsets = new Int32Array(count + 1);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const previous = i === 0 ? 0 : offsets[i] - offsets[i - 1];
    if (prefixes[i] < 0 || prefixes[i] > previous) pageFail(`a prefix of ${prefixes[i]} bytes of a value of ${previous}`);
    size += prefixes[i] + suffixes.offsets[i + 1] - suffixes.offsets[i];
    // Prefixes reuse earlier bytes: a hostile page could ask for far more than it holds.
    if (size > MAX_PAGE_STRING_BYTES) pageFail(`DELTA_BYTE_ARRAY values of more than ${MAX_PAGE_STRING_BYTES} bytes in one page`);
    offsets[i + 1] = size;
  }
  const data = new Uint8Array(size);
  for (let i = 0; i < count; i++) {
    const at = offsets[i];
    if (i > 0) data.copyWithin(at, offsets[i - 1], offsets[i - 1] + prefixes[i]);
    copyBytes(suffixes.data, suffixes.offsets[i], suffixes.offsets[i + 1] - suffixes.offsets[i], data, at + prefixes[i]);
  }
  return { offsets, data };
}
