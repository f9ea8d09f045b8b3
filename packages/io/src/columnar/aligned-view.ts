export type ViewType<T> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; new (length: number): T; readonly BYTES_PER_ELEMENT: number };

/**
 * The first `count` elements of `bytes` (which the caller has checked hold them) as a typed array: a view when the
 * bytes are aligned for it, else a copy (an unaligned typed-array view is not allowed).
 */
export function alignedView<T>(bytes: Uint8Array, Type: ViewType<T>, count: number): T {
  if (bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0) return new Type(bytes.buffer, bytes.byteOffset, count);
  const copy = new Uint8Array(count * Type.BYTES_PER_ELEMENT);
  copy.set(bytes.subarray(0, copy.length));
  return new Type(copy.buffer, 0, count);
}
