import { describe, expect, it } from 'vitest';
import { snappyInto } from '../../src/parquet/read/decode/snappy-into.js';

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

describe('snappyInto', () => {
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
});
