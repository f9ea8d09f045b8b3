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
  if (!single) out.push(0x58); // window descriptor: 2^(10 + 11) bytes
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
 * The reference encoder's frame with its content size declared (it writes none past a few KiB): a 4-byte size field after the window
 * descriptor, the blocks as they were. The native decoder takes only such frames.
 */
function withContentSize(f: Uint8Array, size: number): Uint8Array {
  if ((f[4] & 0xe0) !== 0) return f; // a size field already (small inputs: single-segment)
  expect(f[4] & 0x03).toBe(0); // no dictionary
  const out = new Uint8Array(f.length + 4);
  out.set(f.subarray(0, 6));
  out[4] |= 2 << 6;
  new DataView(out.buffer).setUint32(6, size, true);
  out.set(f.subarray(6), 10);
  return out;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

const bytes = (n: number, seed: number) => {
  const rng = new SeededRandom(seed);
  return Uint8Array.from({ length: n }, () => rng.int(256));
};

describe('plainSingleFrame', () => {
  const raw = bytes(300, 1);
  it('takes one frame that declares its size, whatever the size field', () => {
    for (const fcs of [2, 4, 8] as const) expect(plainSingleFrame(frame({ fcs, blocks: [raw] }), 300)).toBe(true);
    expect(plainSingleFrame(frame({ fcs: 0, single: true, blocks: [raw.subarray(0, 200)] }), 200)).toBe(true);
    expect(plainSingleFrame(frame({ fcs: 1 as 0, blocks: [raw.subarray(0, 200)] }), 200)).toBe(false);
    expect(plainSingleFrame(frame({ blocks: [raw, { rle: 9, count: 5000 }, raw] }), 5600)).toBe(true);
    expect(plainSingleFrame(frame({ checksum: true, blocks: [raw] }), 300)).toBe(true);
  });

  it('refuses a size other than the caller expects, no declared size, a dictionary, more bytes or fewer', () => {
    expect(plainSingleFrame(frame({ blocks: [raw] }), 299)).toBe(false);
    expect(plainSingleFrame(frame({ declared: 301, blocks: [raw] }), 301)).toBe(true); // the decoder then fails it
    expect(plainSingleFrame(frame({ fcs: 0, blocks: [raw] }), 300)).toBe(false);
    expect(plainSingleFrame(frame({ dictionary: true, blocks: [raw] }), 300)).toBe(false);
    const one = frame({ blocks: [raw] });
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
      [{ fcs: 8, checksum: false, blocks: [raw, { rle: 0, count: 70_000 }, raw] }, 72_000],
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
    // Declared 100, holding 128 MiB of one byte: the native library stops at the declared size.
    const bomb = frame({ declared: 100, blocks: Array.from({ length: 1024 }, () => ({ rle: 1, count: 128 * 1024 })) });
    let decoded: Uint8Array | undefined;
    try {
      decoded = zstdDecode(bomb, 100);
    } catch {
      decoded = undefined;
    }
    expect(decoded === undefined || decoded.length <= 100).toBe(true);
    // No declared size: zstddec, which decodes into the expected size.
    const unsized = frame({ fcs: 0, blocks: Array.from({ length: 1024 }, () => ({ rle: 1, count: 128 * 1024 })) });
    const out = zstdDecode(unsized, 100);
    expect(out.length).not.toBe(100);
    expect(out.length).toBeLessThan(1 << 27);
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
    await releaseZstdBuffers();
    const f = withContentSize(new Encoder(1).encodeSync(new Uint8Array(300_000)), 300_000);
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
