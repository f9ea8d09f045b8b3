// lz4js ships no types: the function the IPC reader calls (an LZ4 block into `dst` from `dIndex`; returns the end), and
// the frame compressor its tests write LZ4 bodies with.
declare module 'lz4js' {
  export function compress(src: Uint8Array): Uint8Array;
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
}
