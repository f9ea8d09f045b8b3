/** Shared UTF-8 codecs: one encoder/decoder per process instead of one per call. */
export const utf8Encoder = new TextEncoder();
// ignoreBOM: a value that begins with U+FEFF keeps it (a file's BOM is the readers' business, at byte level).
export const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
export const strictUtf8Decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Hash of bytes [start, end): the hash used to intern strings straight from a read buffer. FNV-1a's scheme
 * (xor, then multiply) taken four bytes (little-endian) at a time, with a rotation so high bits reach the low
 * ones, then the last 1-3 bytes and the length: a quarter of the dependent multiplies of byte-wise FNV-1a,
 * which were most of the cost of interning short keys. The empty range hashes to FNV's offset basis. A table
 * index should come from the high bits of a further multiply (see `Dictionary`). The one copy of this hash:
 * the CSV reader calls it per field as well (small enough for V8 to inline).
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  let i = start;
  for (const last = end - 3; i < last; i += 4) {
    h = Math.imul(h ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)), 0x01000193);
    h = (h << 13) | (h >>> 19);
  }
  if (i < end) {
    let w = bytes[i];
    if (i + 1 < end) w |= bytes[i + 1] << 8;
    if (i + 2 < end) w |= bytes[i + 2] << 16;
    h = Math.imul(h ^ w, 0x01000193);
  }
  return (h ^ (end - start)) >>> 0;
}

export function utf8ByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3; // includes a lone surrogate, which encodes as U+FFFD
  }
  return n;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
