import { compileWasm, lazyInstance } from '@df-stream/core/internal';
import { INLINE_VIEWS_WASM } from './wasm/inline-views-wasm.js';

interface InlineExports {
  memory: { readonly buffer: ArrayBuffer };
  inline(n: number, views: number, offsets: number, data: number, base: number): number;
}

/** This thread's instance; null where this runtime has no WebAssembly, or is big-endian (Arrow's views are read as little-endian words). */
const kernel = lazyInstance<InlineExports>(compileWasm(INLINE_VIEWS_WASM, true));

/** Rows a call takes: their views (16 bytes each), offsets (4) and bytes (at most 12, plus 12 of room) fit the memory. */
const BLOCK_ROWS = 131072;
const OFFSETS_AT = 16 * BLOCK_ROWS;
const DATA_AT = OFFSETS_AT + 4 * (BLOCK_ROWS + 1);

const INT32_MAX = 2147483647;

/**
 * A string view column whose strings are all inline (up to 12 bytes, as Polars writes ids) as offsets and bytes, in
 * WebAssembly (`wasm/inline-views.wat`), a block of rows at a time; undefined when a view is not inline, or without
 * WebAssembly (the caller's JS loop then reads it). `raw` holds the views, 16 bytes a row, and `lengths` is the same
 * bytes as ints (each row's length at 4 * i); the column has no nulls.
 * One module per thread, its memory (4 MiB) never grown: growing would detach its buffer (see `KeyProbe`).
 */
export function inlineViews(lengths: Int32Array, raw: Uint8Array, n: number): { offsets: Int32Array; bytes: Uint8Array } | undefined {
  const wasm = kernel();
  if (wasm === null) return undefined;
  // The lengths first: a view that is not inline (or a negative length) leaves the column to the JS loop before any
  // work, and the bytes are made once, at their size.
  let total = 0;
  for (let i = 0; i < n; i++) {
    const length = lengths[4 * i];
    if (length >>> 0 > 12) return undefined;
    total += length;
  }
  if (total > INT32_MAX) return undefined;
  const memory = new Uint8Array(wasm.memory.buffer);
  const words = new Int32Array(wasm.memory.buffer);
  const offsets = new Int32Array(n + 1);
  const bytes = new Uint8Array(total);
  for (let from = 0, at = 0; from < n; from += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - from);
    memory.set(raw.subarray(16 * from, 16 * (from + rows)), 0);
    const written = wasm.inline(rows, 0, OFFSETS_AT, DATA_AT, at);
    offsets.set(words.subarray(OFFSETS_AT / 4 + 1, OFFSETS_AT / 4 + 1 + rows), from + 1);
    bytes.set(memory.subarray(DATA_AT, DATA_AT + written), at);
    at += written;
  }
  return { offsets, bytes };
}
