import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashBytes, utf8ByteLength, utf8Encoder } from '../src/utf8.js';

describe('utf8', () => {
  it('utf8ByteLength agrees with the encoder for any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          // Surrogate halves in every order, next to 1-, 2-, 3- and 4-byte characters.
          fc.string({ unit: fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a', 'é', '東', '😀') }),
        ),
        (s) => {
          expect(utf8ByteLength(s)).toBe(utf8Encoder.encode(s).length);
        },
      ),
    );
  });

  it('hashBytes depends only on the bytes of the range', () => {
    const a = utf8Encoder.encode('xxabcyy');
    const b = utf8Encoder.encode('abc');
    expect(hashBytes(a, 2, 5)).toBe(hashBytes(b, 0, 3));
    expect(hashBytes(a, 2, 5)).not.toBe(hashBytes(a, 2, 4));
    // The seed (FNV-1a's offset basis) for the empty range.
    expect(hashBytes(a, 3, 3)).toBe(0x811c9dc5);
    // Four bytes per step: a trailing zero byte, or any byte of a word, still changes the hash.
    const z = utf8Encoder.encode('ab\0abcdefgh');
    expect(hashBytes(z, 0, 2)).not.toBe(hashBytes(z, 0, 3));
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(hashBytes(utf8Encoder.encode(`id${String(i).padStart(10, '0')}`), 0, 12));
    expect(seen.size).toBe(1000);
  });
});
