/// <reference path="../../../untyped-modules.d.ts" />
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { decompressBlock } from 'lz4js';
import { zstdDecode } from '../../../columnar/zstd.js';
import { pageFail } from './page-data-error.js';
import { snappyInto } from './snappy-into.js';

/** parquet.thrift's CompressionCodec values this reader decodes (LZO is left to parquet-wasm). */
export const CODEC = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2, BROTLI: 4, LZ4: 5, ZSTD: 6, LZ4_RAW: 7 } as const;
export const SUPPORTED_CODECS: ReadonlySet<number> = new Set(Object.values(CODEC));

/**
 * How far each codec can expand its input (snappy: a 3-byte copy makes 64 bytes; LZ4: 255 per length byte; deflate:
 * 1032; brotli and zstd: runs of one byte, far more): a page claiming more than this of its compressed bytes is
 * corrupt, and is refused before its size is allocated.
 */
const MAX_RATIO: Record<number, number> = {
  [CODEC.SNAPPY]: 32,
  [CODEC.LZ4]: 256,
  [CODEC.LZ4_RAW]: 256,
  [CODEC.GZIP]: 1100,
  [CODEC.BROTLI]: 50_000,
  [CODEC.ZSTD]: 50_000,
};
const SLACK = 1 << 20;

/**
 * A page's bytes decompressed to exactly `size` bytes (the page header's uncompressed size, which every codec's output
 * must match), into `scratch(size)` where the codec can (snappy, LZ4 raw): the result is valid until the caller's next
 * page, and the decoder copies out what it keeps. Snappy by `snappyInto`, zstd by columnar/zstd.ts (`loadZstd` first), LZ4 blocks through lz4js (which already reads IPC bodies), gzip and brotli through Node's
 * zlib.
 */
export function decompressPage(codec: number, bytes: Uint8Array, size: number, scratch: (size: number) => Uint8Array): Uint8Array {
  if (codec === CODEC.UNCOMPRESSED) {
    if (bytes.length !== size) pageFail(`an uncompressed page of ${bytes.length} bytes claims ${size}`);
    return bytes;
  }
  if (size > bytes.length * (MAX_RATIO[codec] ?? 1) + SLACK) pageFail(`a page of ${bytes.length} bytes claims ${size} bytes uncompressed`);
  let out: Uint8Array;
  try {
    out = decode(codec, bytes, size, scratch);
  } catch (error) {
    return pageFail(`the page does not decompress (${codecName(codec)}): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (out.length !== size) pageFail(`a page decompressed to ${out.length} bytes, not the ${size} its header gives`);
  return out;
}

function decode(codec: number, bytes: Uint8Array, size: number, scratch: (size: number) => Uint8Array): Uint8Array {
  switch (codec) {
    case CODEC.SNAPPY:
      return snappyInto(bytes, scratch(size));
    case CODEC.GZIP:
      return plain(gunzipSync(bytes, { maxOutputLength: Math.max(size, 1) }));
    case CODEC.BROTLI:
      return plain(brotliDecompressSync(bytes, { maxOutputLength: Math.max(size, 1) }));
    case CODEC.ZSTD:
      return zstdDecode(bytes, size);
    case CODEC.LZ4_RAW:
      return lz4Block(bytes, 0, bytes.length, scratch(size), 0);
    case CODEC.LZ4:
      return hadoopLz4(bytes, size);
    default:
      return pageFail(`compression codec ${codec} is not supported`);
  }
}

/**
 * A Node Buffer as a plain Uint8Array over the same bytes: Buffer's `slice` is a view, not a copy, and the column code
 * (core's `sliceBits`, say) relies on `slice` copying.
 */
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function lz4Block(src: Uint8Array, at: number, length: number, out: Uint8Array, done: number): Uint8Array {
  const end = decompressBlock(src, out, at, length, done);
  if (!(end <= out.length)) pageFail('an LZ4 block is longer than its page');
  return out.subarray(0, end);
}

/**
 * The deprecated LZ4 codec: Hadoop's framing (big-endian uncompressed and compressed sizes before each block), which
 * parquet-mr wrote; a bare LZ4 block when the framing does not add up (what some other writers wrote).
 */
function hadoopLz4(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let done = 0;
  while (at + 8 <= bytes.length) {
    const raw = view.getUint32(at);
    const compressed = view.getUint32(at + 4);
    if (compressed > bytes.length - at - 8 || raw > size - done) return lz4Block(bytes, 0, bytes.length, out, 0);
    const end = done + raw;
    done = lz4Block(bytes, at + 8, compressed, out, done).length;
    if (done !== end) return lz4Block(bytes, 0, bytes.length, new Uint8Array(size), 0);
    at += 8 + compressed;
  }
  return at === bytes.length ? out.subarray(0, done) : lz4Block(bytes, 0, bytes.length, new Uint8Array(size), 0);
}

function codecName(codec: number): string {
  return (
    Object.entries(CODEC)
      .find(([, v]) => v === codec)?.[0]
      .toLowerCase() ?? `codec ${codec}`
  );
}
