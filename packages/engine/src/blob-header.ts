import { DefaultSerializer } from 'node:v8';

/** Bytes of the header a spill or cluster blob starts with: a magic number and a format version, little-endian. */
export const HEADER_BYTES = 8;

/**
 * `value` in V8's structured serialization (what `v8.serialize` gives, typed arrays as raw bytes) after a header of
 * `magic` and `version`, written into the one buffer: no second copy of a blob that can be hundreds of megabytes.
 */
export function serializeWithHeader(magic: number, version: number, value: unknown): Uint8Array {
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  view.setUint32(0, magic, true);
  view.setUint32(4, version, true);
  const serializer = new DefaultSerializer();
  serializer.writeRawBytes(header);
  serializer.writeHeader();
  serializer.writeValue(value);
  const out = serializer.releaseBuffer();
  // A plain Uint8Array over the same bytes, as before: a Buffer's `slice` is a view, not the copy callers expect.
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
