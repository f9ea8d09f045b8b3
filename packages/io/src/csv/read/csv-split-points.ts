import { open, stat } from 'node:fs/promises';
import { DfError } from '@df-stream/core';
import type { ByteRange } from '../csv-options.js';
import type { CsvLayout } from './csv-layout.js';

const SCAN_BYTES = 4 << 20;
/** Bytes per read when looking for one line break: rows are short. */
const GUESS_BYTES = 64 << 10;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Whether byte ranges of the file can be found by following quotes (`planCsvSplits`) or guessed at line starts: not
 * with backslash escapes (`\"` does not close a field), comment lines (which may hold a lone quote) or spaces
 * trimmed after delimiters (a quote after `, ` opens a field, one the quote follower would take as text). Such
 * files are read as one range, by one thread.
 */
export function splittable(layout: CsvLayout): boolean {
  const d = layout.dialect;
  return d.escape === d.quote && d.comment < 0 && !d.trimSpaces;
}

/**
 * `planCsvSplits` with the file's layout already read (by a `CsvSource` on the same file and options); with
 * `from` (a row start after the header), the ranges cover only the rows from there on.
 */
export async function planCsvSplitsWith(path: string, n: number, layout: CsvLayout, from = 0): Promise<ByteRange[]> {
  if (!Number.isInteger(n) || n < 1) throw new DfError('usage', `n must be a positive integer, got ${n}`);
  const size = await snapshotSize(path, layout);
  const dataStart = Math.max(layout.dataStart, from);
  const targets = splittable(layout) ? splitTargets(dataStart, size, n) : [];
  const cuts = targets.length === 0 ? [] : await findRowStarts(path, dataStart, size, targets, layout.dialect.delimiter, layout.dialect.quote);
  // A range starting at 0 is read as the file's start (BOM, header); one from a later row start is not.
  const bounds = [from > layout.dataStart ? from : 0, ...cuts.filter((c, i) => c > dataStart && c < size && (i === 0 || c > cuts[i - 1])), size];
  const ranges: ByteRange[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) if (bounds[i + 1] > bounds[i]) ranges.push({ start: bounds[i], end: bounds[i + 1] });
  return ranges;
}

/** The bytes of the file a scan reads: its size when the layout was read, or less if it has shrunk since (see `fileInput`). */
export async function snapshotSize(path: string, layout: CsvLayout): Promise<number> {
  return Math.min((await stat(path)).size, layout.fileBytes ?? Infinity);
}

/**
 * The n - 1 byte offsets cutting [from, size) into n parts of relative sizes `weights` (n positive numbers;
 * default all 1), ascending; equal offsets (a small file) are left for the caller to drop.
 */
export function splitTargets(from: number, size: number, n: number, weights?: readonly number[]): number[] {
  if (!Number.isInteger(n) || n < 1) throw new DfError('usage', `n must be a positive integer, got ${n}`);
  if (weights !== undefined && (weights.length !== n || !weights.every((w) => w > 0 && Number.isFinite(w)))) {
    throw new DfError('usage', `weights must be ${n} positive numbers, got [${weights.join(', ')}]`);
  }
  const total = weights === undefined ? n : weights.reduce((a, b) => a + b, 0);
  const targets: number[] = [];
  let before = 0;
  for (let i = 1; i < n; i++) {
    before += weights === undefined ? 1 : weights[i - 1];
    targets.push(from + Math.floor((before * (size - from)) / total));
  }
  return targets;
}

/**
 * The first row start at or after `target` in a file (or its size), following quotes from `scanFrom`, a row start
 * at or before it (see `ByteRange.scanFrom`).
 */
export async function rowStartAtOrAfter(path: string, scanFrom: number, target: number, layout: CsvLayout): Promise<number> {
  if (target <= scanFrom) return scanFrom;
  const size = await snapshotSize(path, layout);
  // findRowStarts gives the first row start past its target.
  const [at] = await findRowStarts(path, scanFrom, size, [target - 1], layout.dialect.delimiter, layout.dialect.quote);
  return at;
}

/**
 * The first line start at or after `target` (just past a line break; the file's size if none follows), quotes
 * ignored: where a `ByteRange.guess` range starts, and what the reader of the range before it checks.
 */
export async function lineStartAtOrAfter(path: string, target: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const scratch = Buffer.allocUnsafe(GUESS_BYTES);
    // A line break at target - 1 ends there: the line after it starts at target.
    for (let offset = Math.max(0, target - 1); offset < size; ) {
      const { bytesRead: len } = await handle.read(scratch, 0, Math.min(GUESS_BYTES, size - offset), offset);
      if (len === 0) break;
      const end = await lineEndAfter(scratch.subarray(0, len), 0, len, len, offset, handle);
      if (end >= 0) return end;
      offset += len;
    }
    return size;
  } finally {
    await handle.close();
  }
}

/** For each target (ascending), the first row start after it (or `size`). */
async function findRowStarts(path: string, from: number, size: number, targets: number[], delimiter: number, quote: number): Promise<number[]> {
  const handle = await open(path, 'r');
  const out: number[] = [];
  try {
    const scratch = Buffer.allocUnsafe(SCAN_BYTES);
    let inQuote = false;
    let lastByte = LF;
    /** A quote was the last byte of the previous buffer, inside a quoted field: escape or close? */
    let quoteAtEdge = false;
    let t = 0;
    for (let offset = from; offset < size && t < targets.length; ) {
      const { bytesRead: len } = await handle.read(scratch, 0, Math.min(SCAN_BYTES, size - offset), offset);
      if (len === 0) break;
      // A view of the bytes read, so that indexOf never finds stale bytes past them.
      const buf = scratch.subarray(0, len);
      let p = 0;
      if (quoteAtEdge) {
        quoteAtEdge = false;
        if (buf[0] === quote) p = 1;
        else inQuote = false;
      }
      while (p < len && t < targets.length) {
        if (inQuote) {
          const close = buf.indexOf(quote, p);
          if (close < 0) {
            p = len;
            break;
          }
          if (close + 1 === len) {
            quoteAtEdge = true;
            p = len;
            break;
          }
          if (buf[close + 1] === quote) p = close + 2;
          else {
            inQuote = false;
            p = close + 1;
          }
          continue;
        }
        let next = buf.indexOf(quote, p);
        if (next < 0) next = len;
        // Targets before the next quote: their row start is the first line end after them, if before the quote.
        while (t < targets.length && targets[t] < offset + next) {
          const at = Math.max(targets[t] - offset, p);
          const end = await lineEndAfter(buf, at, next, len, offset, handle);
          if (end < 0) break;
          out.push(end);
          while (t < targets.length && targets[t] <= end - 1) t++;
        }
        if (next === len) {
          p = len;
          break;
        }
        const before = next > 0 ? buf[next - 1] : lastByte;
        // A quote opens a quoted field only at the field's start; elsewhere it is a literal character.
        if (before === delimiter || before === LF || before === CR) inQuote = true;
        p = next + 1;
      }
      lastByte = buf[len - 1];
      offset += len;
    }
  } finally {
    await handle.close();
  }
  while (out.length < targets.length) out.push(size);
  return out;
}

/** Input offset just past the first line break in buf[from, limit), or -1. A CR followed by LF is one break. */
async function lineEndAfter(buf: Buffer, from: number, limit: number, len: number, offset: number, handle: Awaited<ReturnType<typeof open>>): Promise<number> {
  let lf = buf.indexOf(LF, from);
  if (lf < 0 || lf >= limit) lf = -1;
  let cr = buf.indexOf(CR, from);
  if (cr < 0 || cr >= limit) cr = -1;
  if (lf < 0 && cr < 0) return -1;
  if (cr < 0 || (lf >= 0 && lf < cr)) return offset + lf + 1;
  if (cr + 1 < len) return offset + cr + (buf[cr + 1] === LF ? 2 : 1);
  // The CR ends the buffer: peek at the next byte.
  const peek = Buffer.alloc(1);
  const { bytesRead } = await handle.read(peek, 0, 1, offset + cr + 1);
  return offset + cr + (bytesRead === 1 && peek[0] === LF ? 2 : 1);
}
