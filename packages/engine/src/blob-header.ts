/** Bytes of the header a spill or cluster blob starts with: a magic number and a format version, little-endian. */
export const HEADER_BYTES = 8;

/** `body` after a header of `magic` and `version`, in one new buffer. */
export function withHeader(magic: number, version: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, true);
  view.setUint32(4, version, true);
  out.set(body, HEADER_BYTES);
  return out;
}
