import { describe, expect, it } from 'vitest';
import { inlineViews } from '../../src/feather/read/inline-views.js';

/** Arrow string views of `values` (16 bytes a row: the length, then the string when it is inline, zero-padded). */
function views(values: readonly string[]): Uint8Array {
  const raw = new Uint8Array(16 * values.length);
  const words = new Int32Array(raw.buffer);
  values.forEach((v, i) => {
    const bytes = new TextEncoder().encode(v);
    words[4 * i] = bytes.length;
    if (bytes.length <= 12) raw.set(bytes, 16 * i + 4);
  });
  return raw;
}

function strings(column: { offsets: Int32Array; bytes: Uint8Array }): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < column.offsets.length; i++) out.push(new TextDecoder().decode(column.bytes.subarray(column.offsets[i], column.offsets[i + 1])));
  return out;
}

describe('inlineViews', () => {
  it('gives the offsets and bytes of inline strings of every length 0..12, over more rows than one call takes', () => {
    // 300,000 rows: three blocks of the module's 131,072.
    const values = Array.from({ length: 300_000 }, (_, i) => `${'abcdéfghij'.slice(0, i % 11)}${i % 7 === 0 ? '' : 'x'}`.slice(0, 12));
    const raw = views(values);
    const column = inlineViews(new Int32Array(raw.buffer), raw, values.length);
    expect(column).toBeDefined();
    expect(strings(column!)).toEqual(values);
    expect(column!.bytes.length).toBe(column!.offsets[values.length]);
  });

  it('gives undefined when a view is not inline (the JS loop reads those from their buffers), or its length is negative', () => {
    const values = ['a', 'bc', 'a string of 22 bytes..', 'd'];
    const raw = views(values);
    expect(inlineViews(new Int32Array(raw.buffer), raw, values.length)).toBeUndefined();
    const corrupt = views(['a', 'b']);
    new Int32Array(corrupt.buffer)[4] = -1;
    expect(inlineViews(new Int32Array(corrupt.buffer), corrupt, 2)).toBeUndefined();
  });
});
