// Packages that ship no types: the functions the readers call. Referenced (`/// <reference path>`) by the files that
// import them, so every program that compiles those files (the packages, and the bench, fuzz and example checks that
// compile io's sources) sees these declarations.

declare module 'lz4js' {
  /** An LZ4 block into `dst` from `dIndex`; returns the end. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
  /** The frame compressor the IPC reader's tests write LZ4 bodies with. */
  export function compress(src: Uint8Array): Uint8Array;
}
