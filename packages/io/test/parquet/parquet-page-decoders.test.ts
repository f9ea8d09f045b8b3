import { describe, expect, it } from 'vitest';
import { readPlainByteArrays } from '../../src/parquet/read/decode/byte-array-values.js';
import { gatherByteArrays, splitPlainByteArrays } from '../../src/parquet/read/decode/byte-arrays-kernel.js';
import { ByteCursor } from '../../src/parquet/read/decode/byte-cursor.js';
import { CODEC, decompressPage } from '../../src/parquet/read/decode/decompress-page.js';
import { readDeltaInt32 } from '../../src/parquet/read/decode/delta-binary-packed.js';
import { PageDataError } from '../../src/parquet/read/decode/page-data-error.js';
import { readRleHybrid, readValidityLevels } from '../../src/parquet/read/decode/rle-hybrid.js';
import { snappyInto } from '../../src/parquet/read/decode/snappy-into.js';
import { ParquetColumnDecoder } from '../../src/parquet/read/parquet-column-decoder.js';
import type { ParquetColumnPlan } from '../../src/parquet/read/parquet-column-plan.js';
import { PHYSICAL } from '../../src/parquet/read/parquet-metadata.js';
import type { ParquetPage } from '../../src/parquet/read/parquet-page-reader.js';

// Hostile counts and cut-off runs in a page: each is a PageDataError (the reader names the file, row group and
// column), found before anything of the claimed size is allocated, never zeros or nulls made up for missing bytes.

const cursor = (bytes: number[]) => new ByteCursor(Uint8Array.from(bytes), 0, bytes.length);
const scratch = (size: number) => new Uint8Array(size);

describe('page decoders refuse what a page cannot hold', () => {
  it('a bit-packed run that claims more values than its bytes', () => {
    // Header 2*100+1: 100 groups of 8 values of 3 bits (300 bytes); 4 bytes follow.
    expect(() => readRleHybrid(cursor([0xc9, 0x01, 1, 2, 3, 4]), 3, 800, new Int32Array(800))).toThrow(PageDataError);
    // The same run, asked for the 8 values its bytes hold, reads them (3-bit values 0..7 packed LSB first).
    const out = new Int32Array(8);
    readRleHybrid(cursor([0x03, 0x88, 0xc6, 0xfa]), 3, 8, out);
    expect([...out]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('definition levels that run past their page', () => {
    expect(() => readValidityLevels(cursor([0x09, 0xff]), 32)).toThrow(PageDataError);
    expect(readValidityLevels(cursor([0x03, 0xfd]), 8)).toEqual({ validity: Uint8Array.from([0xfd]), nullCount: 1 });
  });

  it('a DELTA_BINARY_PACKED miniblock cut short', () => {
    // Block of 128 in 4 miniblocks, 64 values, first 0; min delta 0, widths 8,8,8,8; only 10 bytes of deltas.
    expect(() => readDeltaInt32(cursor([0x80, 0x01, 0x04, 0x40, 0x00, 0x00, 8, 8, 8, 8, ...new Array(10).fill(1)]), 64)).toThrow(PageDataError);
  });

  it('a byte array count past what the page bytes could hold, before allocating it', () => {
    expect(() => readPlainByteArrays(cursor([1, 0, 0, 0, 65]), 2 ** 31 - 1)).toThrow(/byte arrays in 5 bytes/);
  });

  it('an uncompressed size past what the codec could expand to, before allocating it', () => {
    for (const codec of [CODEC.SNAPPY, CODEC.GZIP, CODEC.ZSTD, CODEC.LZ4_RAW]) {
      expect(() => decompressPage(codec, new Uint8Array(10), 2 ** 31 - 1, scratch)).toThrow(/claims 2147483647 bytes uncompressed/);
    }
  });

  it('a snappy block whose length or copies do not add up', () => {
    // Length 5, then a literal of 2 bytes and a copy of 4 from 3 bytes back (before the start).
    expect(() => snappyInto(Uint8Array.from([5, 0x04, 65, 66, 0x01, 0x03]), new Uint8Array(5))).toThrow(PageDataError);
    // Length 6: literal "AB", then a copy of 4 bytes from 2 back (overlapping: ABABAB).
    expect(new TextDecoder().decode(snappyInto(Uint8Array.from([6, 0x04, 65, 66, 0x01, 0x02]), new Uint8Array(6)))).toBe('ABABAB');
    expect(() => snappyInto(Uint8Array.from([7, 0x04, 65, 66]), new Uint8Array(6))).toThrow(/7 bytes where the page gives 6/);
  });
});

describe('a dictionary-encoded string column', () => {
  const plan: ParquetColumnPlan = {
    leaf: { name: 's', physical: PHYSICAL.BYTE_ARRAY, repetition: 0, nested: false, logical: { kind: 'string' } },
    index: 0,
    kind: 'string',
    dtype: 'categorical',
    sampled: false,
    unit: 2,
  };
  const plainStrings = (values: string[]) => Uint8Array.from(values.flatMap((v) => [v.length, 0, 0, 0, ...Buffer.from(v)]));
  const page = (type: 'dictionary' | 'data', numValues: number, encoding: number, body: Uint8Array): ParquetPage => ({
    type,
    numValues,
    encoding,
    body,
    definitionLevels: undefined,
    levelEncoding: 3,
    numNulls: undefined,
  });
  // Indices 0..3 twice, 2 bits each, one bit-packed group of 8 (after the bit width byte).
  const indices = page('data', 8, 8, Uint8Array.from([2, 0x03, 0xe4, 0xe4]));

  /** The dictionary a, b, c, d, then `indices`, through a decoder whose categorical cap is `cap`. */
  const decodeIndices = (cap: number) => {
    const decoder = new ParquetColumnDecoder(plan, cap);
    decoder.dictionaryPage(page('dictionary', 4, 0, plainStrings(['a', 'b', 'c', 'd'])));
    const column = decoder.dataPage(indices);
    return { dtype: column.dtype, values: Array.from({ length: column.length }, (_, i) => column.get(i)) };
  };

  it('is categorical up to its cap, its indices codes in one dictionary', () => {
    const { dtype, values } = decodeIndices(10);
    expect(dtype).toBe('categorical');
    expect(values).toEqual(['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd']);
  });

  it('interns PLAIN pages too, short strings by their words and long ones by their bytes, into the same codes', () => {
    const decoder = new ParquetColumnDecoder(plan, 10);
    const values = ['ab', 'abc', 'ab', '', 'a string longer than twelve', 'abc', 'a string longer than twelve', 'abcdefghijkl'];
    const first = decoder.dataPage(page('data', values.length, 0, plainStrings(values)));
    const second = decoder.dataPage(page('data', 2, 0, plainStrings(['abcdefghijkl', 'ab'])));
    const read = (c: typeof first) => Array.from({ length: c.length }, (_, i) => c.get(i));
    expect([first.dtype, second.dtype]).toEqual(['categorical', 'categorical']);
    expect(read(first)).toEqual(values);
    expect(read(second)).toEqual(['abcdefghijkl', 'ab']);
    expect(decoder.dictionary.size).toBe(5);
  });

  it('refuses a PLAIN page whose value count its bytes cannot hold, before sizing anything by it', () => {
    const decoder = new ParquetColumnDecoder(plan, 10);
    expect(() => decoder.dataPage(page('data', 1000, 0, plainStrings(['ab'])))).toThrow(/1000 byte arrays do not fit the 6 bytes left of their page/);
  });

  it('as utf8, gathers entries of every length around the word edges, and refuses a bad index or too many bytes', () => {
    const utf8: ParquetColumnPlan = { ...plan, dtype: 'utf8' };
    // Little-endian length prefixes, for entries longer than 255 bytes too.
    const plain = (values: string[]) =>
      Uint8Array.from(values.flatMap((v) => [v.length & 255, (v.length >> 8) & 255, (v.length >> 16) & 255, v.length >>> 24, ...Buffer.from(v)]));
    const entries = [0, 1, 3, 4, 5, 8, 15, 16, 17, 30].map((n, k) => 'abcdefghijklmnopqrstuvwxyz0123'.slice(0, n).replace(/^./, String(k)));
    const decoder = new ParquetColumnDecoder(utf8, 10);
    decoder.dictionaryPage(page('dictionary', entries.length, 0, plain(entries)));
    // 8-bit indices, one bit-packed group of 16 (two groups of 8): every entry, then some again.
    const order = [9, 0, 8, 1, 7, 2, 6, 3, 5, 4, 4, 5, 3, 6, 2, 7];
    const column = decoder.dataPage(page('data', 16, 8, Uint8Array.from([8, 0x05, ...order])));
    expect(column.dtype).toBe('utf8');
    expect(Array.from({ length: 16 }, (_, i) => column.get(i))).toEqual(order.map((k) => entries[k]));
    expect(() => decoder.dataPage(page('data', 8, 8, Uint8Array.from([8, 0x03, 0, 1, 2, 3, 4, 5, 6, 10])))).toThrow(
      /dictionary index 10 is outside a dictionary of 10 entries/,
    );
    // One entry of 1 MiB repeated by an RLE run of 1100 rows (a few bytes): 1.1 GB of strings, refused before any of it.
    const big = new ParquetColumnDecoder(utf8, 10);
    big.dictionaryPage(page('dictionary', 1, 0, plain(['x'.repeat(2 ** 20)])));
    expect(() => big.dataPage(page('data', 1100, 8, Uint8Array.from([1, 0x98, 0x11, 0])))).toThrow(/strings take more than 1073741824 bytes/);
  });

  it('goes on as utf8 past the cap, with the same values', () => {
    const { dtype, values } = decodeIndices(3);
    expect(dtype).toBe('utf8');
    expect(values).toEqual(['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd']);
  });
});

describe('dictionary indices of a page, as codes or as narrow integers', () => {
  const leaf = (physical: number, logical: ParquetColumnPlan['leaf']['logical']) => ({ name: 'x', physical, repetition: 1, nested: false, logical });
  const strings: ParquetColumnPlan = { leaf: leaf(PHYSICAL.BYTE_ARRAY, { kind: 'string' }), index: 0, kind: 'string', dtype: 'categorical', sampled: false, unit: 2 };
  // An int32 column whose statistics gave int8.
  const ints: ParquetColumnPlan = { leaf: leaf(PHYSICAL.INT32, { kind: 'none' }), index: 0, kind: 'int32', dtype: 'int8', sampled: false, unit: 2 };
  const page = (type: 'dictionary' | 'data', numValues: number, encoding: number, body: number[]): ParquetPage => ({
    type,
    numValues,
    encoding,
    body: Uint8Array.from(body),
    definitionLevels: undefined,
    levelEncoding: 3,
    numNulls: undefined,
  });
  // 8 rows, rows 1 and 4 null: levels (4-byte length, one bit-packed group), then 2-bit indices of the 6 others.
  const withNulls = (indices: number[]) => {
    const packed = indices.reduce((word, k, i) => word | (k << (2 * i)), 0);
    return page('data', 8, 8, [2, 0, 0, 0, 0x03, 0b11101101, 2, 0x03, packed & 0xff, (packed >> 8) & 0xff]);
  };
  // 8 rows, no null: a v1 page of an optional column whose levels are all 1 (one RLE run), then the indices.
  const noNulls = (indices: number[]) => {
    const packed = indices.reduce((word, k, i) => word | (k << (2 * i)), 0);
    return page('data', 8, 8, [2, 0, 0, 0, 0x10, 0x01, 2, 0x03, packed & 0xff, (packed >> 8) & 0xff]);
  };
  const values = (c: { length: number; get(i: number): unknown }) => Array.from({ length: c.length }, (_, i) => c.get(i));

  it('maps every index, null rows null, with and without nulls in the page', () => {
    const s = new ParquetColumnDecoder(strings, 10);
    s.dictionaryPage(
      page(
        'dictionary',
        4,
        0,
        ['a', 'b', 'c', 'd'].flatMap((v) => [1, 0, 0, 0, v.charCodeAt(0)]),
      ),
    );
    expect(values(s.dataPage(withNulls([0, 1, 2, 3, 0, 1])))).toEqual(['a', null, 'b', 'c', null, 'd', 'a', 'b']);
    expect(values(s.dataPage(noNulls([3, 2, 1, 0, 3, 2, 1, 0])))).toEqual(['d', 'c', 'b', 'a', 'd', 'c', 'b', 'a']);
    const i = new ParquetColumnDecoder(ints, 10);
    i.dictionaryPage(
      page(
        'dictionary',
        4,
        0,
        [5, -3, 100, 7].flatMap((v) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff]),
      ),
    );
    const column = i.dataPage(withNulls([0, 1, 2, 3, 0, 1]));
    expect(column.dtype).toBe('int8');
    expect(values(column)).toEqual([5, null, -3, 100, null, 7, 5, -3]);
    expect(values(i.dataPage(noNulls([3, 2, 1, 0, 3, 2, 1, 0])))).toEqual([7, 100, -3, 5, 7, 100, -3, 5]);
    // Pages decoded one after the other keep their own values (the decoder reuses its scratch arrays).
    const pages = [withNulls([0, 1, 2, 3, 0, 1]), withNulls([3, 3, 2, 2, 1, 1]), noNulls([0, 0, 1, 1, 2, 2, 3, 3]), noNulls([1, 2, 3, 0, 1, 2, 3, 0])];
    const keys = pages.map((p) => s.dataPage(p));
    const numbers = pages.map((p) => i.dataPage(p));
    expect(keys.map(values)).toEqual([
      ['a', null, 'b', 'c', null, 'd', 'a', 'b'],
      ['d', null, 'd', 'c', null, 'c', 'b', 'b'],
      ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'],
      ['b', 'c', 'd', 'a', 'b', 'c', 'd', 'a'],
    ]);
    expect(numbers.map(values)).toEqual([
      [5, null, -3, 100, null, 7, 5, -3],
      [7, null, 7, 100, null, 100, -3, -3],
      [5, 5, -3, -3, 100, 100, 7, 7],
      [-3, 100, 7, 5, -3, 100, 7, 5],
    ]);
  });

  it('refuses an index outside the dictionary, with and without nulls in the page', () => {
    for (const plan of [strings, ints]) {
      const decoder = new ParquetColumnDecoder(plan, 10);
      const entries = plan === strings ? ['a', 'b', 'c'].flatMap((v) => [1, 0, 0, 0, v.charCodeAt(0)]) : [1, 2, 3].flatMap((v) => [v, 0, 0, 0]);
      decoder.dictionaryPage(page('dictionary', 3, 0, entries));
      expect(() => decoder.dataPage(withNulls([0, 1, 3, 0, 1, 2]))).toThrow(/dictionary index 3 is outside a dictionary of 3 entries/);
      expect(() => decoder.dataPage(noNulls([0, 1, 2, 0, 1, 2, 0, 3]))).toThrow(/dictionary index 3 is outside a dictionary of 3 entries/);
    }
  });
});

describe('PLAIN byte arrays', () => {
  it('decode strings of every length from 0 to 40 at every alignment, with bytes after the page, as the format lays them', () => {
    for (let seed = 1; seed <= 40; seed++) {
      let state = seed;
      const next = (n: number) => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return (state >>> 8) % n;
      };
      const strings = Array.from({ length: 1 + next(60) }, () => Uint8Array.from({ length: next(41) }, () => 1 + next(255)));
      const lead = next(8);
      const page: number[] = new Array(lead).fill(0xee);
      for (const s of strings) page.push(s.length & 0xff, (s.length >>> 8) & 0xff, 0, 0, ...s);
      const end = page.length;
      // Bytes after the page (the next page's, in the reader's buffer): never part of a string.
      for (let i = next(20); i > 0; i--) page.push(0xdd);
      const c = new ByteCursor(Uint8Array.from(page), lead, end);
      const { offsets, data } = readPlainByteArrays(c, strings.length);
      expect(c.pos).toBe(end);
      expect(offsets.length).toBe(strings.length + 1);
      strings.forEach((s, i) => expect([...data.subarray(offsets[i], offsets[i + 1])]).toEqual([...s]));
      expect(data.length).toBe(offsets[strings.length]);
    }
  });

  /** A page of `strings` as PLAIN lays them out. */
  const plainPage = (strings: Uint8Array[]): Uint8Array => {
    const page: number[] = [];
    for (const s of strings) page.push(s.length & 0xff, (s.length >>> 8) & 0xff, (s.length >>> 16) & 0xff, 0, ...s);
    return Uint8Array.from(page);
  };

  it('are split in WebAssembly where it is there, as the loop splits them; a page past its room goes to the loop', () => {
    const strings = Array.from({ length: 3000 }, (_, i) => Uint8Array.from({ length: (i * 7) % 45 }, (_, b) => 1 + ((i + b) % 250)));
    const page = plainPage(strings);
    const split = splitPlainByteArrays(new ByteCursor(page, 0, page.length), strings.length);
    expect(split, 'the kernel is there on this host').not.toBeNull();
    strings.forEach((s, i) => expect([...(split?.data ?? []).subarray(split?.offsets[i], split?.offsets[i + 1])]).toEqual([...s]));
    // Over 4 MiB of values: the JS loop's, the same strings.
    const many = Array.from({ length: 5 * 2 ** 16 }, (_, i) => Uint8Array.from({ length: 12 + (i % 9) }, (_, b) => 65 + ((i + b) % 26)));
    const big = plainPage(many);
    expect(big.length).toBeGreaterThan(4 * 2 ** 20);
    expect(splitPlainByteArrays(new ByteCursor(big, 0, big.length), many.length)).toBeNull();
    const { offsets, data } = readPlainByteArrays(new ByteCursor(big, 0, big.length), many.length);
    for (const i of [0, 1, 77, many.length - 1]) expect([...data.subarray(offsets[i], offsets[i + 1])]).toEqual([...many[i]]);
  });

  it("a dictionary's entries gathered by index in WebAssembly; an index outside it or more than its memory holds left to the loop", () => {
    const entries = Array.from({ length: 300 }, (_, k) => Uint8Array.from({ length: (k * 5) % 41 }, (_, b) => 1 + ((k * 3 + b) % 250)));
    const page = plainPage(entries);
    const dict = readPlainByteArrays(new ByteCursor(page, 0, page.length), entries.length);
    const indices = Int32Array.from({ length: 5000 }, (_, i) => (i * 7919) % entries.length);
    const gathered = gatherByteArrays(dict, indices);
    expect(gathered, 'the kernel is there on this host').not.toBeNull();
    indices.forEach((k, i) => {
      const got = (gathered?.data ?? new Uint8Array(0)).subarray(gathered?.offsets[i], gathered?.offsets[i + 1]);
      if (got.length !== entries[k].length || got.some((b, j) => b !== entries[k][j])) expect([...got], `row ${i}`).toEqual([...entries[k]]);
    });
    for (const bad of [-1, entries.length, 2 ** 31 - 1]) expect(gatherByteArrays(dict, Int32Array.of(0, 1, bad, 2))).toBeNull();
    // 3.2 million rows of 40-byte entries: their bytes pass the module's 12 MiB.
    expect(gatherByteArrays(dict, new Int32Array(3_200_000).fill(8))).toBeNull();
  });

  it('a length past the page is a page error, whether the kernel or the loop reads it', () => {
    for (const length of [5, 17, 2 ** 31, 2 ** 32 - 1]) {
      const page = [...plainPage([Uint8Array.of(1, 2, 3)]), length & 0xff, (length >>> 8) & 0xff, (length >>> 16) & 0xff, (length >>> 24) & 0xff, 9, 9, 9, 9];
      expect(() => readPlainByteArrays(cursor(page), 2)).toThrow(/byte array 1 of \d+ bytes runs past the end of its page/);
    }
  });
});

describe('RLE / bit-packed hybrid', () => {
  /** Runs encoded as parquet-format's Encodings.md lays them out: varint headers, LSB-first bit packing. */
  function encode(runs: ({ rle: number; length: number } | { packed: number[] })[], width: number): number[] {
    const out: number[] = [];
    const varint = (v: number) => {
      for (; v >= 0x80; v >>>= 7) out.push((v & 0x7f) | 0x80);
      out.push(v);
    };
    for (const run of runs) {
      if ('rle' in run) {
        varint(run.length * 2);
        for (let b = 0; b < (width + 7) >>> 3; b++) out.push((run.rle >>> (8 * b)) & 0xff);
        continue;
      }
      varint((run.packed.length / 8) * 2 + 1);
      const bytes = new Array((run.packed.length * width) / 8).fill(0);
      run.packed.forEach((v, i) => {
        for (let b = 0; b < width; b++) if ((v >>> b) & 1) bytes[(i * width + b) >>> 3] |= 1 << ((i * width + b) & 7);
      });
      out.push(...bytes);
    }
    return out;
  }

  it('decodes runs of every width, and with a table gives each index its entry, in one pass', () => {
    for (let width = 0; width <= 32; width++) {
      let state = width + 1;
      const next = (n: number) => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return Math.floor((state / 2 ** 32) * n);
      };
      const range = width === 32 ? 2 ** 31 : 2 ** width;
      const runs: ({ rle: number; length: number } | { packed: number[] })[] = [];
      const expected: number[] = [];
      for (let r = 0; r < 12; r++) {
        if (next(2) === 0) {
          const run = { rle: next(range), length: 1 + next(40) };
          runs.push(run);
          expected.push(...new Array(run.length).fill(run.rle));
        } else {
          const packed = Array.from({ length: 8 * (1 + next(5)) }, () => next(range));
          runs.push({ packed });
          expected.push(...packed);
        }
      }
      const bytes = encode(runs, width);
      const plain = new Int32Array(expected.length);
      readRleHybrid(cursor(bytes), width, expected.length, plain);
      expect([...plain]).toEqual(expected);
      // A table of the indices' entries (small widths: one entry per index; wide: a table past the largest index).
      const size = Math.max(...expected) + 1;
      if (size > 1 << 20) continue;
      const table = Int32Array.from({ length: size }, (_, i) => i * 7 - 3);
      const mapped = new Int32Array(expected.length);
      readRleHybrid(cursor(bytes), width, expected.length, mapped, 0, table);
      expect([...mapped]).toEqual(expected.map((i) => i * 7 - 3));
    }
  });

  it('fails an index past the table, in an RLE run and in a bit-packed one', () => {
    const table = Int32Array.from([10, 11, 12]);
    const rle = encode([{ rle: 3, length: 5 }], 2);
    expect(() => readRleHybrid(cursor(rle), 2, 5, new Int32Array(5), 0, table)).toThrow(/dictionary index 3 is outside a dictionary of 3 entries/);
    const packed = encode([{ packed: [0, 1, 2, 0, 1, 3, 2, 1] }], 2);
    expect(() => readRleHybrid(cursor(packed), 2, 8, new Int32Array(8), 0, table)).toThrow(/dictionary index 3 is outside/);
    // Width 32: an index past 2^31 reads negative in an Int32Array, and is outside too.
    const wide = encode([{ packed: [0, 1, 2, 2 ** 32 - 1, 0, 1, 2, 0] }], 32);
    expect(() => readRleHybrid(cursor(wide), 32, 8, new Int32Array(8), 0, table)).toThrow(/dictionary index -1 is outside/);
    const ok = new Int32Array(8);
    readRleHybrid(cursor(encode([{ packed: [0, 1, 2, 0, 1, 2, 2, 1] }], 2)), 2, 8, ok, 0, table);
    expect([...ok]).toEqual([10, 11, 12, 10, 11, 12, 12, 11]);
  });
});
