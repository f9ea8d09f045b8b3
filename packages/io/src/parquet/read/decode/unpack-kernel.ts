import { compileWasm, instanceOrNull, type WasmMemory } from '@df-stream/core/internal';
import { UNPACK_THROUGH_WASM } from './wasm/unpack-through-wasm.js';

interface UnpackExports {
  memory: WasmMemory;
  unpack(words: number, bit: number, width: number, count: number, out: number, table: number, size: number): number;
}

/** The compiled module; null where this runtime has no WebAssembly, or is big-endian (the words are read as little-endian). */
const unpackModule = compileWasm(UNPACK_THROUGH_WASM, true);

/** The module's 16 MiB: a page's runs (4 MiB and 3 words of zeros), a dictionary's table (1M entries), the values (2M). */
const WORDS_AT = 0;
const WORDS_ROOM = 4 * 2 ** 20;
const TABLE_AT = WORDS_ROOM + 64;
const TABLE_ROOM = 2 ** 20;
const OUT_AT = TABLE_AT + 4 * TABLE_ROOM + 64;
const OUT_ROOM = Math.floor((16 * 2 ** 20 - OUT_AT) / 4);

let shared: UnpackKernel | null | undefined;

/**
 * Dictionary indices of a page's bit-packed runs mapped through its table in WebAssembly (`wasm/unpack-through.wat`),
 * for `readRleHybrid`: the page's runs, the table and the page's values all live in the module's memory (one per
 * thread, never grown), the values copied out once at the end. Null where the page does not fit (see the rooms) or
 * there is no WebAssembly: the JS loop does it then.
 */
export class UnpackKernel {
  /** The page's runs as words (valid until the next page), and the values being written. */
  readonly words: Uint32Array;
  readonly out: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly table: Int32Array;
  private size = 0;

  private constructor(private readonly exports: UnpackExports) {
    this.words = new Uint32Array(exports.memory.buffer, WORDS_AT, WORDS_ROOM / 4 + 3);
    this.bytes = new Uint8Array(exports.memory.buffer, WORDS_AT, WORDS_ROOM + 12);
    this.table = new Int32Array(exports.memory.buffer, TABLE_AT, TABLE_ROOM);
    this.out = new Int32Array(exports.memory.buffer, OUT_AT, OUT_ROOM);
  }

  /** This thread's kernel, when a page of `bytes` run bytes, a table of `entries` and `count` values fit it. */
  static forPage(bytes: number, entries: number, count: number): UnpackKernel | null {
    if (bytes > WORDS_ROOM || entries > TABLE_ROOM || count > OUT_ROOM) return null;
    if (shared === undefined) {
      const exports = instanceOrNull<UnpackExports>(unpackModule);
      shared = exports === null ? null : new UnpackKernel(exports);
    }
    return shared;
  }

  /** `src[start, end)` as the page's words, with zero words after them; returns the words. */
  copyRuns(src: Uint8Array, start: number, end: number): Uint32Array {
    const length = Math.max(0, end - start);
    this.bytes.set(src.subarray(start, start + length));
    this.bytes.fill(0, length, Math.min(this.bytes.length, ((length >>> 2) + 3) * 4));
    return this.words;
  }

  /** The page's dictionary table. */
  useTable(table: Int32Array): void {
    this.table.set(table);
    this.size = table.length;
  }

  /**
   * `count` values from bit `bit` of the words into `out` from `at`, each `table[index]`; returns `count`, or the first
   * value whose index is outside the table.
   */
  unpack(bit: number, width: number, count: number, at: number): number {
    return this.exports.unpack(WORDS_AT, bit, width, count, OUT_AT + 4 * at, TABLE_AT, this.size);
  }
}
