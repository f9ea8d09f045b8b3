import { ipcTargets, type LengthTarget, parquetFooterRange, parquetTargets } from './length-targets.js';
import type { Seed, SeedFormat } from './seed.js';
import type { SeededRandom } from './seeded-random.js';

/** A mutated file and the mutations that made it, in words (for the report of a finding). */
export interface Mutant {
  readonly bytes: Uint8Array;
  readonly ops: readonly string[];
}

/** Mutants stay below this, so one run stays within seconds; "very long" lines and fields are up to 2 MB. */
const MAX_MUTANT_BYTES = 4 * 2 ** 20;

/** Values that break length checks: zero, -1, the int32/uint32/int64 limits, just past the file, a huge power of two. */
const INT32_VALUES = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffffffff, 0x7ffffff8, 0x10000000, 7] as const;
const INT64_VALUES = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 32n - 1n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 53n, 2n ** 40n] as const;

/** Byte sequences that are not UTF-8: a lone continuation, a truncated sequence, an overlong slash, a surrogate, 0xFF. */
const INVALID_UTF8 = [[0x80], [0xc3], [0xc3, 0x28], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0xbc], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xfe, 0xff]];

/** Text a CSV reader must treat with care: quotes, separators, line ends, a BOM mid-file, numbers past every range. */
const CSV_TOKENS = [
  '"',
  '""',
  ',',
  ';',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\\',
  '\u00a0',
  '\ufeff',
  '\u0000',
  '🙂',
  '"a\nb"',
  '"unterminated',
  '1e309',
  '-0',
  'NaN',
  '9'.repeat(400),
  '-9223372036854775809',
  '2024-13-45',
  '2024-02-30T25:61:61Z',
  'true',
  'null',
  '',
];

type Op = (bytes: Uint8Array, rng: SeededRandom, format: SeedFormat) => [Uint8Array, string];

const BINARY: SeedFormat[] = ['parquet', 'feather', 'arrow-stream'];

/**
 * One mutant of `seed`: one to six mutations picked by weight for its format (binary files get more extreme
 * integers on their real length fields, CSV more quotes, line ends, long lines and wide headers).
 */
export function mutate(seed: Seed, rng: SeededRandom): Mutant {
  const binary = BINARY.includes(seed.format);
  const ops: [Op, number][] = [
    [flipBits, binary ? 4 : 1],
    [setBytes, 2],
    [insertRandom, 1],
    [deleteRange, 1.5],
    [truncate, binary ? 2 : 1],
    [duplicateRange, 1],
    [nulBytes, 1],
    [invalidUtf8, binary ? 0.5 : 2],
    [extremeInt, binary ? 6 : 0.3],
    [giantVarint, seed.format === 'parquet' ? 3 : 0],
    [csvToken, binary ? 0.2 : 5],
    [longLine, binary ? 0.1 : 1],
    [longField, binary ? 0 : 1],
    [manyColumns, binary ? 0 : 1],
    [lineEnds, binary ? 0 : 0.7],
    [repeatLines, binary ? 0 : 0.7],
  ];
  const count = rng.weighted([
    [1, 50],
    [2, 25],
    [3, 15],
    [rng.between(4, 6), 10],
  ] as const);
  let bytes = seed.bytes;
  const done: string[] = [];
  for (let i = 0; i < count; i++) {
    const [next, what] = rng.weighted(ops)(bytes, rng, seed.format);
    done.push(what);
    bytes = next.length > MAX_MUTANT_BYTES ? next.subarray(0, MAX_MUTANT_BYTES) : next;
  }
  return { bytes, ops: done };
}

/** A position, a third of the time within 64 bytes of the start or of the end (headers, footers, magic). */
function position(rng: SeededRandom, size: number): number {
  if (size === 0) return 0;
  const edge = Math.min(64, size);
  const where = rng.int(3);
  if (where === 0) return rng.int(edge);
  if (where === 1) return size - 1 - rng.int(edge);
  return rng.int(size);
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

const flipBits: Op = (bytes, rng) => {
  const out = bytes.slice();
  const n = rng.between(1, 8);
  const at: number[] = [];
  for (let i = 0; i < n && out.length > 0; i++) {
    const p = position(rng, out.length);
    out[p] ^= 1 << rng.int(8);
    at.push(p);
  }
  return [out, `flip ${n} bit(s) at ${at.join(', ')}`];
};

const setBytes: Op = (bytes, rng) => {
  if (bytes.length === 0) return [bytes, 'set bytes (empty file)'];
  const out = bytes.slice();
  const at = position(rng, out.length);
  const n = Math.min(rng.between(1, 8), out.length - at);
  const value = rng.pick([0x00, 0xff, 0x7f, 0x80, 0x01, rng.int(256)]);
  out.fill(value, at, at + n);
  return [out, `set ${n} byte(s) at ${at} to 0x${value.toString(16)}`];
};

const insertRandom: Op = (bytes, rng) => {
  const at = position(rng, bytes.length + 1);
  const insert = Uint8Array.from({ length: rng.between(1, 64) }, () => rng.int(256));
  return [splice(bytes, at, 0, insert), `insert ${insert.length} random byte(s) at ${at}`];
};

const deleteRange: Op = (bytes, rng) => {
  if (bytes.length === 0) return [bytes, 'delete (empty file)'];
  const at = position(rng, bytes.length);
  const n = Math.min(rng.chance(0.8) ? rng.between(1, 16) : rng.between(1, Math.max(1, bytes.length >> 2)), bytes.length - at);
  return [splice(bytes, at, n, new Uint8Array(0)), `delete ${n} byte(s) at ${at}`];
};

const truncate: Op = (bytes, rng) => {
  const keep = rng.chance(0.5) ? Math.max(0, bytes.length - rng.between(1, 64)) : rng.int(bytes.length + 1);
  return [bytes.subarray(0, keep), `truncate to ${keep} byte(s)`];
};

const duplicateRange: Op = (bytes, rng) => {
  if (bytes.length === 0) return [bytes, 'duplicate (empty file)'];
  const from = rng.int(bytes.length);
  const n = Math.min(rng.between(1, 256), bytes.length - from);
  const to = position(rng, bytes.length + 1);
  return [splice(bytes, to, 0, bytes.slice(from, from + n)), `copy ${n} byte(s) from ${from} to ${to}`];
};

const nulBytes: Op = (bytes, rng) => {
  const at = position(rng, bytes.length + 1);
  const n = rng.pick([1, 4, 8, 100, 5000]);
  if (rng.chance(0.5)) return [splice(bytes, at, 0, new Uint8Array(n)), `insert ${n} NUL byte(s) at ${at}`];
  const out = bytes.slice();
  out.fill(0, at, at + n);
  return [out, `zero ${Math.min(n, out.length - at)} byte(s) at ${at}`];
};

const invalidUtf8: Op = (bytes, rng) => {
  const at = position(rng, bytes.length + 1);
  const seq = rng.pick(INVALID_UTF8);
  return [splice(bytes, at, 0, Uint8Array.from(seq)), `insert invalid UTF-8 ${seq.map((b) => b.toString(16)).join(' ')} at ${at}`];
};

/** An extreme value written over a length field the file really has (or, without one, over random bytes). */
const extremeInt: Op = (bytes, rng, format) => {
  const targets: LengthTarget[] =
    format === 'parquet' ? parquetTargets(bytes) : format === 'feather' || format === 'arrow-stream' ? ipcTargets(bytes, format === 'feather') : [];
  const fits = targets.filter((t) => t.at >= 0 && t.at + t.width <= bytes.length);
  const target: LengthTarget =
    fits.length > 0 && rng.chance(0.85) ? rng.pick(fits) : { at: rng.int(Math.max(1, bytes.length - 8)) & ~3, width: rng.chance(0.5) ? 4 : 8, what: 'random offset' };
  if (target.at + target.width > bytes.length) return [bytes, 'extreme integer (file too short)'];
  const out = bytes.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const size = bytes.length;
  if (target.width === 4) {
    const value = rng.pick([...INT32_VALUES, size, size + 8, size - target.at]);
    view.setUint32(target.at, value >>> 0, true);
    return [out, `int32 ${value} over the ${target.what} at ${target.at}`];
  }
  const value = rng.pick([...INT64_VALUES, BigInt(size), BigInt(size - target.at + 8)]);
  view.setBigInt64(target.at, BigInt.asIntN(64, value), true);
  return [out, `int64 ${value} over the ${target.what} at ${target.at}`];
};

/** A Parquet thrift field (list size, string length, count, offset) made huge or zero: zigzag varints, in the footer or a page header. */
const giantVarint: Op = (bytes, rng) => {
  const footer = parquetFooterRange(bytes);
  const at = footer !== undefined && rng.chance(0.8) ? rng.between(footer.start, footer.end - 1) : Math.min(4 + rng.int(32), Math.max(0, bytes.length - 1));
  const varint = rng.pick([
    [0xff, 0xff, 0xff, 0xff, 0x0f],
    [0xfe, 0xff, 0xff, 0xff, 0x0f],
    [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
    [0x80, 0x80, 0x80, 0x80, 0x08],
    [0x00],
    [0x01],
  ]);
  const out = bytes.slice();
  out.set(varint.slice(0, Math.max(0, out.length - at)), at);
  return [out, `varint ${varint.map((b) => b.toString(16)).join(' ')} at ${at}`];
};

const encoder = new TextEncoder();

const csvToken: Op = (bytes, rng) => {
  const at = position(rng, bytes.length + 1);
  const token = rng.pick(CSV_TOKENS);
  return [splice(bytes, at, 0, encoder.encode(token)), `insert ${JSON.stringify(token.length > 20 ? `${token.slice(0, 20)}...` : token)} at ${at}`];
};

/** A line of up to 2 MB with no line break: one value, or many short ones. */
const longLine: Op = (bytes, rng) => {
  const n = rng.pick([70_000, 300_000, 2 * 2 ** 20]);
  const unit = rng.pick(['x', 'ab,', '1,', '" ', '\t']);
  const line = encoder.encode(unit.repeat(Math.ceil(n / unit.length)));
  const at = lineStart(bytes, rng);
  return [splice(bytes, at, 0, line), `insert a ${line.length}-byte line of ${JSON.stringify(unit)} at ${at}`];
};

/** A quoted field of up to 2 MB holding separators, quotes and line breaks. */
const longField: Op = (bytes, rng) => {
  const n = rng.pick([70_000, 1_000_000]);
  const field = encoder.encode(`"${'a,b\n""c\r\n'.repeat(Math.ceil(n / 11))}"`);
  const at = rng.chance(0.5) ? lineStart(bytes, rng) : position(rng, bytes.length + 1);
  return [splice(bytes, at, 0, field), `insert a ${field.length}-byte quoted field at ${at}`];
};

/** A header (and one row) of thousands of columns in place of the first line. */
const manyColumns: Op = (bytes, rng) => {
  const n = rng.pick([2000, 10_000, 40_000]);
  const names = Array.from({ length: n }, (_, i) => (rng.chance(0.01) ? '' : `c${i}`));
  const row = names.map((_, i) => String(i)).join(',');
  const firstBreak = bytes.indexOf(0x0a);
  const rest = firstBreak < 0 ? new Uint8Array(0) : bytes.subarray(firstBreak);
  const head = encoder.encode(`${names.join(',')}\n${row}`);
  return [splice(rest, 0, 0, head), `replace the header with ${n} columns`];
};

const lineEnds: Op = (bytes, rng) => {
  const to = rng.pick(['\r\n', '\r', '\n\n']);
  const text = Buffer.from(bytes).toString('latin1').replace(/\r?\n/g, to);
  return [new Uint8Array(Buffer.from(text, 'latin1')), `line ends to ${JSON.stringify(to)}`];
};

/** One line repeated thousands of times: more rows than one chunk, the same odd line in each. */
const repeatLines: Op = (bytes, rng) => {
  const start = lineStart(bytes, rng);
  let end = bytes.indexOf(0x0a, start);
  end = end < 0 ? bytes.length : end + 1;
  const times = rng.pick([1000, 100_000]);
  const line = bytes.subarray(start, end);
  if (line.length === 0) return [bytes, 'repeat an empty line'];
  const count = Math.min(times, Math.floor(MAX_MUTANT_BYTES / 2 / line.length));
  const block = new Uint8Array(line.length * count);
  for (let i = 0; i < count; i++) block.set(line, i * line.length);
  return [splice(bytes, end, 0, block), `repeat the line at ${start} ${count} times`];
};

/** The start of a random line (0 for the header). */
function lineStart(bytes: Uint8Array, rng: SeededRandom): number {
  const p = rng.int(bytes.length + 1);
  const before = bytes.lastIndexOf(0x0a, p - 1);
  return before < 0 ? 0 : before + 1;
}
