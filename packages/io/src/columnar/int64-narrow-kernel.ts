import { compileWasm, lazyInstance, type WasmMemory } from '@df-stream/core/internal';
import { INT64_NARROW_WASM } from './wasm/int64-narrow-wasm.js';

interface NarrowExports {
  memory: WasmMemory;
  narrow(n: number, src: number, dst: number): number;
}

/** This thread's instance; null where this runtime has no WebAssembly SIMD, or is big-endian (the halves are read as little-endian). */
const kernel = lazyInstance<NarrowExports>(compileWasm(INT64_NARROW_WASM, true));

/** Values a call takes: their int64s (8 bytes each) at SRC, their int32s at DST, within the module's 25 pages. */
const BLOCK = 131072;
const SRC = 64;
const DST = SRC + 8 * BLOCK;

/**
 * `int64AsInt32` without nulls, in WebAssembly (`wasm/int64-narrow.wat`), a block of values at a time: writes the values
 * as int32s to `out` and their least and greatest to `range`; false when one does not fit int32, and null without
 * WebAssembly (the caller's JS loop then does it). One module per thread, its memory (1.6 MB) never grown.
 */
export function narrowInt64Words(words: Int32Array, n: number, out: Int32Array, range: { min: number; max: number }): boolean | null {
  const wasm = kernel();
  if (wasm === null) return null;
  const memory = new Int32Array(wasm.memory.buffer);
  let min = 2147483647;
  let max = -2147483648;
  for (let from = 0; from < n; from += BLOCK) {
    const count = Math.min(BLOCK, n - from);
    memory.set(words.subarray(2 * from, 2 * (from + count)), SRC / 4);
    if (wasm.narrow(count, SRC, DST) !== count) return false;
    out.set(memory.subarray(DST / 4, DST / 4 + count), from);
    min = Math.min(min, memory[0]);
    max = Math.max(max, memory[1]);
  }
  range.min = min;
  range.max = max;
  return true;
}
