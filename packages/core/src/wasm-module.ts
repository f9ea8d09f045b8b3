/**
 * What df-stream's WebAssembly kernels (core's aggregates, io's readers) use of the WebAssembly API (its types come
 * with the DOM lib, which the packages leave out), in one place: compile a module from its base64 bytes, make a memory,
 * instantiate.
 */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports?: { env: { memory: WasmMemory } }) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
};

export type WasmMemory = { readonly buffer: ArrayBuffer };
export type WasmModule = { readonly kind?: 'wasm-module' };

/** WebAssembly memory is little-endian: typed arrays over it read a module's words right only on such a host. */
export const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Bytes in a WebAssembly page. */
const WASM_PAGE = 65536;

/**
 * The module compiled from `base64` (a `*-wasm.ts` constant), or null where this runtime cannot compile it (no
 * WebAssembly, or no SIMD for a module that uses it), or when it needs a little-endian host and this is not one:
 * callers then keep to their JS loops.
 */
export function compileWasm(base64: string, needsLittleEndian = false): WasmModule | null {
  if (needsLittleEndian && !LITTLE_ENDIAN) return null;
  try {
    return new WebAssembly.Module(Buffer.from(base64, 'base64'));
  } catch {
    return null;
  }
}

/**
 * An instance of `module` and its exports, on `memory` (for a module that imports `env.memory`), or on its own memory.
 * A memory is made at its size and never grown: growing detaches its buffer, after which V8 checks every typed array
 * access on the thread for detachment (CSV group-bys ran 5-12% slower so).
 */
export function instantiateWasm<T>(module: WasmModule, memory?: WasmMemory): T {
  return new WebAssembly.Instance(module, memory === undefined ? undefined : { env: { memory } }).exports as T;
}

/**
 * An instance of `module` on its own memory, or null without the module or when V8 makes no more WebAssembly memories
 * (a RangeError; see KeyProbe's MAX_LIVE): the caller's JS loop then does the work, for the rest of the thread. For the
 * kernels made once a thread. Any other error is a bug, and is thrown.
 */
export function instanceOrNull<T>(module: WasmModule | null): T | null {
  if (module === null) return null;
  try {
    return instantiateWasm<T>(module);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** A getter of this thread's one instance of `module` (see `instanceOrNull`), made on its first call. */
export function lazyInstance<T>(module: WasmModule | null): () => T | null {
  let instance: T | null | undefined;
  return () => {
    if (instance === undefined) instance = instanceOrNull<T>(module);
    return instance;
  };
}

/** A WebAssembly memory of `bytes` bytes at least (whole pages); throws a RangeError when V8 makes no more. */
export function newWasmMemory(bytes: number): WasmMemory {
  return new WebAssembly.Memory({ initial: Math.ceil(bytes / WASM_PAGE) });
}
