import { readFileSync } from 'node:fs';
import { Chunk, type Column, DataFrame, DfError, type DType, type NumberDType, Schema, type Value } from '@df-stream/core';
import {
  BigIntColumn,
  BoolColumn,
  CategoricalColumn,
  codeArrayFor,
  Dictionary,
  NumberColumn,
  newNumberArray,
  setBit,
  Utf8Column,
  utf8Encoder,
} from '@df-stream/core/internal';
import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvEncoder, type CsvWriteOptions, DEFAULT_NULL_VALUES, readCsv, writeCsv } from '../../src/csv/index.js';

const tmp = makeTestDir('csv-encoder');

/** A column of the random frame: its name, dtype and values (null for null; int64 and timestamp as bigint). */
interface Spec {
  name: string;
  dtype: DType;
  values: (number | bigint | boolean | string | null)[];
}

const DTYPE_NAMES: readonly [string, DType][] = [
  ['i8', 'int8'],
  ['i16', 'int16'],
  ['i32', 'int32'],
  ['u8', 'uint8'],
  ['u16', 'uint16'],
  ['u32', 'uint32'],
  ['i64', 'int64'],
  ['f32', 'float32'],
  ['f64', 'float64'],
  ['flag', 'bool'],
  ['day', 'date'],
  ['ts', 'timestamp'],
  ['text, "quoted"', 'utf8'],
  ['NA', 'categorical'],
];

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};

const STRINGS = [
  '',
  'NA',
  'null',
  'NULL',
  '\\N',
  'plain',
  'a,b',
  'a;b',
  'tab\there',
  'pipe|d',
  'say "hi"',
  "it's",
  '"',
  "'",
  'line\nbreak',
  'cr\ronly',
  'crlf\r\n',
  ' lead',
  'Zürich',
  '東京',
  '😀 ok',
  '1.5',
  'true',
];

function randomFloat(rng: SeededRandom): number {
  switch (rng.int(9)) {
    case 0:
      return rng.pick([NaN, Infinity, -Infinity, 0, -0, 1e-7, 1e-6, 5e-324, Number.MAX_VALUE, 1e21, 1e20, 2 ** 53, 0.1 + 0.2]);
    case 1: {
      // Any bit pattern: exponents, subnormals, 17-digit mantissas.
      const b = new Uint32Array([rng.int(2 ** 32), rng.int(2 ** 32)]);
      return new Float64Array(b.buffer)[0];
    }
    case 2:
      return (rng.int(2e6) - 1e6) / 10 ** rng.int(8);
    case 3:
      return rng.next() * 10 ** (rng.int(40) - 20);
    default:
      return Math.round((rng.next() - 0.3) * 1e8) / 1e6;
  }
}

function randomInt64(rng: SeededRandom): bigint {
  switch (rng.int(4)) {
    case 0:
      return rng.pick([-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n, -(2n ** 53n) - 1n, 2n ** 52n - 1n, 0n, -1n]);
    case 1:
      return BigInt.asIntN(64, (BigInt(rng.int(2 ** 32)) << 32n) | BigInt(rng.int(2 ** 32)));
    default:
      return BigInt(rng.int(2e9) - 1e9);
  }
}

/** Microseconds, within the range `Date` (hence the reference text and our reader) can handle. */
function randomTimestamp(rng: SeededRandom): bigint {
  const ms = rng.chance(0.5) ? rng.int(4e12) - 1e12 : Math.floor((rng.next() * 2 - 1) * 8.64e15);
  return BigInt(ms) * 1000n + (rng.chance(0.5) ? 0n : BigInt(rng.int(1000)));
}

function randomString(rng: SeededRandom): string {
  if (rng.chance(0.6)) return rng.pick(STRINGS);
  const chars = 'ab ,;\t|"\'\r\nxé€😀';
  return Array.from({ length: rng.int(6) }, () => rng.pick([...chars])).join('');
}

function randomValue(rng: SeededRandom, dtype: DType): number | bigint | boolean | string {
  const range = INT_RANGE[dtype];
  if (range !== undefined) return rng.chance(0.1) ? rng.pick(range) : range[0] + rng.int(range[1] - range[0] + 1);
  switch (dtype) {
    case 'int64':
      return randomInt64(rng);
    case 'float32':
      return Math.fround(randomFloat(rng));
    case 'float64':
      return randomFloat(rng);
    case 'bool':
      return rng.chance(0.5);
    case 'date':
      return rng.chance(0.5) ? rng.int(40_000) - 10_000 : rng.int(2e8) - 1e8 + 1;
    case 'timestamp':
      return randomTimestamp(rng);
    default:
      return randomString(rng);
  }
}

function randomSpecs(seed: number): Spec[] {
  const rng = new SeededRandom(seed);
  const rows = rng.chance(0.1) ? rng.int(3) : rng.int(150);
  const nullRate = rng.pick([0, 0.1, 0.5]);
  return DTYPE_NAMES.map(([name, dtype]) => ({ name, dtype, values: Array.from({ length: rows }, () => (rng.chance(nullRate) ? null : randomValue(rng, dtype))) }));
}

/** Rows [start, end) of a spec as a column; categorical entries go into `dictionary`, which grows chunk by chunk. */
function columnOf(spec: Spec, start: number, end: number, dictionary: Dictionary): Column {
  const values = spec.values.slice(start, end);
  const n = values.length;
  const validity = new Uint8Array((n + 7) >>> 3);
  values.forEach((v, i) => setBit(validity, i, v !== null));
  const { dtype } = spec;
  if (dtype === 'int64' || dtype === 'timestamp')
    return new BigIntColumn(
      dtype,
      BigInt64Array.from(values, (v) => (v ?? 0n) as bigint),
      validity,
    );
  if (dtype === 'bool') {
    const bits = new Uint8Array((n + 7) >>> 3);
    values.forEach((v, i) => setBit(bits, i, v === true));
    return new BoolColumn(bits, n, validity);
  }
  if (dtype === 'utf8') {
    const parts = values.map((v) => utf8Encoder.encode((v ?? '') as string));
    const offsets = new Int32Array(n + 1);
    parts.forEach((p, i) => (offsets[i + 1] = offsets[i] + p.length));
    const data = new Uint8Array(offsets[n]);
    parts.forEach((p, i) => data.set(p, offsets[i]));
    return new Utf8Column(offsets, data, validity);
  }
  if (dtype === 'categorical') {
    const codes = values.map((v) => (v === null ? 0 : dictionary.intern(v as string)));
    const array = codeArrayFor(dictionary.size, n);
    array.set(codes);
    return new CategoricalColumn(array, dictionary, validity);
  }
  const array = newNumberArray(dtype, n);
  values.forEach((v, i) => (array[i] = (v ?? 0) as number));
  return new NumberColumn(dtype as NumberDType, array, validity);
}

function schemaOf(specs: readonly Spec[]): Schema {
  return new Schema(specs.map((s) => ({ name: s.name, dtype: s.dtype })));
}

/** Chunks of `chunkSize` rows of `specs`, made as they are pulled: the categorical dictionary grows between them. */
function* chunksOf(specs: readonly Spec[], chunkSize: number): Generator<Chunk> {
  const schema = schemaOf(specs);
  const rows = specs[0].values.length;
  const dictionary = new Dictionary();
  for (let start = 0; start < rows; start += chunkSize) {
    const end = Math.min(rows, start + chunkSize);
    yield new Chunk(
      schema,
      specs.map((s) => columnOf(s, start, end, dictionary)),
    );
  }
}

/** All of `specs` as one frame. */
function frameOf(specs: readonly Spec[]): DataFrame {
  const chunks = [...chunksOf(specs, 65_536)];
  return chunks.length === 0 ? DataFrame.empty(schemaOf(specs)) : DataFrame.fromChunks(chunks);
}

/** A source that makes its chunks as they are pulled, with its schema known up front (for the header of an empty one). */
function lazily(specs: readonly Spec[], chunkSize: number): AsyncIterable<Chunk> & { schema: Schema } {
  return {
    schema: schemaOf(specs),
    async *[Symbol.asyncIterator]() {
      yield* chunksOf(specs, chunkSize);
    },
  };
}

/** The text a value should be written as, made with `Date`/`String` rather than the encoder's own code. */
function referenceText(v: Spec['values'][number], dtype: DType): string {
  if (typeof v === 'number' && (dtype === 'float32' || dtype === 'float64')) return v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
  if (dtype === 'date') return isoDate(new Date((v as number) * 86_400_000).toISOString());
  if (dtype === 'timestamp') {
    const us = v as bigint;
    let ms = us / 1000n;
    if (ms * 1000n > us) ms--;
    const iso = new Date(Number(ms)).toISOString();
    const sub = us - ms * 1000n;
    return sub === 0n ? iso : `${iso.slice(0, -1)}${String(sub).padStart(3, '0')}Z`;
  }
  return String(v);
}

function isoDate(iso: string): string {
  return iso.slice(0, iso.indexOf('T'));
}

/** A value as our reader gives it back: -0 is written as `0` (as `String` does), timestamps keep milliseconds. */
function readBack(v: Value, dtype: DType): unknown {
  if (v === null) return null;
  if (dtype === 'timestamp') {
    const us = BigInt(v as number | bigint);
    let ms = us / 1000n;
    if (ms * 1000n > us) ms--;
    return ms * 1000n;
  }
  if (typeof v === 'number' && Object.is(v, -0)) return 0;
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  return v;
}

const OPTIONS: readonly CsvWriteOptions[] = [
  {},
  { delimiter: ';', quote: "'", nullValue: '\\N', lineTerminator: '\r\n' },
  { delimiter: '\t', quoteAll: true, nullValue: 'NA' },
  { delimiter: '|', header: false, nullValue: 'null' },
];

const CHUNK_SIZES = [1, 2, 7, 64, 65_536];

describe('CsvEncoder through writeCsv', () => {
  it('writes output past its 1 MiB write blocks once, in order, to a file and to a stream', async () => {
    // 40,000 rows of about 60 bytes: two blocks and a tail, every block through the writer's one reused buffer.
    const rows = 40_000;
    const df = DataFrame.fromColumns(
      {
        id: Int32Array.from({ length: rows }, (_, i) => i),
        text: Array.from({ length: rows }, (_, i) => `row ${i} ${'x'.repeat(i % 61)}`),
        v: Float64Array.from({ length: rows }, (_, i) => i / 7),
      },
      { chunkSize: 3_000 },
    );
    const encoder = new CsvEncoder();
    const expected = Buffer.concat([encoder.header(df.schema), ...df.chunks.map((c) => encoder.encode(c))]);
    expect(expected.length).toBeGreaterThan(2 * 2 ** 20);
    const path = tmp.path('blocks.csv');
    await writeCsv(df, path);
    expect(readFileSync(path).equals(expected)).toBe(true);
    const { PassThrough } = await import('node:stream');
    const stream = new PassThrough();
    const parts: Buffer[] = [];
    // Kept as given: a chunk the writer later overwrote would show.
    stream.on('data', (b: Buffer) => parts.push(b));
    await writeCsv(df, stream);
    expect(Buffer.concat(parts).equals(expected)).toBe(true);
  });

  it('round-trips random frames of every dtype through csv-parse and readCsv, the same bytes at any chunk size', async () => {
    let checkedFields = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const specs = randomSpecs(seed);
      const options = OPTIONS[seed % OPTIONS.length];
      const { delimiter = ',', quote = '"', nullValue = '', header = true, lineTerminator = '\n', quoteAll = false } = options;
      const label = `seed ${seed}, options ${JSON.stringify(options)}`;

      const files = await Promise.all(
        CHUNK_SIZES.map(async (size) => {
          const path = tmp.path(`frame-${seed}-${size}.csv`);
          await writeCsv(size === 65_536 ? frameOf(specs) : lazily(specs, size), path, options);
          return readFileSync(path);
        }),
      );
      for (let i = 1; i < files.length; i++) expect(files[i].toString('latin1'), `${label}: chunk size ${CHUNK_SIZES[i]}`).toBe(files[0].toString('latin1'));
      const text = files[0].toString('utf8');
      if (specs[0].values.length > 0) expect(text.endsWith(lineTerminator), label).toBe(true);

      // csv-parse (the reference parser) sees each field's text and whether it was quoted.
      const records = parse(text, {
        delimiter,
        quote,
        escape: quote,
        cast: (value, context) => ({ value, quoted: context.quoting }) as never,
      }) as unknown as { value: string; quoted: boolean }[][];
      const body = header ? records.slice(1) : records;
      if (header)
        expect(
          records[0].map((f) => f.value),
          label,
        ).toEqual(specs.map((s) => s.name));
      expect(body.length, label).toBe(specs[0].values.length);
      const lookalikes = new Set([...DEFAULT_NULL_VALUES, nullValue]);
      body.forEach((record, r) => {
        specs.forEach((spec, j) => {
          const v = spec.values[r];
          const field = record[j];
          const where = `${label}: row ${r}, column ${spec.name}`;
          const isString = spec.dtype === 'utf8' || spec.dtype === 'categorical';
          if (v === null) expect(field, where).toEqual({ value: nullValue, quoted: false });
          else {
            expect(field.value, where).toBe(referenceText(v, spec.dtype));
            const s = String(v);
            expect(field.quoted, where).toBe(isString && (quoteAll || lookalikes.has(s) || /[\r\n]/.test(s) || s.includes(delimiter) || s.includes(quote)));
          }
          checkedFields++;
        });
      });

      // Our reader, told the dialect and dtypes, gives back the same values.
      const back = await readCsv(tmp.path(`frame-${seed}-1.csv`), {
        delimiter,
        quote,
        header,
        columns: header ? undefined : specs.map((s) => s.name),
        // Nulls are written as the null text; strings that look like a null are quoted, so they read back as strings.
        nullValues: [nullValue],
        dtypes: Object.fromEntries(specs.map((s) => [s.name, s.dtype])),
      });
      expect(back.columns, label).toEqual(specs.map((s) => s.name));
      const expected = frameOf(specs);
      const rowsOf = (df: DataFrame): unknown[][] => df.toRecords().map((rec) => specs.map((s) => readBack(rec[s.name], s.dtype)));
      expect(rowsOf(back), label).toEqual(rowsOf(expected));
    }
    expect(checkedFields).toBeGreaterThan(10_000);
  });

  it('encodes any row range of a chunk as that part of the whole', () => {
    for (let seed = 100; seed < 110; seed++) {
      const specs = randomSpecs(seed);
      const chunk = frameOf(specs).chunks[0];
      if (chunk === undefined) continue;
      const encoder = new CsvEncoder(OPTIONS[seed % OPTIONS.length]);
      const whole = encoder.encode(chunk);
      const rng = new SeededRandom(seed);
      const cuts = [0, ...Array.from({ length: 4 }, () => rng.int(chunk.numRows + 1)).sort((a, b) => a - b), chunk.numRows];
      const parts = cuts.slice(1).map((end, i) => encoder.encode(chunk, cuts[i], end));
      expect(Buffer.compare(Buffer.concat(parts), whole), `seed ${seed}`).toBe(0);
    }
  });
});

describe('CsvEncoder categorical fields', () => {
  // Entries of 0-20 bytes (up to 16 go a word at a time, with a tail of 0-3 bytes), dictionaries whose entries all
  // have one width (measured without reading them) and mixed ones, nulls, and the column first, between and last: each
  // line must read back as csv-parse sees the values, with no byte of a neighbour written over.
  it('writes entries of every width, in any column, as csv-parse reads them back', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rng = new SeededRandom(seed);
      const uniform = seed % 2 === 0;
      const width = rng.int(21);
      // Mixed entries include ones that need quotes (a delimiter, a quote): their encoded width is not their length.
      const entry = (i: number): string =>
        uniform ? `${'k'.repeat(width)}${i % 10}`.slice(-Math.max(width, 1)) : 'x'.repeat(rng.int(21)) + rng.pick(['', ',', '"']) + i;
      const entries = Array.from({ length: 1 + rng.int(30) }, (_, i) => entry(i));
      const rows = 1 + rng.int(300);
      const nullRate = rng.pick([0, 0.2]);
      const columns = rng.int(4) + 1;
      const at = rng.int(columns);
      const dictionary = new Dictionary();
      const values = Array.from({ length: rows }, () => (rng.chance(nullRate) ? null : rng.pick(entries)));
      const validity = new Uint8Array((rows + 7) >>> 3);
      values.forEach((v, i) => setBit(validity, i, v !== null));
      const codes = values.map((v) => (v === null ? 0 : dictionary.intern(v)));
      const array = codeArrayFor(dictionary.size, rows);
      array.set(codes);
      // The other columns: short ints, and empty strings (so a line may end right after the categorical field).
      const others = Array.from({ length: rows }, () => rng.int(3));
      const cols: Record<string, Column> = {};
      for (let c = 0; c < columns; c++) {
        cols[`c${c}`] =
          c === at
            ? new CategoricalColumn(array, dictionary, validity)
            : c % 2 === 0
              ? new NumberColumn('int32', Int32Array.from(others))
              : new Utf8Column(new Int32Array(rows + 1), new Uint8Array(0), null);
      }
      const text = new TextDecoder().decode(new CsvEncoder({ header: false }).encode(Chunk.of(cols)));
      const records = parse(text, { relax_column_count: false }) as string[][];
      expect(records.length, `seed ${seed}`).toBe(rows);
      records.forEach((record, r) => {
        const expected = Array.from({ length: columns }, (_, c) => (c === at ? (values[r] ?? '') : c % 2 === 0 ? String(others[r]) : ''));
        expect(record, `seed ${seed}, row ${r}`).toEqual(expected);
      });
    }
  });
});

describe('CsvEncoder text', () => {
  const encoder = new CsvEncoder({ header: false });
  const lines = (column: Column): string[] =>
    new TextDecoder()
      .decode(encoder.encode(Chunk.of({ x: column })))
      .split('\n')
      .slice(0, -1);

  it('writes every float as String(v) does (NaN, inf, -inf for non-finite), float32 included', () => {
    const rng = new SeededRandom(7);
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) values.push(randomFloat(rng));
    // The edges of the digit-by-digit path: powers of ten and their neighbours, the mantissa limit, 1e-6 and 1e21.
    const next = (x: number, up: boolean): number => {
      const f = new Float64Array([x]);
      const b = new BigInt64Array(f.buffer);
      b[0] += x > 0 === up ? 1n : -1n;
      return f[0];
    };
    for (let e = -8; e <= 22; e++) for (const x of [Number(`1e${e}`), 2 ** (e + 30), 9.5 * Number(`1e${e}`)]) values.push(x, next(x, true), next(x, false), -x);
    for (let m = 2 ** 49 - 3; m < 2 ** 49 + 3; m++) values.push(m, m / 10, m / 1000, m + 0.5);
    // Mantissas past the digit-by-digit limit, where two decimals of one length can read back as the same double.
    for (let i = 0; i < 20_000; i++) {
      const x = (2 ** 50 + rng.int(2 ** 30) * 2 ** 22 + rng.int(2 ** 22)) / Number(`1e${rng.int(12)}`);
      values.push(x, next(x, true), next(x, false));
    }
    const doubles = new Float64Array(values);
    expect(lines(new NumberColumn('float64', doubles))).toEqual(values.map((v) => referenceText(v, 'float64')));
    const singles = new Float32Array(values);
    expect(lines(new NumberColumn('float32', singles))).toEqual([...singles].map((v) => referenceText(v, 'float32')));
  });

  it('writes int64 exactly, and timestamps and dates to the ends of their ranges', () => {
    const ints = [-(2n ** 63n), 2n ** 63n - 1n, -(2n ** 53n), 2n ** 53n, 2n ** 53n + 1n, 2n ** 52n, -(2n ** 52n) - 1n, 4294967296n, -4294967297n, 0n, -1n];
    expect(lines(new BigIntColumn('int64', BigInt64Array.from(ints)))).toEqual(ints.map(String));
    const stamps = [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 253402300799999999n, 253402300800000000n, -62167219200000000n, -62167219200000001n];
    expect(lines(new BigIntColumn('timestamp', BigInt64Array.from(stamps)))).toEqual([
      '-290308-12-21T19:59:05.224192Z',
      '+294247-01-10T04:00:54.775807Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999999Z',
      '9999-12-31T23:59:59.999999Z',
      '+010000-01-01T00:00:00.000Z',
      '0000-01-01T00:00:00.000Z',
      '-000001-12-31T23:59:59.999999Z',
    ]);
    const days = [-(2 ** 31), 2 ** 31 - 1, -719_528, -719_529, 2_932_896, 2_932_897, 0, -1, 19_000];
    expect(lines(new NumberColumn('date', Int32Array.from(days)))).toEqual([
      '-5877641-06-23',
      '+5881580-07-11',
      '0000-01-01',
      '-000001-12-31',
      '9999-12-31',
      '+010000-01-01',
      '1970-01-01',
      '1969-12-31',
      '2022-01-08',
    ]);
  });

  it('rejects a delimiter or quote that could not be read back, and a null text that needs quoting', () => {
    for (const options of [
      { delimiter: ',,' },
      { delimiter: '.' },
      { delimiter: '-' },
      { quote: 'e' },
      { delimiter: '\n' },
      { delimiter: '§' },
      { delimiter: '"' },
      { nullValue: 'a,b' },
      { nullValue: '\n' },
    ]) {
      expect(() => new CsvEncoder(options), JSON.stringify(options)).toThrow(DfError);
    }
  });
});
