import { compileWasm, instanceOrNull } from '@df-stream/core/internal';
import { pageFail } from './page-data-error.js';
import { SNAPPY_DECODER_WASM } from './wasm/snappy-decoder-wasm.js';

interface SnappyExports {
  memory: { readonly buffer: ArrayBuffer };
  decode(src: number, end: number, out: number, outEnd: number): number;
}

/** Room the module's 16-byte moves may touch past the block and past the output. */
const ROOM = 16;

/** The compiled module; null where this runtime has no WebAssembly SIMD. */
const snappyModule = compileWasm(SNAPPY_DECODER_WASM);

/** What the module's negative results mean. */
const FAILURES: Record<number, string> = {
  [-1]: 'a snappy literal length is cut off',
  [-2]: 'a snappy literal runs past its block',
  [-3]: 'a snappy copy is cut off',
  [-4]: 'a snappy copy points outside its block',
};

/**
 * Raw snappy blocks decoded in WebAssembly (`wasm/snappy-decoder.wat`): literals and copies of up to 16 bytes move
 * 16 bytes at once, longer ones by `memory.copy`, where the JS loop (`snappyLoop`) goes 4 bytes a step. The block is
 * copied into the module's memory and the result out of it, into the caller's reused buffer. One per thread: the
 * module's memory is reused from block to block.
 */
export class SnappyDecoder {
  private static shared: SnappyDecoder | null | undefined;

  /**
   * The module's memory, 4 MiB, which never grows: growing detaches its buffer, and V8 then checks every typed array
   * access on this thread for detachment (see the CSV scanner's DenseScanner). A bigger block goes to `snappyLoop`.
   */
  private readonly bytes: Uint8Array;

  private constructor(private readonly exports: SnappyExports) {
    this.bytes = new Uint8Array(exports.memory.buffer);
  }

  /** This thread's decoder; null without WebAssembly SIMD, or when V8 makes no more WebAssembly memories. */
  static get(): SnappyDecoder | null {
    if (SnappyDecoder.shared === undefined) {
      const exports = instanceOrNull<SnappyExports>(snappyModule);
      SnappyDecoder.shared = exports === null ? null : new SnappyDecoder(exports);
    }
    return SnappyDecoder.shared;
  }

  /** Whether a block body of `body` bytes and its `length` bytes decoded fit the module's memory. */
  fits(body: number, length: number): boolean {
    return outputAt(body) + length + ROOM <= this.bytes.length;
  }

  /** Decodes `src[start, ...)`, the body after a block's varint length, into `out` (exactly the block's length; see `fits`). */
  into(src: Uint8Array, start: number, out: Uint8Array): Uint8Array {
    const body = src.length - start;
    const outAt = outputAt(body);
    const bytes = this.bytes;
    bytes.set(start === 0 ? src : src.subarray(start), 0);
    const written = this.exports.decode(0, body, outAt, outAt + out.length);
    if (written < 0) pageFail(FAILURES[written] ?? `a snappy block failed (${written})`);
    if (written !== out.length) pageFail(`a snappy block decoded to ${written} bytes, not ${out.length}`);
    out.set(bytes.subarray(outAt, outAt + written));
    return out;
  }
}

/** Where the output goes in the module's memory: after the block and its room, 16-byte aligned. */
function outputAt(body: number): number {
  return Math.ceil((body + ROOM) / 16) * 16;
}
