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
    // FNV-1a offset basis for the empty range.
    expect(hashBytes(a, 3, 3)).toBe(0x811c9dc5);
  });
});
