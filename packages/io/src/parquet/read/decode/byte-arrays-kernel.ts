import { compileWasm, lazyInstance, type WasmMemory } from '@df-stream/core/internal';
import type { ByteArrays } from './byte-array-values.js';
import type { ByteCursor } from './byte-cursor.js';
import { BYTE_ARRAYS_WASM } from './wasm/byte-arrays-wasm.js';

interface ByteArraysExports {
  memory: WasmMemory;
  split(n: number, src: number, end: number, offsets: number, data: number): number;
  gather(n: number, indices: number, size: number, dictOffsets: number, dictData: number, offsets: number, data: number, room: number): number;
}

/** This thread's instance; null where this runtime has no WebAssembly SIMD, or is big-endian (lengths are read as little-endian). */
const kernel = lazyInstance<ByteArraysExports>(compileWasm(BYTE_ARRAYS_WASM, true));

/** The module's memory (193 pages, never grown). */
const MEMORY_BYTES = 193 * 65536;
/** Room after a region for a 16-byte load or store that passes its end. */
const SLACK = 16;
/**
 * `split`'s regions: a page's values of up to ROOM bytes; the offsets (a value takes at least 4 bytes of the page, so
 * at most ROOM / 4 + 1 of them); the strings' bytes (fewer than the page's).
 */
const ROOM = 4 * 2 ** 20;
const SRC = 0;
const OFFSETS = ROOM + 64;
const DATA = OFFSETS + ROOM + 64;

/**
 * `readPlainByteArrays` in WebAssembly (`wasm/byte-arrays.wat`), the page's values copied in and the offsets and bytes
 * out; null (the cursor untouched) where the values pass the module's room, there is no WebAssembly, or a length runs
 * past the page: the JS loop then reads them (and reports that length). One module a thread.
 */
export function splitPlainByteArrays(c: ByteCursor, count: number): ByteArrays | null {
  const bytes = c.end - c.pos;
  if (bytes > ROOM) return null;
  const wasm = kernel();
  if (wasm === null) return null;
  const memory = new Uint8Array(wasm.memory.buffer);
  memory.set(c.bytes.subarray(c.pos, c.end), SRC);
  if (wasm.split(count, SRC, SRC + bytes, OFFSETS, DATA) !== count) return null;
  const out = copyOut(wasm, OFFSETS, DATA, count);
  c.pos += 4 * count + out.data.length;
  return out;
}

/**
 * `dict`'s entries at `indices` (a dictionary-encoded page of a string column that stays utf8) in WebAssembly, the
 * dictionary and indices copied in; null where they and the strings would pass the module's memory, there is no
 * WebAssembly, or an index is outside the dictionary: the JS loop then does it (and reports that index).
 */
export function gatherByteArrays(dict: ByteArrays, indices: Int32Array): ByteArrays | null {
  const n = indices.length;
  const size = dict.offsets.length - 1;
  const dictOffsets = 0;
  const dictData = align(dictOffsets + 4 * (size + 1));
  const at = align(dictData + dict.data.length + SLACK);
  const offsets = align(at + 4 * n);
  const data = align(offsets + 4 * (n + 1));
  const room = MEMORY_BYTES - data - SLACK;
  if (room < 0) return null;
  const wasm = kernel();
  if (wasm === null) return null;
  new Int32Array(wasm.memory.buffer, dictOffsets, size + 1).set(dict.offsets);
  new Uint8Array(wasm.memory.buffer, dictData, dict.data.length).set(dict.data);
  new Int32Array(wasm.memory.buffer, at, n).set(indices);
  if (wasm.gather(n, at, size, dictOffsets, dictData, offsets, data, room) !== n) return null;
  return copyOut(wasm, offsets, data, n);
}

/** The `count` strings the module wrote: offsets (from 0, after the first) at `offsets`, their bytes at `data`. */
function copyOut(wasm: ByteArraysExports, offsets: number, data: number, count: number): ByteArrays {
  const out = new Int32Array(count + 1);
  out.set(new Int32Array(wasm.memory.buffer, offsets + 4, count), 1);
  return { offsets: out, data: new Uint8Array(wasm.memory.buffer).slice(data, data + out[count]) };
}

/** `at` rounded up to a cache line. */
function align(at: number): number {
  return (at + 63) & ~63;
}
