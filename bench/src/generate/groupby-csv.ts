import { writePadded, writeUint } from './ascii-digits.js';
import { binomial } from './binomial.js';
import { ByteSink } from './byte-sink.js';
import { Prng } from './prng.js';

export interface GroupbyCsvOptions {
  path: string;
  /** N, the number of data rows. */
  rows: number;
  /** K: id1, id2 have K values, id4, id5 are 1..K, id3 and id6 have N/K values. */
  k: number;
  /** Percentage of empty (null) fields, drawn independently per field. */
  nullPct?: number;
  /** Rows ordered by id1..id6, as db-benchmark's "sorted" data sets. */
  sorted?: boolean;
  /**
   * Two more columns, `day` (a date, YYYY-MM-DD, 2015-2024) and `ts` (a timestamp, YYYY-MM-DD HH:MM:SS.ffffff on that
   * day): for the CSV reader's date and timestamp parsing (not part of db-benchmark).
   */
  dates?: boolean;
  seed?: number;
}

export interface GenerationStats {
  path: string;
  rows: number;
  bytes: number;
  seconds: number;
}

/** db-benchmark's R generator uses set.seed(108); we keep the number, not the stream. */
export const defaultSeed = 108;

export const groupbyHeader = 'id1,id2,id3,id4,id5,id6,v1,v2,v3';

interface RowContext {
  rng: Prng;
  nullP: number;
  dates: boolean;
  /** id1/id2 labels `id001`.. stored back to back, `labelStride` bytes apart, `labelLength` bytes long. */
  labels: Uint8Array;
  labelStride: number;
  labelLength: Uint8Array;
}

/**
 * Writes the db-benchmark group-by table (h2oai/db-benchmark `groupby-datagen.R`) as CSV, streaming through one
 * reused buffer: id1, id2 `id001`..; id3 `id0000000001`.. with N/K values; id4, id5 1..K; id6 1..N/K; v1 1..5;
 * v2 1..15; v3 uniform in [0, 100) with 6 decimals.
 */
export async function generateGroupbyCsv(options: GroupbyCsvOptions): Promise<GenerationStats> {
  const { path, rows, k } = options;
  if (!Number.isSafeInteger(k) || k < 1) throw new Error(`K must be a positive integer, got ${k}`);
  const started = performance.now();
  const groups = Math.max(1, Math.floor(rows / k));
  const ctx = rowContext(new Prng(options.seed ?? defaultSeed), k, (options.nullPct ?? 0) / 100, options.dates === true);
  const sink = new ByteSink(path);
  try {
    sink.pos = sink.buf.write(`${groupbyHeader}${options.dates === true ? ',day,ts' : ''}\n`, 0, 'latin1');
    if (options.sorted) await writeSorted(sink, ctx, rows, k, groups);
    else await writeUnsorted(sink, ctx, rows, k, groups);
    await sink.close();
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return { path, rows, bytes: sink.bytesWritten, seconds: (performance.now() - started) / 1000 };
}

function rowContext(rng: Prng, k: number, nullP: number, dates: boolean): RowContext {
  const labelStride = Math.max(5, 2 + String(k).length);
  const labels = new Uint8Array(labelStride * (k + 1));
  const labelLength = new Uint8Array(k + 1);
  for (let id = 1; id <= k; id++) {
    const text = `id${String(id).padStart(3, '0')}`;
    labels.set(Buffer.from(text, 'latin1'), id * labelStride);
    labelLength[id] = text.length;
  }
  return { rng, nullP, dates, labels, labelStride, labelLength };
}

async function writeUnsorted(sink: ByteSink, ctx: RowContext, rows: number, k: number, groups: number): Promise<void> {
  const rng = ctx.rng;
  let buf = sink.buf;
  // A row is at most ~80 bytes even at 1e9 rows; flushing 256 bytes early means no per-field bounds checks.
  const limit = buf.length - 256;
  let pos = sink.pos;
  for (let i = 0; i < rows; i++) {
    if (pos > limit) {
      sink.pos = pos;
      await sink.flush();
      buf = sink.buf;
      pos = 0;
    }
    const id1 = rng.below(k) + 1;
    const id2 = rng.below(k) + 1;
    const id3 = rng.below(groups) + 1;
    const id4 = rng.below(k) + 1;
    const id5 = rng.below(k) + 1;
    const id6 = rng.below(groups) + 1;
    pos = writeRow(buf, pos, ctx, id1, id2, id3, id4, id5, id6);
  }
  sink.pos = pos;
}

/**
 * Sorted output without sorting N rows in memory: the row count of each (id1, id2) pair is drawn with sequential
 * binomials, the pair's id3 range is split the same way into slices of at most `sliceRows` rows, and only a slice
 * is drawn and sorted in memory (a native Uint32Array sort). Equal id3 values are rare (N/K^2 rows over N/K
 * values), so their (id4, id5, id6) tails are sorted in a small scratch array.
 */
async function writeSorted(sink: ByteSink, ctx: RowContext, rows: number, k: number, groups: number): Promise<void> {
  const rng = ctx.rng;
  const sliceRows = 1 << 20;
  const pairs = k * k;
  let slice = new Uint32Array(0);
  let tails = new Float64Array(64);
  const limit = sink.buf.length - 256;
  let rowsLeft = rows;
  for (let pair = 0; pair < pairs; pair++) {
    const pairRows = pair === pairs - 1 ? rowsLeft : binomial(rng, rowsLeft, 1 / (pairs - pair));
    rowsLeft -= pairRows;
    const id1 = Math.floor(pair / k) + 1;
    const id2 = (pair % k) + 1;
    const slices = Math.min(groups, Math.max(1, Math.ceil(pairRows / sliceRows)));
    let sliceRowsLeft = pairRows;
    for (let s = 0; s < slices; s++) {
      const lo = Math.floor((s * groups) / slices);
      const hi = Math.floor(((s + 1) * groups) / slices);
      const width = hi - lo;
      const n = s === slices - 1 ? sliceRowsLeft : binomial(rng, sliceRowsLeft, width / (groups - lo));
      sliceRowsLeft -= n;
      if (slice.length < n) slice = new Uint32Array(n);
      const ids = slice.subarray(0, n);
      for (let i = 0; i < n; i++) ids[i] = lo + rng.below(width);
      ids.sort();
      let i = 0;
      while (i < n) {
        let j = i + 1;
        while (j < n && ids[j] === ids[i]) j++;
        const run = j - i;
        if (tails.length < run) tails = new Float64Array(run * 2);
        // (id4, id5, id6) packed into one number < K*K*N/K = N*K, exact in a double for any N*K < 2^53.
        for (let r = 0; r < run; r++) tails[r] = (rng.below(k) * k + rng.below(k)) * groups + rng.below(groups);
        if (run > 1) tails.subarray(0, run).sort();
        for (let r = 0; r < run; r++) {
          if (sink.pos > limit) await sink.flush();
          const tail = tails[r];
          const id6 = tail % groups;
          const id45 = (tail - id6) / groups;
          const id5 = id45 % k;
          const id4 = (id45 - id5) / k;
          sink.pos = writeRow(sink.buf, sink.pos, ctx, id1, id2, ids[i] + 1, id4 + 1, id5 + 1, id6 + 1);
        }
        i = j;
      }
    }
  }
}

function writeRow(buf: Uint8Array, pos: number, ctx: RowContext, id1: number, id2: number, id3: number, id4: number, id5: number, id6: number): number {
  const { rng, nullP, labels, labelStride, labelLength } = ctx;
  const comma = 44;
  if (nullP === 0 || rng.nextFloat() >= nullP) pos = copyLabel(buf, pos, labels, id1 * labelStride, labelLength[id1]);
  buf[pos++] = comma;
  if (nullP === 0 || rng.nextFloat() >= nullP) pos = copyLabel(buf, pos, labels, id2 * labelStride, labelLength[id2]);
  buf[pos++] = comma;
  if (nullP === 0 || rng.nextFloat() >= nullP) {
    buf[pos++] = 105; // i
    buf[pos++] = 100; // d
    pos = writePadded(buf, pos, id3, 10);
  }
  buf[pos++] = comma;
  if (nullP === 0 || rng.nextFloat() >= nullP) pos = writeUint(buf, pos, id4);
  buf[pos++] = comma;
  if (nullP === 0 || rng.nextFloat() >= nullP) pos = writeUint(buf, pos, id5);
  buf[pos++] = comma;
  if (nullP === 0 || rng.nextFloat() >= nullP) pos = writeUint(buf, pos, id6);
  buf[pos++] = comma;
  if (nullP === 0 || rng.nextFloat() >= nullP) pos = writeUint(buf, pos, rng.below(5) + 1);
  buf[pos++] = comma;
  if (nullP === 0 || rng.nextFloat() >= nullP) pos = writeUint(buf, pos, rng.below(15) + 1);
  buf[pos++] = comma;
  if (nullP === 0 || rng.nextFloat() >= nullP) {
    // v3 = round(runif(0, 100), 6): drawn as an integer count of millionths so the text is exact.
    const micros = rng.below(100_000_000);
    const whole = Math.floor(micros / 1_000_000);
    pos = writeUint(buf, pos, whole);
    buf[pos++] = 46; // .
    pos = writePadded(buf, pos, micros - whole * 1_000_000, 6);
  }
  if (ctx.dates) pos = writeDates(buf, pos, rng);
  buf[pos++] = 10;
  return pos;
}

/** Days from 1970-01-01 to 2015-01-01, and the days of 2015-2024. */
const FIRST_DAY = 16_436;
const DAYS = 3_653;

/** `,YYYY-MM-DD,YYYY-MM-DD HH:MM:SS.ffffff`: a random day of 2015-2024 and a random moment of it. */
function writeDates(buf: Uint8Array, pos: number, rng: Prng): number {
  const day = FIRST_DAY + rng.below(DAYS);
  buf[pos++] = 44;
  const dateStart = pos;
  pos = writeDate(buf, pos, day);
  const dateEnd = pos;
  buf[pos++] = 44;
  for (let i = dateStart; i < dateEnd; i++) buf[pos++] = buf[i];
  buf[pos++] = 32;
  const second = rng.below(86_400);
  pos = writePadded(buf, pos, Math.floor(second / 3600), 2);
  buf[pos++] = 58;
  pos = writePadded(buf, pos, Math.floor(second / 60) % 60, 2);
  buf[pos++] = 58;
  pos = writePadded(buf, pos, second % 60, 2);
  buf[pos++] = 46;
  return writePadded(buf, pos, rng.below(1_000_000), 6);
}

/** Days since the epoch as YYYY-MM-DD (H. Hinnant's civil_from_days, years 1970-9999): its own copy, not core's, so that test data never shares code with the engine it checks. */
function writeDate(buf: Uint8Array, pos: number, days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  pos = writePadded(buf, pos, y, 4);
  buf[pos++] = 45;
  pos = writePadded(buf, pos, m, 2);
  buf[pos++] = 45;
  return writePadded(buf, pos, d, 2);
}

function copyLabel(buf: Uint8Array, pos: number, labels: Uint8Array, from: number, length: number): number {
  for (let i = 0; i < length; i++) buf[pos + i] = labels[from + i];
  return pos + length;
}
