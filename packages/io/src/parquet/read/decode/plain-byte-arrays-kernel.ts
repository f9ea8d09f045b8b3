import { compileWasm, instanceOrNull, type WasmMemory } from '../../../columnar/wasm-module.js';
import type { ByteArrays } from './byte-array-values.js';
import type { ByteCursor } from './byte-cursor.js';
import { PLAIN_BYTE_ARRAYS_WASM } from './wasm/plain-byte-arrays-wasm.js';

interface SplitExports {
  memory: WasmMemory;
  split(n: number, src: number, end: number, offsets: number, data: number): number;
}

/** The compiled module; null where this runtime has no WebAssembly SIMD, or is big-endian (lengths are read as little-endian). */
const splitModule = compileWasm(PLAIN_BYTE_ARRAYS_WASM, true);

/**
 * The module's regions (193 pages): a page's values of up to ROOM bytes, and 16 bytes its last load may read past
 * them; the offsets (a value takes at least 4 bytes of the page, so at most ROOM / 4 + 1 of them); the strings' bytes
 * (fewer than the page's), and 16 bytes its last store may write past them.
 */
const ROOM = 4 * 2 ** 20;
const SRC = 0;
const OFFSETS = ROOM + 64;
const DATA = OFFSETS + ROOM + 64;

let shared: SplitExports | null | undefined;

/**
 * `readPlainByteArrays` in WebAssembly (`wasm/plain-byte-arrays.wat`), the page's values copied in and the offsets and
 * bytes out; null (the cursor untouched) where the values pass the module's room, there is no WebAssembly, or a length
 * runs past the page: the JS loop then reads them (and reports that length). One module a thread, never grown.
 */
export function splitPlainByteArrays(c: ByteCursor, count: number): ByteArrays | null {
  const bytes = c.end - c.pos;
  if (bytes > ROOM) return null;
  if (shared === undefined) shared = instanceOrNull<SplitExports>(splitModule);
  const wasm = shared;
  if (wasm === null) return null;
  const memory = new Uint8Array(wasm.memory.buffer);
  memory.set(c.bytes.subarray(c.pos, c.end), SRC);
  if (wasm.split(count, SRC, SRC + bytes, OFFSETS, DATA) !== count) return null;
  const offsets = new Int32Array(count + 1);
  offsets.set(new Int32Array(wasm.memory.buffer, OFFSETS + 4, count), 1);
  const size = offsets[count];
  const data = memory.slice(DATA, DATA + size);
  c.pos += 4 * count + size;
  return { offsets, data };
}
