import { describe, expect, it } from 'vitest';
import { Dictionary } from '../src/dictionary.js';
import { hashBytes } from '../src/utf8.js';

const encoder = new TextEncoder();

describe('Dictionary', () => {
  it('interns each distinct string once, in first-seen order', () => {
    const dict = new Dictionary();
    expect(['b', 'a', 'b', '', 'a'].map((s) => dict.intern(s))).toEqual([0, 1, 0, 2, 1]);
    expect(dict.size).toBe(3);
    expect(dict.values()).toEqual(['b', 'a', '']);
  });

  it('keeps every entry findable as it grows through many resizes', () => {
    const dict = new Dictionary(1);
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}-${'x'.repeat(i % 13)}`);
    words.forEach((w, i) => expect(dict.intern(w)).toBe(i));
    // Interning again must find the existing codes, never add duplicates.
    words.forEach((w, i) => expect(dict.intern(w)).toBe(i));
    expect(dict.size).toBe(words.length);
    words.forEach((w, i) => expect(dict.lookup(w)).toBe(i));
    expect(dict.lookup('absent')).toBe(-1);
  });

  it('interns straight from a byte buffer without making a string', () => {
    const dict = new Dictionary();
    const buf = encoder.encode('Oslo,Zürich,Oslo,');
    const oslo = dict.internBytes(buf, 0, 4);
    const zurich = dict.internBytes(buf, 5, 12);
    expect(dict.internBytes(buf, 13, 17)).toBe(oslo);
    expect(dict.lookupBytes(buf, 5, 12, hashBytes(buf, 5, 12))).toBe(zurich);
    expect(dict.get(zurich)).toBe('Zürich');
    expect(dict.intern('Zürich')).toBe(zurich);
    expect(Array.from(dict.bytesOf(zurich))).toEqual(Array.from(encoder.encode('Zürich')));
  });

  it('stores values as UTF-8 bytes plus size + 1 offsets (Arrow layout)', () => {
    const values = ['a', 'é', '東京', '😀', ''];
    const dict = Dictionary.from(values);
    const joined = encoder.encode(values.join(''));
    expect(Array.from(dict.valueBytes)).toEqual(Array.from(joined));
    expect(Array.from(dict.valueOffsets)).toEqual([0, 1, 3, 9, 13, 13]);
    values.forEach((v, code) => expect(dict.get(code)).toBe(v));
  });

  it('handles strings long enough to outgrow the encode scratch buffer', () => {
    const long = 'ß'.repeat(10_000);
    const dict = new Dictionary();
    const code = dict.intern(long);
    expect(dict.intern(long)).toBe(code);
    expect(dict.bytesOf(code).length).toBe(20_000);
    expect(Dictionary.from([long]).get(0)).toBe(long);
  });

  it('reports byteLength as the sum of the buffers it holds', () => {
    const dict = Dictionary.from(Array.from({ length: 100 }, (_, i) => `city-${i}`));
    const bytes = dict.byteLength;
    // Reference: string bytes alone are a lower bound; a size-N dictionary holds N+1 offsets and N hashes.
    expect(bytes).toBeGreaterThanOrEqual(dict.valueBytes.byteLength + 4 * 101 + 4 * 100);
    expect(bytes).toBeLessThan(10 * (dict.valueBytes.byteLength + 4 * 101 + 4 * 100));
  });
});
