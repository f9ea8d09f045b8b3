import { readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Chunk, DataFrame } from '@df-stream/core';
import { ArrowImporter } from '@df-stream/core/internal';
import { makeTestDir } from '@df-stream/test-utils';
import {
  Field as ArrowField,
  Dictionary,
  Float16,
  Int32,
  LargeUtf8,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchReader,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Utf8,
  Utf8View,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { FeatherSource, FormatError, readFeather, scanFeather, writeFeather } from '../../src/feather/index.js';
import { checkIpcFraming } from '../../src/feather/read/check-ipc-framing.js';
import { IpcFileReader } from '../../src/feather/read/ipc-file-reader.js';

const { dir } = makeTestDir('df-stream-ipc-reader');

/** A seeded generator (mulberry32): test data is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chunks as apache-arrow and core's ArrowImporter give them (today's reader, before rechunking). */
async function viaArrow(path: string, names?: string[]): Promise<Chunk[]> {
  const reader = RecordBatchReader.from(readFileSync(path));
  const importer = new ArrowImporter();
  const out: Chunk[] = [];
  for (const batch of reader) out.push(importer.toChunk(batch, names ?? batch.schema.fields.map((f) => f.name)));
  return out;
}

async function viaOwn(path: string, names?: string[], stream = false): Promise<{ chunks: Chunk[]; unsupported: string | undefined }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    checkIpcFraming(handle, size, !stream, path);
    const reader = stream ? IpcFileReader.openStream(handle, size, path) : IpcFileReader.open(handle, size, path);
    const selected = names ?? reader.fields.map((f) => f.name);
    const unsupported = reader.unsupported(selected);
    const chunks: Chunk[] = [];
    if (unsupported === undefined) for await (const c of reader.chunks(selected)) chunks.push(c);
    return { chunks, unsupported };
  } finally {
    await handle.close();
  }
}

function rows(chunks: Chunk[]): { dtypes: string[][]; values: unknown[][] } {
  return {
    dtypes: chunks.map((c) => c.schema.fields.map((f) => `${f.name}:${f.dtype}`)),
    values: chunks.flatMap((c) => Array.from({ length: c.numRows }, (_, i) => c.columns.map((col) => col.get(i)))),
  };
}

async function expectSame(path: string, names?: string[], stream = false): Promise<void> {
  const own = await viaOwn(path, names, stream);
  expect(own.unsupported).toBeUndefined();
  expect(rows(own.chunks)).toEqual(rows(await viaArrow(path, names)));
}

function writeArrow(path: string, batches: RecordBatch[], stream = false): void {
  const writer = stream ? new RecordBatchStreamWriter() : new RecordBatchFileWriter();
  for (const b of batches) writer.write(b);
  writer.finish();
  writeFileSync(path, writer.toUint8Array(true));
}

/** A frame of every dtype our writer writes, with nulls, over several batches. */
function everyDType(n: number, seed: number): DataFrame {
  const r = random(seed);
  const maybe = <T>(v: T): T | null => (r() < 0.1 ? null : v);
  return DataFrame.fromColumns(
    {
      small: Array.from({ length: n }, () => maybe(Math.floor(r() * 200) - 100)),
      wide: Array.from({ length: n }, () => maybe(Math.floor(r() * 4e9) - 2e9)),
      big: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 2n ** 40n + BigInt(i) : BigInt(i))),
      x: Array.from({ length: n }, () => maybe(r() * 1000)),
      flag: Array.from({ length: n }, () => maybe(r() < 0.5)),
      word: Array.from({ length: n }, () => maybe(`w${Math.floor(r() * 50)}`)),
      text: Array.from({ length: n }, (_, i) => maybe(`row ${i} ${'é'.repeat(i % 5)}`)),
      day: Array.from({ length: n }, () => maybe(new Date(Date.UTC(2020, 0, 1 + Math.floor(r() * 900))))),
      at: Array.from({ length: n }, (_, i) => maybe(new Date(1_600_000_000_000 + i * 1234))),
    },
    { chunkSize: 997 },
  );
}

describe('IpcFileReader (own Arrow IPC reader) against apache-arrow', () => {
  it('reads every dtype our writer writes, with nulls and several batches, as apache-arrow does', async () => {
    const path = join(dir, 'every.feather');
    await writeFeather(everyDType(5000, 1), path);
    await expectSame(path);
    await expectSame(path, ['word', 'big']);
    await expectSame(path, ['at', 'small', 'flag']);
  });

  it('hands out chunks that own their arrays: none keeps a batch body alive, and reading on reuses the bodies', async () => {
    const path = join(dir, 'own.feather');
    await writeFeather(everyDType(5000, 3), path);
    const { chunks } = await viaOwn(path);
    expect(chunks.length).toBeGreaterThan(2);
    for (const [c, chunk] of chunks.entries()) {
      for (const [k, column] of chunk.columns.entries()) {
        // A view of a body (several columns' bytes) would hold a buffer many times its own size.
        for (const v of column.buffers()) expect(v.buffer.byteLength, `chunk ${c}, column ${chunk.schema.fields[k].name}`).toBeLessThanOrEqual(2 * v.byteLength + 64);
      }
    }
    // The values are still right after later batches were read into the same buffers.
    await expectSame(path);
  });

  it('narrows int64 through its 32-bit halves and keeps int64 where a value needs it', async () => {
    const path = join(dir, 'ints.feather');
    const n = 3000;
    await writeFeather(
      DataFrame.fromColumns(
        {
          fits: Array.from({ length: n }, (_, i) => BigInt(i % 2 === 0 ? -i : i) * 1000n),
          later: Array.from({ length: n }, (_, i) => (i === n - 1 ? -(2n ** 35n) : BigInt(i))),
          negative: Array.from({ length: n }, (_, i) => BigInt(-2147483648 + i)),
        },
        { chunkSize: 1000 },
      ),
      path,
    );
    const own = await viaOwn(path);
    expect(own.chunks.map((c) => c.schema.fields.map((f) => f.dtype))).toEqual((await viaArrow(path)).map((c) => c.schema.fields.map((f) => f.dtype)));
    await expectSame(path);
  });

  it('reads LargeUtf8, Utf8View and dictionaries (with deltas) written by apache-arrow', async () => {
    const r = random(7);
    const batches: RecordBatch[] = [];
    const words = Array.from({ length: 40 }, (_, i) => `word-${i}-${'x'.repeat(i % 17)}`);
    let dictionary = vectorFromArray(words.slice(0, 10), new Utf8());
    for (let b = 0; b < 4; b++) {
      const n = 500 + b * 37;
      const texts = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : `t${b}-${i}-${'long text '.repeat(i % 4)}`));
      if (b > 0) dictionary = dictionary.concat(vectorFromArray(words.slice(10 * b, 10 * b + 10), new Utf8()));
      const size = dictionary.length;
      const keys = Int32Array.from({ length: n }, () => Math.floor(r() * size));
      const validity = new Uint8Array(Math.ceil(n / 8)).fill(0xff);
      validity[0] = 0b11110110;
      const type = new Dictionary(new Utf8(), new Int32(), 0, false);
      const codes = makeData({ type, length: n, nullCount: 2, nullBitmap: validity, data: keys, dictionary });
      const large = vectorFromArray(texts, new LargeUtf8());
      const view = vectorFromArray(texts, new Utf8View());
      const fields = [new ArrowField('code', type, true), new ArrowField('large', new LargeUtf8(), true), new ArrowField('view', new Utf8View(), true)];
      const schema = new Schema(fields);
      const struct = makeData({ type: new Struct(fields), length: n, nullCount: 0, children: [codes, large.data[0], view.data[0]] });
      batches.push(new RecordBatch(schema, struct));
    }
    const path = join(dir, 'strings.feather');
    writeArrow(path, batches);
    await expectSame(path);
    await expectSame(path, ['view']);
    const df = await readFeather(path);
    expect(df.schema.fields.map((f) => f.dtype)).toEqual(['categorical', 'utf8', 'utf8']);
  });

  it('reads Utf8View strings of every inline length (0-12 bytes) and past it, with nulls, as a column and as a key', async () => {
    // Each string is followed by one of another length, so a string written whole-word past its end is caught.
    const base = 'abcdefghijklmnopqrstu';
    const texts = Array.from({ length: 300 }, (_, i) => (i % 23 === 5 ? null : i % 2 === 0 ? base.slice(0, i % 21) : `é${base.slice(0, (i * 7) % 19)}`));
    const fields = [new ArrowField('s', new Utf8View(), true)];
    const strings = vectorFromArray(texts, new Utf8View());
    const path = join(dir, 'view-lengths.feather');
    writeArrow(path, [new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: texts.length, nullCount: 0, children: [strings.data[0]] }))]);
    const df = await readFeather(path);
    expect(df.toColumns().s).toEqual(texts);
    // The strings' bytes and no more (the reader writes whole words into room past the end, then cuts it off).
    const bytes = df.chunks.reduce((n, c) => n + (c.column('s') as unknown as { data: Uint8Array }).data.length, 0);
    expect(bytes).toBe(texts.reduce((n, t) => n + (t === null ? 0 : Buffer.byteLength(t)), 0));
    const counts = await scanFeather(path)
      .groupBy('s')
      .agg({ s: ['count'] })
      .collect();
    const expected = new Map<string | null, number>();
    for (const t of texts) expected.set(t, (expected.get(t) ?? 0) + 1);
    expect(new Map(counts.toRecords().map((r) => [r.s as string | null, r.s_count as number]))).toEqual(new Map([...expected].map(([k, v]) => [k, k === null ? 0 : v])));
  });

  it('groups by Utf8View keys as their table grows: 20,000 distinct inline strings, each met three times', async () => {
    const texts = Array.from({ length: 60_000 }, (_, i) => (i % 997 === 3 ? null : `k${(i * 7919) % 20_000}`));
    const fields = [new ArrowField('s', new Utf8View(), true)];
    const strings = vectorFromArray(texts, new Utf8View());
    const path = join(dir, 'view-many-keys.feather');
    writeArrow(path, [new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: texts.length, nullCount: 0, children: [strings.data[0]] }))]);
    const counts = await scanFeather(path)
      .groupBy('s')
      .agg({ s: ['count'] })
      .collect();
    const expected = new Map<string | null, number>();
    for (const t of texts) expected.set(t, (expected.get(t) ?? 0) + (t === null ? 0 : 1));
    expect(counts.numRows).toBe(expected.size);
    expect(new Map(counts.toRecords().map((r) => [r.s as string | null, r.s_count as number]))).toEqual(expected);
  });

  it('fails a Utf8View key whose view points outside its data buffers, or has a negative length, with the row', async () => {
    const long = 'abcdefghijklmnopqrstuvwxyz0123';
    const texts = ['x', long, 'y'];
    const fields = [new ArrowField('s', new Utf8View(), true)];
    const strings = vectorFromArray(texts, new Utf8View());
    const path = join(dir, 'view-good.feather');
    writeArrow(path, [new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: texts.length, nullCount: 0, children: [strings.data[0]] }))]);
    const good = readFileSync(path);
    // The long string's view: its length, its first four bytes, then its buffer index and offset.
    const view = good.indexOf(Buffer.from([long.length, 0, 0, 0, ...Buffer.from(long.slice(0, 4))]));
    expect(view).toBeGreaterThan(0);
    // Read as a group-by key (categorical, interned as read) and as a plain column: both paths check a view.
    const asKey = async (file: string) => {
      const handle = await open(file, 'r');
      try {
        const { size } = await handle.stat();
        const chunks: Chunk[] = [];
        for await (const c of IpcFileReader.open(handle, size, file).chunks(['s'], undefined, ['s'])) chunks.push(c);
        return chunks;
      } finally {
        await handle.close();
      }
    };
    const both = (file: string, message: RegExp) => Promise.all([expect(asKey(file)).rejects.toThrow(message), expect(viaOwn(file)).rejects.toThrow(message)]);
    const outside = Buffer.from(good);
    outside.writeInt32LE(0x7fff0000, view + 12);
    writeFileSync(join(dir, 'view-outside.feather'), outside);
    await both(join(dir, 'view-outside.feather'), /the string view at row 1 points outside its data buffers/);
    const negative = Buffer.from(good);
    negative.writeInt32LE(-5, view);
    writeFileSync(join(dir, 'view-negative.feather'), negative);
    await both(join(dir, 'view-negative.feather'), /a string view of length -5 at row 1/);
    const keyed = await asKey(path);
    expect(keyed[0].column('s').dtype).toBe('categorical');
    expect(keyed[0].column('s').get(1)).toBe(long);
  });

  it('reads LZ4_FRAME and ZSTD bodies and Utf8View strings written by Polars', async (context) => {
    // apache-arrow's JS writer prefixes a compressed buffer with its compressed length, not the uncompressed one
    // the format asks for: its files are no reference. Polars (the bench's install) writes them as Arrow C++ does.
    const polars = loadPolars();
    if (polars === undefined) {
      console.log('skipped: nodejs-polars is not installed (bench/node_modules)');
      context.skip();
      return;
    }
    const r = random(3);
    const n = 20_000;
    const df = polars.DataFrame({
      i: Array.from({ length: n }, () => Math.floor(r() * 1000)),
      big: Array.from({ length: n }, (_, k) => (k === n - 1 ? 2 ** 40 : k)),
      s: Array.from({ length: n }, (_, k) => (k % 13 === 0 ? null : `s${Math.floor(r() * 100)}${k % 3 === 0 ? ' and a longer tail' : ''}`)),
      x: Array.from({ length: n }, () => r()),
    });
    for (const compression of ['lz4', 'zstd', 'uncompressed']) {
      const path = join(dir, `polars-${compression}.feather`);
      df.writeIPC(path, { compression });
      const own = await viaOwn(path);
      expect(own.unsupported).toBeUndefined();
      const got = rows(own.chunks);
      expect(got.values.length).toBe(n);
      expect(got.values[n - 1]).toEqual([df.getColumn('i').get(n - 1), 2 ** 40, df.getColumn('s').get(n - 1), df.getColumn('x').get(n - 1)]);
      expect(got.values.map((v) => v[2])).toEqual(df.getColumn('s').toArray());
      expect(got.values.map((v) => v[0])).toEqual(df.getColumn('i').toArray());
      if (compression === 'uncompressed') await expectSame(path);
    }
  });

  it('reads the IPC stream format: our writer, and apache-arrow with delta and replacement dictionaries', async () => {
    const ours = join(dir, 'every.arrows');
    await writeFeather(everyDType(3000, 5), ours, { stream: true });
    await expectSame(ours, undefined, true);
    await expectSame(ours, ['text', 'word'], true);
    const r = random(11);
    const type = new Dictionary(new Utf8(), new Int32(), 0, false);
    const first = vectorFromArray(['a', 'b', 'c'], new Utf8());
    const replaced = vectorFromArray(['z', 'c', 'y', 'x'], new Utf8());
    const dictionaries = [first, first.concat(vectorFromArray(['d', 'e'], new Utf8())), replaced, replaced.concat(vectorFromArray(['w'], new Utf8()))];
    const fields = [new ArrowField('code', type, true)];
    const batches = dictionaries.map((dictionary, b) => {
      const n = 200 + b;
      const keys = Int32Array.from({ length: n }, () => Math.floor(r() * dictionary.length));
      const codes = makeData({ type, length: n, nullCount: 0, data: keys, dictionary });
      return new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children: [codes] }));
    });
    const path = join(dir, 'dictionaries.arrows');
    writeArrow(path, batches, true);
    await expectSame(path, undefined, true);
    const df = await readFeather(path);
    expect(df.toColumns().code.slice(-3)).toEqual(batches[3].getChildAt(0)?.toArray().slice(-3));
  });

  // Offsets as a writer could leave them: decreasing, or past the data buffer. LargeUtf8's are narrowed and checked in
  // one pass, Utf8's are checked in place: both name the column and the row.
  for (const [name, wide] of [
    ['LargeUtf8', true],
    ['Utf8', false],
  ] as const) {
    it(`gives a clean FormatError for ${name} offsets that decrease or run past the data, as a plain column and as keys`, async () => {
      const bytes = new TextEncoder().encode('abcdefgh');
      const column = (offsets: number[]) =>
        makeData({
          type: wide ? new LargeUtf8() : new Utf8(),
          length: offsets.length - 1,
          nullCount: 0,
          valueOffsets: wide ? BigInt64Array.from(offsets, BigInt) : Int32Array.from(offsets),
          data: bytes,
        } as never);
      const file = (label: string, offsets: number[]) => {
        const fields = [new ArrowField('s', wide ? new LargeUtf8() : new Utf8(), false)];
        const path = join(dir, `${name}-${label}.feather`);
        writeArrow(path, [
          new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: offsets.length - 1, nullCount: 0, children: [column(offsets)] })),
        ]);
        return path;
      };
      const good = file('good', [0, 2, 4, 8]);
      expect((await readFeather(good)).toColumns().s).toEqual(['ab', 'cd', 'efgh']);
      const decreasing = file('decreasing', [0, 4, 2, 8]);
      const pastEnd = file('past-end', [0, 2, 4, 9]);
      if (wide) {
        // Only LargeUtf8 can say these: an offset below 0, one past 2^31, and a first one above 0 (rebased).
        await expect(readFeather(file('negative', [0, -2, 4, 8]))).rejects.toThrow(/column s: negative string offset/);
        await expect(readFeather(file('huge', [0, 2, 2 ** 31, 8]))).rejects.toThrow(/LargeUtf8 column s: a chunk holds more than 2 GiB of strings/);
        expect((await readFeather(file('based', [2, 4, 8]))).toColumns().s).toEqual(['cd', 'efgh']);
      }
      // Read as a plain column, and as a group-by's key (interned as it is read).
      for (const read of [
        (path: string) => readFeather(path),
        (path: string) =>
          scanFeather(path)
            .groupBy('s')
            .agg({ s: ['count'] })
            .collect(),
      ]) {
        expect((await read(good)).numRows).toBe(3);
        await expect(read(decreasing)).rejects.toThrow(/column s: string offsets decrease at row 1/);
        await expect(read(pastEnd)).rejects.toThrow(/column s: string offsets run past the 8-byte data buffer/);
        await expect(read(pastEnd)).rejects.toBeInstanceOf(FormatError);
      }
    });
  }

  it('gives a clean FormatError naming the batch for a dictionary key outside its dictionary', async () => {
    const type = new Dictionary(new Utf8(), new Int32(), 0, false);
    const dictionary = vectorFromArray(['a', 'b', 'c'], new Utf8());
    const fields = [new ArrowField('code', type, false)];
    const batch = (keys: number[]) =>
      new RecordBatch(
        new Schema(fields),
        makeData({
          type: new Struct(fields),
          length: keys.length,
          nullCount: 0,
          children: [makeData({ type, length: keys.length, nullCount: 0, data: Int32Array.from(keys), dictionary })],
        }),
      );
    const path = join(dir, 'bad-key.feather');
    writeArrow(path, [batch([0, 1, 2]), batch([2, 99, 0])]);
    await expect(readFeather(path)).rejects.toThrow(/batch 1: .*dictionary key 99 at row 1 is outside a dictionary of 3 entries/);
    await expect(readFeather(path)).rejects.toBeInstanceOf(FormatError);
  });

  it('gives a clean FormatError for an LZ4 block length past its frame, not a long copy', async (context) => {
    const polars = loadPolars();
    if (polars === undefined) {
      console.log('skipped: nodejs-polars is not installed (bench/node_modules)');
      context.skip();
      return;
    }
    const path = join(dir, 'bad-lz4.feather');
    polars.DataFrame({ i: Array.from({ length: 5000 }, (_, k) => k % 7) }).writeIPC(path, { compression: 'lz4' });
    const bytes = readFileSync(path);
    const magic = bytes.indexOf(Buffer.from([0x04, 0x22, 0x4d, 0x18]));
    expect(magic).toBeGreaterThan(0);
    const flags = bytes[magic + 4];
    const blockSize = magic + 7 + ((flags & 0x08) !== 0 ? 8 : 0) + ((flags & 0x01) !== 0 ? 4 : 0);
    bytes.writeUInt32LE(0x7ffffff0, blockSize);
    writeFileSync(path, bytes);
    await expect(readFeather(path)).rejects.toThrow(/an LZ4 block of 2147483632 bytes with \d+ left in its frame/);
  });

  it('leaves a selection with a type it does not read to apache-arrow, and says so', async () => {
    const n = 300;
    const half = makeData({ type: new Float16(), length: n, nullCount: 0, data: Uint16Array.from({ length: n }, (_, i) => 0x3c00 + (i % 64)) });
    const ints = vectorFromArray(Int32Array.from({ length: n }, (_, i) => i * 5));
    const fields = [new ArrowField('h', new Float16(), false), new ArrowField('i', new Int32(), false)];
    const path = join(dir, 'half.feather');
    writeArrow(path, [new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children: [half, ints.data[0]] }))]);
    const all = new FeatherSource(path);
    const df = await all.schema();
    expect(df.fields.map((f) => f.dtype)).toEqual(['float32', 'int16']);
    expect(all.explainLines()[0]).toMatch(/apache-arrow reader: column h: half floats/);
    const some = new FeatherSource(path, { columns: ['i'] });
    expect((await readFeather(path, { columns: ['i'] })).toColumns().i).toEqual(Array.from({ length: n }, (_, i) => i * 5));
    await some.schema();
    expect(some.explainLines()[0]).not.toMatch(/apache-arrow/);
    expect((await readFeather(path)).toColumns().h[1]).toBeCloseTo(1 + 1 / 1024);
  });

  it('gives the same frame through scanFeather at chunk sizes 1, 7 and the default', async () => {
    const path = join(dir, 'sizes.feather');
    await writeFeather(everyDType(600, 9), path);
    const reference = await readFeather(path);
    for (const chunkSize of [1, 7]) {
      const df = await readFeather(path, { chunkSize });
      expect(df.schema).toEqual(reference.schema);
      expect(df.toRecords()).toEqual(reference.toRecords());
    }
  });
});

interface PolarsFrame {
  writeIPC(path: string, options: { compression: string }): void;
  getColumn(name: string): { get(i: number): unknown; toArray(): unknown[] };
}

/** nodejs-polars from the bench package's install, when there. */
function loadPolars(): { DataFrame(columns: Record<string, unknown[]>): PolarsFrame } | undefined {
  try {
    return createRequire(join(import.meta.dirname, '../../../../bench/package.json'))('nodejs-polars');
  } catch {
    return undefined;
  }
}
