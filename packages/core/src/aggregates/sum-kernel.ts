import type { NumberArray } from '../dtype.js';
import { compileWasm, lazyInstance, type WasmMemory } from '../wasm-module.js';
import { SUM_WASM } from './wasm/sum-wasm.js';

interface SumExports {
  memory: WasmMemory;
  addExact(st: number, values: number, gids: number, n: number): void;
  addCompensated(st: number, values: number, gids: number, n: number): void;
}

/** This thread's instance; null where this runtime has no WebAssembly, or is big-endian. */
const kernel = lazyInstance<SumExports>(compileWasm(SUM_WASM, true));

/**
 * Groups the kernel takes: their triples (3 MiB at the most) are copied in and out on every call. Even at 1e5 groups
 * (q3), where the scattered updates miss the cache, that paid: Parquet q3 0.76-0.82 of the JS loops' time, Feather q3
 * 0.80, CSV q3 0.94. Past it the JS loops stay, for a million groups would copy 24 MB a call.
 */
export const SUM_KERNEL_GROUPS = 131072;
/** Rows a call takes: the block's values (float64) and group ids, after the triples, within the module's 52 pages. */
const BLOCK = 16384;
const ST = 0;
const VALUES = 24 * SUM_KERNEL_GROUPS;
const GIDS = VALUES + 8 * BLOCK;
const END = GIDS + 4 * BLOCK;

/**
 * Adds rows [0, rows) without nulls (`values[i]` to group `gids[i]`) into the (sum, compensation, count) triples `st`
 * of SumState, in WebAssembly (`wasm/sum.wat`): Neumaier's sum when `compensated`, else the plain one of exact
 * integers, the same float64 operations as SumState's JS loops. The caller's contract, as for its loops: every id is
 * below `groups` (the aggregator resizes its states before it updates them) and `st` holds `groups` triples. False,
 * with nothing done, for more than SUM_KERNEL_GROUPS groups, fewer values or ids than rows, or without WebAssembly:
 * the caller's loop then does it.
 */
export function addSums(compensated: boolean, st: Float64Array, groups: number, values: NumberArray, gids: Int32Array, rows: number): boolean {
  if (groups > SUM_KERNEL_GROUPS || rows > values.length || rows > gids.length || 3 * groups > st.length) return false;
  const wasm = kernel();
  // The regions above must lie in the module's memory (its page count is in the .wat).
  if (wasm === null || wasm.memory.buffer.byteLength < END) return false;
  const buffer = wasm.memory.buffer;
  const triples = new Float64Array(buffer, ST, 3 * groups);
  const blockValues = new Float64Array(buffer, VALUES, BLOCK);
  const blockGids = new Int32Array(buffer, GIDS, BLOCK);
  triples.set(st.subarray(0, 3 * groups));
  for (let from = 0; from < rows; from += BLOCK) {
    const n = Math.min(BLOCK, rows - from);
    // Converted to float64 as they are copied (exact for every dtype a NumberArray holds).
    blockValues.set(values.subarray(from, from + n));
    blockGids.set(gids.subarray(from, from + n));
    if (compensated) wasm.addCompensated(ST, VALUES, GIDS, n);
    else wasm.addExact(ST, VALUES, GIDS, n);
  }
  st.set(triples);
  return true;
}
