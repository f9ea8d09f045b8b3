import { Dictionary } from '@df-stream/core/internal';
import { describe, expect, it } from 'vitest';
import { KeyInterner, viewOf } from '../../src/columnar/key-interner.js';
import { KeyProbe } from '../../src/columnar/key-probe.js';

// Strings a short key could confuse: empty; every length up to past 16, each with a twin of its length that differs in
// the last byte only (so in each of the four words in turn); a NUL byte at the end (the same masked words as the
// string without it: the length tells them apart); multi-byte UTF-8; longer ones.
const base = 'abcdefghijklmnopqrstu';
const VALUES = [
  '',
  ...Array.from({ length: 21 }, (_, n) => base.slice(0, n + 1)),
  ...Array.from({ length: 21 }, (_, n) => `${base.slice(0, n)}#`),
  'ab\u0000',
  'ab\u0000\u0000',
  'abcdefghijkl\u0000',
  'abcdefghijklmnop\u0000',
  'Zürich',
  'Kraków-Płaszów',
  '東京都',
  'abcdefghijklmnoq',
  'bbcdefghijklmnop',
];

/** Every value, each followed by 16 bytes of 0xff (so a window read past a string sees non-zero bytes), in one buffer. */
function layout(values: readonly string[]): { bytes: Uint8Array; starts: Int32Array; lengths: Int32Array } {
  const encoded = values.map((v) => new TextEncoder().encode(v));
  const bytes = new Uint8Array(encoded.reduce((n, e) => n + e.length + 16, 0)).fill(0xff);
  const starts: number[] = [];
  let at = 0;
  for (const e of encoded) {
    bytes.set(e, at);
    starts.push(at);
    at += e.length + 16;
  }
  return { bytes, starts: Int32Array.from(starts), lengths: Int32Array.from(encoded, (e) => e.length) };
}

/** `KeyInterner.internRanges` of every string of `values` laid out by `layout`, with a fresh interner. */
function internAll(values: readonly string[], interner = new KeyInterner(new Dictionary())): { interner: KeyInterner; codes: number[] } {
  const { bytes, starts, lengths } = layout(values);
  const codes = new Int32Array(values.length);
  interner.internRanges(
    viewOf(bytes),
    bytes,
    starts,
    starts.map((s, i) => s + lengths[i]),
    null,
    values.length,
    codes,
  );
  return { interner, codes: [...codes] };
}

// First in the file, with the next one (each file runs in a process of its own): a thread has at most 16 probes
// alive, and the tests after these make more than that.
describe('KeyProbe', () => {
  it('finds every known key of up to 12 bytes itself, and hands the rest to the JS loop', () => {
    if (!KeyProbe.available) return;
    const known = Array.from({ length: 3000 }, (_, i) => `id${String(i).padStart(10 - (i % 9), '0')}`);
    const { interner } = internAll(known);
    const values = Array.from({ length: 10_000 }, (_, i) => (i % 1000 === 999 ? `new key ${i}` : known[(i * 7919) % known.length]));
    const { bytes, starts, lengths } = layout(values);
    const ends = starts.map((s, i) => s + lengths[i]);
    const probe = KeyProbe.holding(null, interner.table, ends[values.length - 1] - starts[0]) as KeyProbe;
    const codes = new Int32Array(values.length);
    const others: number[] = [];
    const fields = { starts, ends, startAt: 0, endAt: 0, stride: 1, startAdd: 0 };
    const done = probe.run(
      interner.table,
      bytes,
      fields,
      0,
      values.length,
      codes,
      0,
      () => -1,
      0,
      (i) => others.push(i) > 0,
    );
    expect(done).toBe(values.length);
    // The new keys (more than 12 bytes too) only: `other` writes no code here, so theirs stay 0.
    expect(others).toEqual(values.flatMap((v, i) => (v.startsWith('new') ? [i] : [])));
    values.forEach((v, i) => expect(v.startsWith('new') ? codes[i] : interner.dictionary.get(codes[i])).toBe(v.startsWith('new') ? 0 : v));
    // The same keys as inline string views (a length, then the bytes zero-padded), and one view that is not inline.
    const raw = new Uint8Array(16 * 1000);
    const views = new Int32Array(raw.buffer);
    for (let i = 0; i < 1000; i++) {
      const e = new TextEncoder().encode(values[i]);
      views[4 * i] = e.length;
      if (e.length <= 12) raw.set(e, 16 * i + 4);
    }
    const viewCodes = new Int32Array(1000);
    const viewOthers: number[] = [];
    const viewProbe = KeyProbe.holding(probe, interner.table, raw.length) as KeyProbe;
    expect(viewProbe.runViews(interner.table, raw, 0, 1000, viewCodes, (i) => viewOthers.push(i) > 0)).toBe(1000);
    expect(viewOthers).toEqual([999]);
    expect([...viewCodes.subarray(0, 999)]).toEqual([...codes.subarray(0, 999)]);
  });
});

describe('KeyInterner when V8 makes no WebAssembly memory', () => {
  it('interns through the JS loop with the same codes (the table stays a JS array)', () => {
    const memory = WebAssembly.Memory;
    // What V8 throws past its address-space limit for WebAssembly memories.
    const refuse = function refuse(): never {
      throw new RangeError('WebAssembly.Memory(): could not allocate memory');
    };
    (WebAssembly as { Memory: unknown }).Memory = refuse;
    try {
      const values = Array.from({ length: 3000 }, (_, i) => `key${(i * 31) % 700}`);
      const reference = new Dictionary();
      const { interner, codes } = internAll(values);
      expect(codes).toEqual(values.map((v) => reference.intern(v)));
      expect(interner.table.keys.buffer.byteLength).toBe(interner.table.keys.byteLength);
    } finally {
      (WebAssembly as { Memory: unknown }).Memory = memory;
    }
  });
});

describe('KeyInterner.internRanges', () => {
  it('gives every distinct string its own code and a repeat the same, as Dictionary.internBytes does', () => {
    // Rounds in a scrambled order: the first adds keys, the later ones find them in the table.
    const order = Array.from({ length: 20 * VALUES.length }, (_, i) => (i * 7) % VALUES.length);
    const values = order.map((k) => VALUES[k]);
    const { interner, codes } = internAll(values);
    const reference = new Dictionary();
    expect(codes).toEqual(values.map((v) => reference.intern(v)));
    expect(codes.map((c) => interner.dictionary.get(c))).toEqual(values);
    expect(interner.dictionary.size).toBe(new Set(VALUES).size);
    expect(interner.table.size).toBeGreaterThan(0);
  });

  it('keeps the codes through the table doubling', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `k${(i * 7919) % 1500}`);
    const { interner, codes } = internAll(values);
    expect(codes.map((c) => interner.dictionary.get(c))).toEqual(values);
    expect(interner.dictionary.size).toBe(1500);
  });

  it('keeps the codes of keys past 12 bytes through the table doubling: their fourth words alone tell them apart', () => {
    // 1500 keys of 13 to 16 bytes sharing their first 12: only the word kept in the table's tails differs.
    const keys = Array.from({ length: 1500 }, (_, i) => `abcdefghijkl${String(i).padStart(1 + (i % 4), '#')}`);
    const values = Array.from({ length: 6000 }, (_, i) => keys[(i * 7919) % keys.length]);
    const { interner, codes } = internAll(values);
    expect(codes.map((c) => interner.dictionary.get(c))).toEqual(values);
    expect(interner.dictionary.size).toBe(new Set(keys).size);
    expect(interner.table.size).toBe(interner.dictionary.size);
  });

  it('reads a string in the last 16 bytes of its buffer without the table, with the same code', () => {
    const { bytes, starts, lengths } = layout(['abc', 'abc']);
    const tail = bytes.subarray(0, starts[1] + lengths[1]);
    const interner = new KeyInterner(new Dictionary());
    const codes = new Int32Array(2);
    interner.internRanges(
      viewOf(tail),
      tail,
      starts,
      starts.map((s, i) => s + lengths[i]),
      null,
      2,
      codes,
    );
    expect(codes[1]).toBe(codes[0]);
    expect(interner.dictionary.size).toBe(1);
    expect(interner.table.size).toBe(1);
  });

  it('interns the rows valid in a validity bitmap only, and leaves the others alone', () => {
    const values = Array.from({ length: 100 }, (_, i) => `v${i % 9}`);
    const { bytes, starts, lengths } = layout(values);
    const validity = new Uint8Array(13);
    for (let i = 0; i < values.length; i++) if (i % 3 !== 0) validity[i >>> 3] |= 1 << (i & 7);
    const codes = new Int32Array(values.length).fill(-7);
    const interner = new KeyInterner(new Dictionary());
    interner.internRanges(
      viewOf(bytes),
      bytes,
      starts,
      starts.map((s, i) => s + lengths[i]),
      validity,
      values.length,
      codes,
    );
    values.forEach((v, i) => expect(i % 3 === 0 ? codes[i] : interner.dictionary.get(codes[i])).toBe(i % 3 === 0 ? -7 : v));
  });
});

describe('KeyInterner.internWords', () => {
  it('keys an Arrow inline view by its words and finds the code intern gave the same bytes', () => {
    const { bytes, starts, lengths } = layout(VALUES);
    const { interner, codes } = internAll(VALUES);
    for (let i = 0; i < VALUES.length; i++) {
      if (lengths[i] > 12) continue;
      // An inline view holds its bytes zero-padded: the words of the string alone.
      const padded = new Uint8Array(16);
      padded.set(bytes.subarray(starts[i], starts[i] + lengths[i]));
      const w = new Int32Array(padded.buffer);
      expect(interner.internWords(bytes, starts[i], lengths[i], w[0], w[1], w[2], 0)).toBe(codes[i]);
    }
    expect(interner.dictionary.size).toBe(VALUES.length);
  });
});

describe('KeyInterner.release', () => {
  it("tells the dictionary its table's bytes while it interns, as the table grows, and 0 once released", () => {
    const dictionary = new Dictionary();
    const interner = new KeyInterner(dictionary);
    const small = dictionary.readerIndexBytes;
    expect(small).toBe(interner.table.keys.byteLength);
    internAll(
      Array.from({ length: 5000 }, (_, i) => `k${i}`),
      interner,
    );
    // 5,000 keys in a table at most half full, 16 bytes an entry.
    expect(dictionary.readerIndexBytes).toBe(interner.table.keys.byteLength);
    expect(dictionary.readerIndexBytes).toBeGreaterThanOrEqual(32 * 5000);
    // Keys past 12 bytes keep their fourth word beside the entries: counted too.
    internAll(
      Array.from({ length: 100 }, (_, i) => `a long key of ${i}`),
      interner,
    );
    expect(interner.table.tails.byteLength).toBeGreaterThanOrEqual(4 * 5100);
    expect(dictionary.readerIndexBytes).toBe(interner.table.keys.byteLength + interner.table.tails.byteLength);
    interner.release();
    expect(dictionary.readerIndexBytes).toBe(0);
  });
});

describe('KeyInterner with the WebAssembly probe', () => {
  // Seeded keys of every length 0..20 (and multi-byte ones), `distinct` of them, in `rows` rows.
  function seeded(rows: number, distinct: number, seed: number): string[] {
    let s = seed;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    const keys = Array.from({ length: distinct }, (_, i) => (i % 50 === 7 ? `Zürich-${i}` : `${i}`.padStart(next() % 21, 'k').slice(-(next() % 21))));
    return Array.from({ length: rows }, () => keys[next() % distinct]);
  }

  it('gives the codes Dictionary.intern gives, through calls of every size and the table doubling past 2^14 entries', () => {
    const values = seeded(60_000, 20_000, 7);
    const reference = new Dictionary();
    const expected = values.map((v) => reference.intern(v));
    const { bytes, starts, lengths } = layout(values);
    const ends = starts.map((s, i) => s + lengths[i]);
    const interner = new KeyInterner(new Dictionary());
    const codes = new Int32Array(values.length);
    // Calls of 1, 7 and 20,000 rows (more than a probe takes at once), as a reader's pages come.
    for (let at = 0, k = 0; at < values.length; k++) {
      const n = Math.min(values.length - at, [1, 7, 20_000][k % 3]);
      interner.internRanges(viewOf(bytes), bytes, starts.subarray(at), ends.subarray(at), null, n, codes.subarray(at));
      at += n;
    }
    expect([...codes]).toEqual(expected);
    expect(interner.table.entries).toBeGreaterThan(2 ** 14);
  });

  it('interns rows of long strings (more bytes than a probe copies in) through the JS loop, with the same codes', () => {
    const long = Array.from({ length: 30 }, (_, i) => `${'x'.repeat(400)}${i}`);
    const values = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `s${i % 11}` : long[i % long.length]));
    const { interner, codes } = internAll(values);
    const reference = new Dictionary();
    expect(codes).toEqual(values.map((v) => reference.intern(v)));
    expect(interner.dictionary.size).toBe(new Set(values).size);
  });

  it('interns string views, inline or not, with the codes of the same strings as ranges', () => {
    const values = seeded(30_000, 5000, 11);
    const encoded = values.map((v) => new TextEncoder().encode(v));
    // Arrow views: length, then the inline bytes (zero-padded), or a prefix, buffer 0 and an offset into `data`.
    const raw = new Uint8Array(16 * values.length);
    const views = new Int32Array(raw.buffer);
    const data = new Uint8Array(encoded.reduce((n, e) => n + e.length, 0));
    let at = 0;
    encoded.forEach((e, i) => {
      views[4 * i] = e.length;
      if (e.length <= 12) raw.set(e, 16 * i + 4);
      else {
        raw.set(e.subarray(0, 4), 16 * i + 4);
        views[4 * i + 2] = 0;
        views[4 * i + 3] = at;
        data.set(e, at);
        at += e.length;
      }
    });
    const interner = new KeyInterner(new Dictionary());
    const codes = new Int32Array(values.length);
    const other = (i: number): number =>
      encoded[i].length === 0
        ? interner.internWords(raw, 16 * i + 4, 0, 0, 0, 0, 0)
        : interner.dictionary.internBytes(data, views[4 * i + 3], views[4 * i + 3] + views[4 * i]);
    interner.internViews(views, raw, null, values.length, codes, other);
    expect([...codes].map((c) => interner.dictionary.get(c))).toEqual(values);
    expect(interner.dictionary.size).toBe(new Set(values).size);
  });
});

describe('KeyInterner past the probes a thread may have', () => {
  it('interns through the JS loop with the same codes when no probe is left', () => {
    // 40 interners alive at once, more than the 16 probes a thread keeps alive.
    const interners = Array.from({ length: 40 }, () => new KeyInterner(new Dictionary()));
    const values = Array.from({ length: 3000 }, (_, i) => `key${(i * 31) % 700}`);
    const reference = new Dictionary();
    const expected = values.map((v) => reference.intern(v));
    for (const interner of interners) expect(internAll(values, interner).codes).toEqual(expected);
  });
});
