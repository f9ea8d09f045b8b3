import { copyWords } from './copy-words.js';
import { pageFail } from './page-data-error.js';
import { SnappyDecoder } from './snappy-decoder.js';

/**
 * Decompresses a raw snappy block (format_description.txt: a varint length, then literals and back-references) into
 * `out`, which must be exactly the length the block gives; returns `out`. Written here rather than taken from a
 * package because it decodes into a buffer the caller reuses: a fresh buffer per page (what snappyjs and the native
 * `snappy` binding return) costs more in page faults than the decoding. Every length and offset is checked: a corrupt
 * block is a PageDataError.
 */
export function snappyInto(src: Uint8Array, out: Uint8Array): Uint8Array {
  let pos = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= src.length || shift > 28) pageFail('a snappy block without its length');
    const b = src[pos++];
    length += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
  }
  if (length !== out.length) pageFail(`a snappy block of ${length} bytes where the page gives ${out.length}`);
  const wasm = SnappyDecoder.get();
  return wasm === null || !wasm.fits(src.length - pos, out.length) ? snappyLoop(src, pos, out) : wasm.into(src, pos, out);
}

/**
 * The body of a snappy block from `src[start]` on, decoded in JS into `out`: where WebAssembly SIMD is missing, and for
 * a block bigger than the WebAssembly decoder's memory.
 */
export function snappyLoop(src: Uint8Array, start: number, out: Uint8Array): Uint8Array {
  let pos = start;
  const length = out.length;
  const end = src.length;
  // Short literals and copies go 4 bytes a step through these (a copy whose offset is 4 or more reads only bytes
  // written before the word it writes, so words are right even where source and target overlap).
  const from4 = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const out4 = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let op = 0;
  while (pos < end) {
    const tag = src[pos++];
    const kind = tag & 3;
    if (kind === 0) {
      let n = tag >>> 2;
      if (n >= 60) {
        const extra = n - 59;
        if (pos + extra > end) pageFail('a snappy literal length is cut off');
        n = 0;
        for (let i = 0; i < extra; i++) n += src[pos + i] * 2 ** (8 * i);
        pos += extra;
      }
      n += 1;
      if (n > end - pos || n > length - op) pageFail('a snappy literal runs past its block');
      if (n < 64) copyWords(src, from4, pos, out, out4, op, n);
      else out.set(src.subarray(pos, pos + n), op);
      pos += n;
      op += n;
      continue;
    }
    let n: number;
    let offset: number;
    if (kind === 1) {
      if (pos >= end) pageFail('a snappy copy is cut off');
      n = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | src[pos++];
    } else if (kind === 2) {
      if (pos + 2 > end) pageFail('a snappy copy is cut off');
      n = (tag >>> 2) + 1;
      offset = src[pos] | (src[pos + 1] << 8);
      pos += 2;
    } else {
      if (pos + 4 > end) pageFail('a snappy copy is cut off');
      n = (tag >>> 2) + 1;
      offset = (src[pos] | (src[pos + 1] << 8) | (src[pos + 2] << 16) | (src[pos + 3] << 24)) >>> 0;
      pos += 4;
    }
    if (offset === 0 || offset > op || n > length - op) pageFail('a snappy copy points outside its block');
    const from = op - offset;
    // A copy may overlap what it writes (a run): forward, in words when the offset allows, as the format means it.
    if (offset >= n && n >= 64) out.copyWithin(op, from, from + n);
    else if (offset >= 4) copyWords(out, out4, from, out, out4, op, n);
    else for (let i = 0; i < n; i++) out[op + i] = out[from + i];
    op += n;
  }
  if (op !== length) pageFail(`a snappy block decoded to ${op} bytes, not ${length}`);
  return out;
}
