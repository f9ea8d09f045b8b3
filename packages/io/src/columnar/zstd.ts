import { createRequire } from 'node:module';
import { ZSTDDecoder } from 'zstddec';
import { plainSingleFrame } from './zstd-frame.js';

/**
 * Zstd for Parquet pages and Arrow IPC bodies. Two decoders of the reference C library:
 * - native (`@toondepauw/node-zstd`, an optional dependency with prebuilt Node-API binaries): 2.1x zstddec's speed on
 *   the pages of a Polars-written Parquet file (547 against 250 MB/s), and no copy out of a WebAssembly heap. Used for
 *   a single-segment frame that declares the exact size expected and is alone in its bytes (`plainSingleFrame`): the
 *   library then fails a frame that would pass its declared size, so a corrupt frame cannot make it produce more
 *   than the caller expects (its result may hold up to twice that while it grows);
 * - zstddec (WebAssembly, the fallback, 4-15x faster than fzstd): every other frame (no declared size, a window,
 *   several frames, a dictionary), and every frame where the native binary is not installed or does not load. It
 *   decodes into a buffer of the expected size (at least 1 byte: asked for 0 it would size it from the frame), so it
 *   is bounded for any input.
 * Both are set up once per thread: `loadZstd()` before `zstdDecode`.
 */
let wasm: ZSTDDecoder | undefined;
let native: NativeDecoder | null = null;
let loading: Promise<void> | undefined;
/** Bytes the native decoder has handed out since the event loop last turned (see `releaseZstdBuffers`). */
let unreleased = 0;
const RELEASE_EVERY = 1 << 20;
/** The native decoder refuses a window past 2^27 bytes (the library's default limit); zstddec takes bigger pages. */
const NATIVE_MAX = 1 << 27;

interface NativeDecoder {
  decodeSync(data: Uint8Array): Uint8Array;
}

export function loadZstd(): Promise<void> {
  loading ??= (async () => {
    native = loadNative();
    const d = new ZSTDDecoder();
    await initWithoutFetch(d);
    wasm = d;
  })();
  return loading;
}

/**
 * zstddec's `init` fetches its WebAssembly from a data: URL wherever `fetch` exists, and Node's fetch (undici) is then
 * loaded first: 46-55 ms a thread, against 3 ms for its other branch (instantiating the bytes it holds), paid by every
 * thread that reads a zstd Parquet file or Feather body. `fetch` is hidden while `init` makes that choice (synchronously),
 * then put back as it was.
 */
function initWithoutFetch(d: ZSTDDecoder): Promise<void> {
  const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (fetch?.configurable !== true) return d.init();
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return d.init();
  } finally {
    Object.defineProperty(globalThis, 'fetch', fetch);
  }
}

/** The native decoder, or null where its package or its binary for this platform is missing. */
function loadNative(): NativeDecoder | null {
  try {
    const mod = createRequire(import.meta.url)('@toondepauw/node-zstd') as { Decoder: new () => NativeDecoder };
    return new mod.Decoder();
  } catch {
    return null;
  }
}

/** `frame` decompressed, `size` bytes expected (the caller checks the length it gets and that `size` is sane). */
export function zstdDecode(frame: Uint8Array, size: number): Uint8Array {
  if (native !== null && size <= NATIVE_MAX && plainSingleFrame(frame, size)) {
    const out = native.decodeSync(frame);
    unreleased += out.length;
    // A Buffer's `slice` is a view; the column code relies on `slice` copying: hand on a plain Uint8Array.
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
  return zstdDecodeWasm(frame, size);
}

/**
 * A turn of the event loop once the native decoder has handed out 1 MiB since the last: Node frees a native buffer's
 * memory from the event loop, after the garbage collector has dropped it, and a reader whose next pages are already
 * read runs on in microtasks without the loop ever turning. Measured: Parquet q3 on Polars' file (two threads) peaked at
 * 477 MB against zstddec's 236 MB; decoding 160 MB of pages three times in a row grew RSS by 225 MB a pass, with a turn
 * every 10 MB it stayed flat. Readers await this between chunks (undefined, no turn, until 1 MiB is out): a turn
 * every 16 MiB still left Parquet read-all 20-50 MB above zstddec's peak RSS, every 1 MiB 5-10 MB.
 */
export function releaseZstdBuffers(): Promise<void> | undefined {
  if (unreleased < RELEASE_EVERY) return undefined;
  unreleased = 0;
  return new Promise((resolve) => setImmediate(resolve));
}

/** Through zstddec alone (the fallback; tests compare the two). */
export function zstdDecodeWasm(frame: Uint8Array, size: number): Uint8Array {
  if (wasm === undefined) throw new Error('the zstd decoder was not loaded');
  // zstddec takes 0 as "the size the frame declares": an empty page gets room for 1 byte, and is empty or fails.
  return wasm.decode(frame, Math.max(size, 1));
}

/** Which decoder `zstdDecode` uses for plain single frames on this thread, after `loadZstd()`. */
export function zstdBackend(): 'native' | 'wasm' {
  return native !== null ? 'native' : 'wasm';
}
