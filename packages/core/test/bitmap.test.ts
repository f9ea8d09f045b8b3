import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allValidBitmap, bitmapByteLength, countUnset, getBit, setBit, sliceBits } from '../src/bitmap.js';

function toBitmap(bits: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(bitmapByteLength(bits.length));
  bits.forEach((b, i) => setBit(out, i, b));
  return out;
}

describe('bitmap', () => {
  it('sets and clears bits least significant first', () => {
    const bits = toBitmap([true, false, false, true, false, false, false, false, true]);
    expect(Array.from(bits)).toEqual([0b1001, 0b1]);
    setBit(bits, 0, false);
    expect(getBit(bits, 0)).toBe(false);
    expect(getBit(bits, 8)).toBe(true);
  });

  it('allValidBitmap sets exactly the first n bits', () => {
    expect(Array.from(allValidBitmap(10))).toEqual([0xff, 0b11]);
    expect(Array.from(allValidBitmap(16))).toEqual([0xff, 0xff]);
    expect(allValidBitmap(0).length).toBe(0);
  });

  it('countUnset and sliceBits agree with a boolean array', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 80 }), fc.nat(), fc.nat(), (bits, a, b) => {
        const map = toBitmap(bits);
        expect(countUnset(map, bits.length)).toBe(bits.filter((x) => !x).length);
        const start = bits.length === 0 ? 0 : a % (bits.length + 1);
        const end = start + (b % (bits.length - start + 1));
        const slice = sliceBits(map, start, end);
        expect(slice.length).toBe(bitmapByteLength(end - start));
        expect(Array.from(slice)).toEqual(Array.from(toBitmap(bits.slice(start, end))));
      }),
    );
  });
});
