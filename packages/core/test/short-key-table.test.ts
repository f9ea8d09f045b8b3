import { describe, expect, it } from 'vitest';
import { entryCode, findKey, isFree, KEY_MASKS, keySlot, ShortKeyTable } from '../src/builder/short-key-table.js';

/** A key's words as readers make them: bytes of `text` (ASCII) zero-padded, little-endian. */
function words(text: string): [number, number, number, number] {
  const bytes = new Uint8Array(20);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const m = text.length * 4;
  return [0, 1, 2, 3].map((k) => view.getInt32(4 * k, true) & KEY_MASKS[m + k]) as [number, number, number, number];
}

/** The code of `text` in `table`, adding it with `code` when it is not there; undefined when the table keeps no entry. */
function lookUp(table: ShortKeyTable, text: string, code: number): number | undefined {
  const [w0, w1, w2, w3] = words(text);
  const slot = findKey(table.keys, table.tails, keySlot(w0, w1, w2, w3, text.length, table.shift), w0, w1, w2, w3, text.length);
  if (!isFree(table.keys, slot)) return entryCode(table.keys, slot);
  table.add(slot, w0, w1, w2, w3, text.length, code);
  return undefined;
}

describe('ShortKeyTable', () => {
  it('gives back codes of 26 bits and more (entries that read as negative int32s), short keys and long', () => {
    const table = new ShortKeyTable();
    const codes = [0, 1, 2 ** 26 - 1, 2 ** 26, 2 ** 27 - 1];
    const keys = ['a', 'abcdefghijkl', 'abcdefghijklm', 'abcdefghijklmnop', 'z\u0000'];
    keys.forEach((k, i) => expect(lookUp(table, k, codes[i])).toBeUndefined());
    keys.forEach((k, i) => expect(lookUp(table, k, -1)).toBe(codes[i]));
  });

  it('keeps no entry for a code past 27 bits: the key stays a miss', () => {
    const table = new ShortKeyTable();
    expect(lookUp(table, 'big', 2 ** 27)).toBeUndefined();
    expect(lookUp(table, 'big', 0)).toBeUndefined();
    expect(table.size).toBe(1);
    expect(lookUp(table, 'big', -1)).toBe(0);
  });

  it('doubles at half full while small (2^14 entries), at four fifths past that', () => {
    const table = new ShortKeyTable();
    const sizes: [number, number][] = [];
    for (let i = 0; i < 120_000; i++) {
      const before = table.entries;
      lookUp(table, `k${i}`, i);
      if (table.entries !== before) sizes.push([i + 1, table.entries]);
    }
    expect(sizes.filter(([, e]) => e >= 2 ** 13)).toEqual([
      [2 ** 11, 2 ** 13],
      [2 ** 12, 2 ** 14],
      [2 ** 13, 2 ** 15],
      [Math.floor((2 ** 15 * 4) / 5), 2 ** 16],
      [Math.floor((2 ** 16 * 4) / 5), 2 ** 17],
      [Math.floor((2 ** 17 * 4) / 5), 2 ** 18],
    ]);
    for (const i of [0, 2047, 2048, 52_428, 119_999]) expect(lookUp(table, `k${i}`, -1)).toBe(i);
  });

  it('stops doubling at 2^21 entries, four fifths full, and keeps the keys it has', () => {
    const table = new ShortKeyTable();
    const full = Math.floor((2 ** 21 * 4) / 5);
    const n = full + 1000;
    for (let i = 0; i < n; i++) lookUp(table, `k${i}`, i);
    expect(table.entries).toBe(2 ** 21);
    expect(table.size).toBe(full);
    expect(table.byteLength).toBe(2 ** 21 * 16);
    // The first keys are still found; those past four fifths full were never kept.
    for (const i of [0, 1, 777, full - 1]) expect(lookUp(table, `k${i}`, -1)).toBe(i);
    expect(lookUp(table, `k${n - 1}`, n - 1)).toBeUndefined();
  });
});
