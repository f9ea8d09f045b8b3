import { createRequire } from 'node:module';
import { SeededRandom } from '@df-stream/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadZstd, releaseZstdBuffers, zstdBackend, zstdDecode, zstdDecodeWasm } from '../../src/columnar/zstd.js';
import { plainSingleFrame } from '../../src/columnar/zstd-frame.js';

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

interface FrameOptions {
  /** Bytes of the content size field: 0 (none, or one byte with `single`), 1, 2, 4 or 8. */
  fcs?: 0 | 1 | 2 | 4 | 8;
  /** The size written there (default: the content's). */
  declared?: number;
  single?: boolean;
  /** The window descriptor when not single-segment (default 0x58: 2 MiB). */
  window?: number;
  checksum?: boolean;
  dictionary?: boolean;
  /** Blocks: a raw block of these bytes, or an RLE block of `rle` repeated `count` times. */
  blocks: (Uint8Array | { rle: number; count: number })[];
}

/** A zstd frame of raw and RLE blocks, its header laid out by hand (RFC 8878, 3.1.1). */
function frame(o: FrameOptions): Uint8Array {
  const content = o.blocks.reduce((n, b) => n + (b instanceof Uint8Array ? b.length : b.count), 0);
  const declared = o.declared ?? content;
  const fcs = o.fcs ?? 4;
  const single = o.single ?? false;
  const fcsFlag = fcs === 8 ? 3 : fcs === 4 ? 2 : fcs === 2 ? 1 : 0;
  const out: number[] = [...MAGIC, (fcsFlag << 6) | (single ? 0x20 : 0) | (o.checksum ? 0x04 : 0) | (o.dictionary ? 1 : 0)];
  if (!single) out.push(o.window ?? 0x58); // window descriptor: 2^(10 + exponent) bytes
  if (o.dictionary) out.push(7);
  const fieldSize = fcs === 0 ? (single ? 1 : 0) : fcs;
  const field = fcs === 2 ? declared - 256 : declared;
  for (let i = 0; i < fieldSize; i++) out.push(Math.floor(field / 2 ** (8 * i)) & 0xff);
  o.blocks.forEach((b, i) => {
    const last = i === o.blocks.length - 1 ? 1 : 0;
    const [type, size] = b instanceof Uint8Array ? [0, b.length] : [1, b.count];
    const header = (size << 3) | (type << 1) | last;
    out.push(header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff);
    if (b instanceof Uint8Array) out.push(...b);
    else out.push(b.rle);
  });
  if (o.checksum) out.push(0, 0, 0, 0);
  return Uint8Array.from(out);
}

/**
 * The reference encoder's frame with its content size declared (it writes none past a few KiB), single-segment: a
 * 4-byte size field instead of the window descriptor, the blocks as they were. The native decoder takes only such
 * frames.
 */
function withContentSize(f: Uint8Array, size: number): Uint8Array {
  if ((f[4] & 0xe0) !== 0) return f; // a size field already (small inputs: single-segment)
  expect(f[4] & 0x03).toBe(0); // no dictionary
  // Single-segment with a 4-byte size: the window descriptor (byte 5) goes, the window becoming the content size.
  const out = new Uint8Array(f.length + 3);
  out.set(f.subarray(0, 5));
  out[4] |= (2 << 6) | 0x20;
  new DataView(out.buffer).setUint32(5, size, true);
  out.set(f.subarray(6), 9);
  return out;
}

const rle64k = (blocks: number) => Array.from({ length: blocks }, () => ({ rle: 2, count: 64 * 1024 }));

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

const bytes = (n: number, seed: number) => {
  const rng = new SeededRandom(seed);
  return Uint8Array.from({ length: n }, () => rng.int(256));
};

describe('plainSingleFrame', () => {
  const raw = bytes(300, 1);
  it('takes one single-segment frame that declares its size, whatever the size field', () => {
    for (const fcs of [2, 4, 8] as const) expect(plainSingleFrame(frame({ fcs, single: true, blocks: [raw] }), 300)).toBe(true);
    expect(plainSingleFrame(frame({ fcs: 0, single: true, blocks: [raw.subarray(0, 200)] }), 200)).toBe(true);
    expect(plainSingleFrame(frame({ single: true, blocks: [raw, { rle: 9, count: 5000 }, raw] }), 5600)).toBe(true);
    expect(plainSingleFrame(frame({ single: true, checksum: true, blocks: [raw] }), 300)).toBe(true);
  });

  it('refuses a window, a size other than the caller expects, no declared size, a dictionary, more bytes or fewer', () => {
    // With a window the library's output buffer wraps, and the declared size is checked only at the end.
    expect(plainSingleFrame(frame({ blocks: [raw] }), 300)).toBe(false);
    expect(plainSingleFrame(frame({ single: true, blocks: [raw] }), 299)).toBe(false);
    expect(plainSingleFrame(frame({ single: true, declared: 301, blocks: [raw] }), 301)).toBe(true); // the decoder then fails it
    expect(plainSingleFrame(frame({ fcs: 0, blocks: [raw] }), 300)).toBe(false);
    expect(plainSingleFrame(frame({ single: true, dictionary: true, blocks: [raw] }), 300)).toBe(false);
    const one = frame({ single: true, blocks: [raw] });
    const two = new Uint8Array(2 * one.length);
    two.set(one);
    two.set(one, one.length);
    expect(plainSingleFrame(two, 300)).toBe(false);
    expect(plainSingleFrame(two, 600)).toBe(false);
    expect(plainSingleFrame(Uint8Array.from([...one, 0]), 300)).toBe(false);
    for (let cut = 0; cut < one.length; cut += 7) expect(plainSingleFrame(one.subarray(0, cut), 300)).toBe(false);
    const reservedBlock = one.slice();
    reservedBlock[9] |= 6; // block type 3
    expect(plainSingleFrame(reservedBlock, 300)).toBe(false);
    const reservedBit = one.slice();
    reservedBit[4] |= 0x08;
    expect(plainSingleFrame(reservedBit, 300)).toBe(false);
    const otherMagic = one.slice();
    otherMagic[0] = 0x50; // a skippable frame's magic
    expect(plainSingleFrame(otherMagic, 300)).toBe(false);
  });
});

describe('zstdDecode', () => {
  beforeAll(() => loadZstd());

  it('decodes hand-made frames as zstddec does, and each to its content', () => {
    const raw = bytes(1000, 2);
    const cases: [FrameOptions, number][] = [
      [{ blocks: [raw] }, 1000],
      [{ single: true, blocks: [raw] }, 1000],
      [{ fcs: 8, single: true, checksum: false, blocks: [raw, { rle: 0, count: 70_000 }, raw] }, 72_000],
      [{ fcs: 0, blocks: [raw] }, 1000],
      [{ fcs: 0, single: true, blocks: [raw.subarray(0, 100)] }, 100],
    ];
    for (const [options, size] of cases) {
      const expected = new Uint8Array(size);
      let at = 0;
      for (const b of options.blocks) {
        if (b instanceof Uint8Array) expected.set(b, at);
        else expected.fill(b.rle, at, at + b.count);
        at += b instanceof Uint8Array ? b.length : b.count;
      }
      const f = frame(options);
      expect(zstdDecode(f, size)).toEqual(expected);
      expect(zstdDecodeWasm(f, size)).toEqual(expected);
    }
  });

  it('never hands back more than the caller expects from a frame that expands past it', () => {
    const rle = (blocks: number) => Array.from({ length: blocks }, () => ({ rle: 1, count: 128 * 1024 }));
    // Single-segment, declared 100, holding 128 MiB of one byte: the native library fails the first block.
    const declaredSmall = frame({ single: true, declared: 100, blocks: rle(1024) });
    let decoded: Uint8Array | undefined;
    try {
      decoded = zstdDecode(declaredSmall, 100);
    } catch {
      decoded = undefined;
    }
    expect(decoded === undefined || decoded.length <= 100).toBe(true);
    // A 128 KiB window declaring 1 MiB, holding 128 MiB: the library's buffer would wrap and produce it all before
    // the size check at the last block. It goes to zstddec, which decodes into 1 MiB.
    const windowed = frame({ window: 0x38, declared: 1 << 20, blocks: rle(1024) });
    expect(plainSingleFrame(windowed, 1 << 20)).toBe(false);
    const out = zstdDecode(windowed, 1 << 20);
    expect(out.length).not.toBe(1 << 20);
    expect(out.length).toBeLessThan(1 << 27);
    // No declared size: zstddec too.
    const unsized = frame({ fcs: 0, blocks: rle(1024) });
    const unsizedOut = zstdDecode(unsized, 100);
    expect(unsizedOut.length).not.toBe(100);
    expect(unsizedOut.length).toBeLessThan(1 << 27);
  });

  it('asks zstddec for at least a byte: 0 would make it size its output from the frame', () => {
    expect(zstdDecode(frame({ fcs: 0, blocks: [new Uint8Array(0)] }), 0).length).toBe(0);
    const big = frame({ fcs: 4, blocks: rle64k(512) });
    let out: Uint8Array | undefined;
    try {
      out = zstdDecodeWasm(big, 0);
    } catch {
      out = undefined;
    }
    expect(out === undefined || out.length < 1 << 20).toBe(true);
  });

  const native = (() => {
    try {
      return createRequire(import.meta.url)('@toondepauw/node-zstd') as { Encoder: new (level: number) => { encodeSync(b: Uint8Array): Uint8Array } };
    } catch {
      return undefined;
    }
  })();
  // The optional native decoder ships a binary for this platform: where it does, its absence is a broken install.
  const shipped = process.platform === 'linux' && process.arch === 'x64';

  it('uses the native decoder where its binary is installed', () => {
    if (shipped) expect(native).toBeDefined();
    expect(zstdBackend()).toBe(native === undefined ? 'wasm' : 'native');
  });

  it.skipIf(native === undefined)('decodes frames of the reference encoder at every level and size as zstddec does', () => {
    const Encoder = native?.Encoder;
    if (Encoder === undefined) return;
    const rng = new SeededRandom(7);
    for (const n of [0, 1, 17, 4096, 131_072, 131_073, 600_000]) {
      for (const level of [1, 3, 9]) {
        // Half compressible (few distinct bytes), half not.
        const input = Uint8Array.from({ length: n }, (_, i) => (i < n / 2 ? rng.int(4) : rng.int(256)));
        const f = withContentSize(new Encoder(level).encodeSync(input), n);
        expect(plainSingleFrame(f, n)).toBe(true);
        const got = zstdDecode(f, n);
        expect(same(got, input)).toBe(true);
        expect(Object.getPrototypeOf(got)).toBe(Uint8Array.prototype);
        if (n > 0) expect(same(zstdDecodeWasm(f, n), input)).toBe(true);
      }
    }
  });

  it.skipIf(native === undefined)('asks readers for a turn of the event loop once 1 MiB was decoded natively', async () => {
    const Encoder = native?.Encoder;
    if (Encoder === undefined) return;
    const f = withContentSize(new Encoder(1).encodeSync(new Uint8Array(300_000)), 300_000);
    // Whatever earlier tests left: past 1 MiB, then the turn that starts the count again.
    for (let i = 0; i < 4; i++) zstdDecode(f, 300_000);
    await releaseZstdBuffers();
    zstdDecode(f, 300_000);
    zstdDecode(f, 300_000);
    expect(releaseZstdBuffers()).toBeUndefined();
    zstdDecode(f, 300_000);
    zstdDecode(f, 300_000);
    const turn = releaseZstdBuffers();
    expect(turn).toBeInstanceOf(Promise);
    await turn;
    expect(releaseZstdBuffers()).toBeUndefined();
  });
});
