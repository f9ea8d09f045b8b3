import { describe, expect, it } from 'vitest';
import { PageDataError } from '../../src/parquet/read/decode/page-data-error.js';
import { SnappyDecoder } from '../../src/parquet/read/decode/snappy-decoder.js';
import { snappyInto, snappyLoop } from '../../src/parquet/read/decode/snappy-into.js';

// snappyInto against the format read literally: a block built from literals and back-references of every offset
// from 1 to 9 and every length to 70 (overlapping copies, runs, the word and byte paths, literals past 60 bytes with
// their extra length byte), decoded byte by byte here as format_description.txt says, must decode to the same bytes.

type Op = { literal: number[] } | { offset: number; length: number };

/** The block's bytes: the varint length, then each op as a tag (a literal of kind 0, a copy of kind 2). */
function encode(ops: readonly Op[], total: number): Uint8Array {
  const out: number[] = [];
  for (let v = total; ; v = Math.floor(v / 128)) {
    out.push(v >= 128 ? (v % 128) | 0x80 : v);
    if (v < 128) break;
  }
  for (const op of ops) {
    if ('literal' in op) {
      const n = op.literal.length - 1;
      if (n < 60) out.push(n << 2);
      else out.push(60 << 2, n);
      out.push(...op.literal);
    } else out.push(((op.length - 1) << 2) | 2, op.offset & 0xff, op.offset >> 8);
  }
  return Uint8Array.from(out);
}

/** What the ops mean, one byte at a time. */
function reference(ops: readonly Op[]): number[] {
  const out: number[] = [];
  for (const op of ops) {
    if ('literal' in op) out.push(...op.literal);
    else for (let i = 0; i < op.length; i++) out.push(out[out.length - op.offset]);
  }
  return out;
}

/** The JS loop alone, behind the block's varint length (what `snappyInto` does where WebAssembly SIMD is missing). */
function intoByLoop(src: Uint8Array, out: Uint8Array): Uint8Array {
  let pos = 0;
  while (src[pos++] & 0x80);
  return snappyLoop(src, pos, out);
}

const decoders = [
  ['WebAssembly (snappyInto)', snappyInto],
  ['the JS loop', intoByLoop],
] as const;

describe.each(decoders)('snappy blocks decoded by %s', (_, snappyInto) => {
  it('decodes literals and overlapping copies of every small offset and length as the format reads them', () => {
    let seed = 7;
    const byte = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    // A first literal of 100 bytes (the longest back-reference below reaches 22 back), with its extra length byte.
    const ops: Op[] = [{ literal: Array.from({ length: 100 }, byte) }];
    for (let offset = 1; offset <= 9; offset++) {
      for (let length = 1; length <= 64; length++) {
        // A literal long enough to copy from, then the copy (offsets past 9 bytes back read older literals too).
        ops.push({ literal: Array.from({ length: 1 + ((offset * length) % 70) }, byte) });
        ops.push({ offset, length });
        ops.push({ offset: offset + 13, length: Math.min(64, length + 3) });
      }
    }
    // Long copies, apart (copied as a block) and overlapping.
    ops.push({ offset: 90, length: 64 }, { offset: 64, length: 64 }, { offset: 70, length: 64 }, { offset: 3, length: 64 });
    const expected = reference(ops);
    const block = encode(ops, expected.length);
    expect(Array.from(snappyInto(block, new Uint8Array(expected.length)))).toEqual(expected);
    // From and into views that do not start at their buffers' starts, as a page's and a reused scratch buffer's may not.
    const source = new Uint8Array(block.length + 5);
    source.set(block, 5);
    const backing = new Uint8Array(expected.length + 3);
    expect(Array.from(snappyInto(source.subarray(5), backing.subarray(3)))).toEqual(expected);
  });

  it('decodes literals with 1 to 3 length bytes, and copies from far back (4-byte offsets)', () => {
    const ops: Op[] = [];
    let n = 0;
    for (const length of [61, 300, 70_000]) {
      n += length;
      ops.push({ literal: Array.from({ length }, (_, i) => (i * 31 + length) & 0xff) }, { offset: n > 40_000 ? 40_000 : 17, length: 64 });
      n += 64;
    }
    const expected = reference(ops);
    const out: number[] = [];
    for (let v = expected.length; ; v = Math.floor(v / 128)) {
      out.push(v >= 128 ? (v % 128) | 0x80 : v);
      if (v < 128) break;
    }
    for (const op of ops) {
      if ('literal' in op) {
        const m = op.literal.length - 1;
        const extra = m < 256 ? 1 : m < 65536 ? 2 : m < 2 ** 24 ? 3 : 4;
        out.push((59 + extra) << 2);
        for (let i = 0; i < extra; i++) out.push((m >>> (8 * i)) & 0xff);
        out.push(...op.literal);
      } else out.push(((op.length - 1) << 2) | 3, op.offset & 0xff, (op.offset >> 8) & 0xff, (op.offset >> 16) & 0xff, 0);
    }
    expect(Array.from(snappyInto(Uint8Array.from(out), new Uint8Array(expected.length)))).toEqual(expected);
  });

  it('refuses every corrupt block with a page error, before a byte moves out of bounds', () => {
    const bad: [string, number[], number][] = [
      ['a literal past the block', [5, 4 << 2, 1, 2], 5],
      ['a literal past the output', [2, 2 << 2, 1, 2, 3], 2],
      ['a literal length cut off', [5, 61 << 2, 1], 5],
      ['a literal of 2^32 bytes', [5, 63 << 2, 255, 255, 255, 255, 1], 5],
      ['a copy of offset 0', [5, 0, 7, (0 << 2) | 2, 0, 0], 5],
      ['a copy before the start', [5, 0, 7, (3 << 2) | 2, 2, 0], 5],
      ['a copy past the output', [5, 0, 7, (9 << 2) | 2, 1, 0], 5],
      ['a copy cut off', [5, 0, 7, (1 << 2) | 3, 1, 0], 5],
      ['a block shorter than it says', [9, 0, 7], 9],
    ];
    for (const [what, block, size] of bad) {
      expect(() => snappyInto(Uint8Array.from(block), new Uint8Array(size)), what).toThrow(PageDataError);
    }
  });
});

describe('the WebAssembly snappy decoder', () => {
  it('loads on this runtime (without it, pages decode in the JS loop at a fifth of the speed)', () => {
    expect(SnappyDecoder.get()).not.toBeNull();
  });

  it('leaves a block past its memory (4 MiB, never grown) to the JS loop, which decodes it the same', () => {
    // 5 MiB: one literal byte, then copies of the byte before, 64 at a time.
    const ops: Op[] = [{ literal: [42] }];
    for (let n = 1; n < 5 * 2 ** 20; n += 64) ops.push({ offset: 1, length: Math.min(64, 5 * 2 ** 20 - n) });
    const size = 5 * 2 ** 20;
    const block = encode(ops, size);
    expect(SnappyDecoder.get()?.fits(block.length, size)).toBe(false);
    const out = snappyInto(block, new Uint8Array(size));
    expect(out.every((b) => b === 42)).toBe(true);
  });
});
