import { statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Chunk, type Column, DfError, type Field, type ScanOptions, type ScanSource, Schema, type SourceSplit } from '@df-stream/core';
import { exprColumns, SplitGuessError } from '@df-stream/core/internal';
import { CsvError } from '../csv-error.js';
import { type ByteRange, type CsvReadOptions, type CsvReadStats, type ResolvedReadOptions, resolveReadOptions } from '../csv-options.js';
import { BatchContext } from './batch-context.js';
import { type ByteInput, ByteReader, fileInput, latin1Input, prefixedInput, skipBytes, streamInput } from './byte-reader.js';
import { countLineBreaks } from './count-line-breaks.js';
import { CsvColumnParser } from './csv-column-parser.js';
import { BATCH_CELLS, type CsvLayout, layoutSchema, readCsvLayout } from './csv-layout.js';
import { CsvRowFilter } from './csv-row-filter.js';
import { lineStartAtOrAfter, planCsvSplitsWith, rowStartAtOrAfter, snapshotSize, splitTargets, splittable } from './csv-split-points.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { valueRules } from './value-rules.js';

/** A CSV input: a path (`'-'` for stdin), or bytes from a stream (a Node `Readable`, any async iterable of bytes). */
export type CsvInput = string | AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

/** A file's `CsvLayout` without its schema object and head: what a worker thread is handed (structured clone). */
export type SharedCsvLayout = Omit<CsvLayout, 'schema' | 'head'>;

export interface CsvScanOptions extends ScanOptions {
  /** Only the rows that start in [start, end) (byte offsets of a file; see `ByteRange`). */
  readonly byteRange?: ByteRange;
}

/**
 * A CSV file or stream as a `ScanSource`: the schema comes from the head (sniffed dialect, header, dtypes
 * inferred on a sample), then `scan` streams chunks of `chunkSize` rows, parsing only the columns asked for.
 * A file can be scanned any number of times, also by byte ranges; a stream once.
 */
export class CsvSource implements ScanSource {
  /** A filter pushed into the scan parses the other columns only for the rows it keeps (see `CsvRowFilter`). */
  readonly filtersRows = true;
  readonly description: string;
  private readonly input: CsvInput;
  private readonly options: ResolvedReadOptions;
  private layoutPromise: Promise<CsvLayout> | undefined;
  /** A stream's input, left open after its head was read. */
  private stream: ByteInput | undefined;
  private streamScanned = false;
  private readonly rawOptions: CsvReadOptions;
  private readonly totalBytes: number | undefined;
  private bytesDone = 0;
  /** A scan met a quoted field with a line break (see `splitsAfter`). */
  private quotedLineBreak = false;
  /** Scans started so far, those not ended, and the one `bytesDone` follows. */
  private scans = 0;
  private readonly openScans = new Set<number>();
  private runningScan = 0;
  /** Where `splitsAfterKeepingFirst` told a scan to stop, and whether the range after starts at a guessed row. */
  private stop: { readonly scan: number; readonly end: number; readonly guess: boolean } | undefined;

  /** `layout`, when given, must be what this source would read (see `splits`): it is taken as is. */
  constructor(input: CsvInput, options: CsvReadOptions = {}, layout?: SharedCsvLayout) {
    // '-' is stdin, as on the command line.
    this.input = input === '-' ? process.stdin : input;
    this.options = resolveReadOptions(options);
    this.rawOptions = options;
    this.totalBytes = typeof this.input === 'string' ? fileSize(this.input) : undefined;
    this.description = options.fileName ?? (input === '-' ? '<stdin>' : typeof input === 'string' ? input : '<stream>');
    if (this.options.byteRange !== undefined && typeof this.input !== 'string') {
      throw new DfError('usage', 'byteRange needs a file path: a stream cannot be read from an offset');
    }
    if (layout !== undefined && typeof this.input === 'string') {
      const schema = layoutSchema(layout.plans);
      this.layoutPromise = Promise.resolve({ ...layout, schema, head: new Uint8Array(0) });
    }
  }

  /** Counters of the scans so far (rows, skipped and padded bad rows, empty lines). */
  get stats(): CsvReadStats {
    return this.options.stats;
  }

  /** Dialect, header, column plans and where the data starts (read once, from the head). */
  layout(): Promise<CsvLayout> {
    this.layoutPromise ??= this.readLayout();
    return this.layoutPromise;
  }

  async schema(): Promise<Schema> {
    const layout = await this.layout();
    return layout.schema.select(this.baseColumns(layout).map((j) => layout.plans[j].name));
  }

  /** The file's size (a byte range's, for a split): what a join compares to pick the side it holds in memory. */
  async estimatedBytes(): Promise<number | undefined> {
    const range = this.options.byteRange;
    return range === undefined || this.totalBytes === undefined ? this.totalBytes : Math.min(range.end, this.totalBytes) - range.start;
  }

  /** Bytes parsed by the running scan, and the file size (for progress bars). */
  progress(): { bytesRead: number; totalBytes?: number } {
    return { bytesRead: this.bytesDone, totalBytes: this.totalBytes };
  }

  /**
   * Row-aligned byte ranges (exact, quote-aware: see planCsvSplits), found by one pass here. Unlike
   * `splitsAfter`'s ranges, none needs a pass of its own: many splits (a cluster's) would otherwise each
   * follow quotes from the file's start to their own. Each reader opens the same file with the same options
   * and this source's layout.
   */
  async splits(n: number): Promise<SourceSplit[] | undefined> {
    const path = this.splitPath();
    if (path === undefined) return undefined;
    const layout = await this.layout();
    if (!splittable(layout)) return undefined;
    const ranges = await planCsvSplitsWith(path, n, layout);
    return ranges.length < 2 ? undefined : this.rangeSplits(ranges);
  }

  /**
   * Byte ranges of the rows after `bytesRead` (the position a scan of the whole file reports after a chunk:
   * a row start), for worker threads to read the rest of the file; `weights` are their relative sizes.
   * The first range starts there; each other one at the first row start at or after its cut, which the reader
   * given the range finds for itself (`ByteRange.scanFrom`): no thread waits for a pass over the file first.
   * Unless a scan has met a quoted field with a line break, the ranges also guess (`ByteRange.guess`) that
   * the first line start after a cut is a row start, so no worker reads the file from `bytesRead` to its cut
   * either (85 ms of 510 MB, a second of 5 GB); the readers check the guesses where the ranges meet.
   */
  async splitsAfter(n: number, bytesRead: number, weights?: readonly number[]): Promise<SourceSplit[] | undefined> {
    const ranges = await this.rangesAfter(n, bytesRead, weights);
    return ranges === undefined ? undefined : this.rangeSplits(ranges);
  }

  /**
   * `splitsAfter`, the first range read by the scan that has read `bytesRead`: it stops where that range ends (and
   * checks the next range's guessed first row there, as that range's reader would), and the others are returned.
   * Kept, the scan goes on with its reader, its dictionaries and its compiled loops: a reader opened at the same
   * byte would build every dictionary again (a million keys for q3 on 1e8 rows) and map its codes to the first's.
   * Undefined unless that scan is the only one of this source under way, before and after the ranges are planned
   * (which scan read `bytesRead` cannot be told apart otherwise: two at the same position look alike).
   */
  async splitsAfterKeepingFirst(n: number, bytesRead: number, weights?: readonly number[]): Promise<SourceSplit[] | undefined> {
    const scan = this.runningScan;
    if (!this.onlyScanAt(scan, bytesRead)) return undefined;
    const ranges = await this.rangesAfter(n, bytesRead, weights);
    if (ranges === undefined || !this.onlyScanAt(scan, bytesRead)) return undefined;
    this.stop = { scan, end: ranges[0].end, guess: ranges[0].guess === true };
    return this.rangeSplits(ranges.slice(1));
  }

  /** Whether `scan` is the one scan under way and the last to have read, up to `bytesRead`. */
  private onlyScanAt(scan: number, bytesRead: number): boolean {
    return this.openScans.size === 1 && this.openScans.has(scan) && this.runningScan === scan && this.bytesDone === bytesRead;
  }

  /** The byte ranges of `splitsAfter`. */
  private async rangesAfter(n: number, bytesRead: number, weights?: readonly number[]): Promise<ByteRange[] | undefined> {
    const layout = await this.layout();
    const path = this.splitPath();
    if (path === undefined || bytesRead < layout.dataStart || !splittable(layout)) return undefined;
    const size = await snapshotSize(path, layout);
    const cuts = splitTargets(bytesRead, size, n, weights).filter((c, i, all) => c > bytesRead && c < size && (i === 0 || c > all[i - 1]));
    // One range left: the scan that asked may as well read it itself.
    if (cuts.length === 0) return undefined;
    // A range starting at 0 is read as the file's start (BOM, header).
    const bounds = [bytesRead > layout.dataStart ? bytesRead : 0, ...cuts, size];
    const guess = this.quotedLineBreak ? {} : { guess: true };
    const ranges: ByteRange[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      ranges.push(i === 0 ? { start: bounds[0], end: bounds[1], ...guess } : { start: bounds[i], end: bounds[i + 1], scanFrom: bytesRead, ...guess });
    }
    return ranges;
  }

  /** The file's path, if it is read as bytes and whole: then byte ranges can cover it. */
  private splitPath(): string | undefined {
    const o = this.rawOptions;
    const whole = this.options.encoding === 'utf8' && o.byteRange === undefined && o.maxRows === undefined;
    return typeof this.input === 'string' && whole ? this.input : undefined;
  }

  private async rangeSplits(ranges: readonly ByteRange[]): Promise<SourceSplit[]> {
    const o = this.rawOptions;
    const { stats: _stats, ...cloneable } = o;
    // Workers get this layout too (plain data): each would otherwise sniff and infer again, the same way.
    const { file, dialect, plans, dataStart, dataLine, headComplete, fileBytes } = await this.layout();
    const shared: SharedCsvLayout = { file, dialect, plans, dataStart, dataLine, headComplete, fileBytes };
    return ranges.map((r) => ({ reader: 'csv', args: [this.input, { ...cloneable, byteRange: r }, shared] }));
  }

  scan(options: CsvScanOptions = {}): AsyncIterable<Chunk> {
    return { [Symbol.asyncIterator]: () => this.chunks(options)[Symbol.asyncIterator]() };
  }

  private async readLayout(): Promise<CsvLayout> {
    const { encoding } = this.options;
    if (typeof this.input === 'string') {
      // The size now is what every scan of this source reads, on any thread: a snapshot (see `fileInput`). Only of a
      // regular file: a pipe or a /proc file says 0 and is read to its end.
      const info = await stat(this.input);
      const fileBytes = info.isFile() ? info.size : undefined;
      const input = await openFile(this.input, 0, encoding, fileBytes, this.description);
      try {
        const layout = await readCsvLayout(input, this.options, this.description);
        // A file is read again from `dataStart`; keep no copy of its head.
        return { ...layout, head: new Uint8Array(0), fileBytes };
      } finally {
        await input.close();
      }
    }
    const iterable = this.input as AsyncIterable<unknown>;
    if (typeof iterable[Symbol.asyncIterator] !== 'function') {
      throw new DfError('usage', 'scanCsv expects a path, a Readable or an async iterable of bytes');
    }
    const raw = streamInput(iterable[Symbol.asyncIterator]());
    this.stream = encoding === 'latin1' ? latin1Input(raw) : raw;
    return readCsvLayout(this.stream, this.options, this.description);
  }

  /** File column indices the source exposes: `usecols` in file order, or all. */
  private baseColumns(layout: CsvLayout): number[] {
    const usecols = this.options.usecols;
    const all = layout.schema.fields.map((_, j) => j);
    if (usecols === undefined) return all;
    const picked = new Set<number>();
    for (const c of usecols) {
      if (typeof c === 'number') {
        if (!Number.isInteger(c) || c < 0 || c >= all.length) {
          throw new DfError('usage', `usecols index ${c} is out of range: the file has ${all.length} columns`);
        }
        picked.add(c);
      } else picked.add(layout.schema.indexOf(c) >= 0 ? layout.schema.indexOf(c) : notFound(layout.schema, c));
    }
    return all.filter((j) => picked.has(j));
  }

  private async *chunks(scanOptions: CsvScanOptions): AsyncGenerator<Chunk> {
    const layout = await this.layout();
    const options = this.options;
    const asked = scanOptions.byteRange ?? options.byteRange;
    const range = await this.rowRange(asked, layout);
    const base = this.baseColumns(layout);
    const baseSchema = layout.schema.select(base.map((j) => layout.plans[j].name));
    // Output columns in the order asked for; slots (parsers) in file order, as the tokenizer meets them.
    const outCols = scanOptions.columns === undefined ? base : scanOptions.columns.map((name) => base[indexIn(baseSchema, name)]);
    // A hidden last column (a delimiter ends every sampled line) is checked, never shown: a value there is an error.
    const hidden = layout.plans.findIndex((p) => p.hidden === true);
    const predicate = scanOptions.predicate;
    const predCols = predicate === undefined ? [] : exprColumns(predicate).map((name) => base[indexIn(baseSchema, name)]);
    const slotCols = [...new Set([...outCols, ...predCols, ...(hidden >= 0 ? [hidden] : [])])].sort((a, b) => a - b);
    const numColumns = layout.plans.length;
    const slotOf = new Int32Array(numColumns).fill(-1);
    slotCols.forEach((col, slot) => (slotOf[col] = slot));
    const outSlots = outCols.map((col) => slotOf[col]);
    const chunkSize = options.chunkSize;
    const batchRows = Math.max(1, Math.min(chunkSize, Math.floor(BATCH_CELLS / Math.max(1, slotCols.length))));
    const rules = valueRules(options, layout.dialect);
    const keys = new Set(scanOptions.keyColumns);
    const capOf = (col: number): number => (keys.has(layout.plans[col].name) ? options.keyCategoricalCap : options.categoricalCap);
    // A column only the pushed-down predicate reads is parsed by the row filter alone.
    const parsed = new Set([...outCols, ...(hidden >= 0 ? [hidden] : [])]);
    const parsers = slotCols.map((col) => (parsed.has(col) ? new CsvColumnParser(layout.plans[col], chunkSize, capOf(col), rules, false, batchRows) : null));
    const rowFilter =
      predicate === undefined
        ? undefined
        : new CsvRowFilter(
            predicate,
            predCols.map((col) => layout.plans[col]),
            predCols.map((col) => slotOf[col]),
            batchRows,
            (plan) => capOf(layout.plans.indexOf(plan)),
            rules,
          );
    const names = layout.plans.map((p) => p.name);
    const tokenizer = new CsvTokenizer({
      delimiter: layout.dialect.delimiter,
      quote: layout.dialect.quote,
      escape: layout.dialect.escape,
      comment: layout.dialect.comment,
      trimSpaces: layout.dialect.trimSpaces,
      numColumns,
      slotOf,
      batchRows,
      onBadRow: options.onBadRow,
      maxLineBytes: options.maxLineBytes,
      file: layout.file,
      names,
      stats: options.stats,
    });
    if (numColumns === 0) return;
    const fromRange = range !== undefined && range.start > 0;
    const startOffset = fromRange ? range.start : layout.dataStart;
    const rangeEnd = range === undefined ? Infinity : range.end;
    const reader = new ByteReader(await this.openScanInput(layout, startOffset), options.readBufferSize, startOffset);
    const scan = ++this.scans;
    this.openScans.add(scan);
    // A stop set by `splitsAfterKeepingFirst` for this scan, read before each batch.
    let stop: { readonly end: number; readonly guess: boolean } | undefined;
    const maxCapacity = options.maxLineBytes + 64;
    const ctx = new BatchContext();
    ctx.file = layout.file;
    tokenizer.line = fromRange ? 1 : layout.dataLine;
    let chunkRows = 0;
    let total = 0;
    const emit = (n: number): Chunk => {
      const columns = parsers.map((p) => p?.finish(n));
      const out = outSlots.map((slot) => columns[slot] as Column);
      const fields: Field[] = outCols.map((col, i) => ({ name: names[col], dtype: out[i].dtype }));
      return new Chunk(new Schema(fields), out);
    };
    try {
      await reader.fill(reader.end, maxCapacity);
      let pos = reader.start;
      for (;;) {
        const want = Math.min(batchRows, chunkSize - chunkRows, options.maxRows - total);
        if (want <= 0) break;
        const buf = reader.buf;
        tokenizer.bufferOffset = reader.offset;
        ctx.buf = buf;
        ctx.bufferOffset = reader.offset;
        ctx.pos = pos;
        ctx.line = tokenizer.line;
        ctx.rowStarts = tokenizer.rowStarts;
        ctx.row0 = chunkRows;
        if (this.stop?.scan === scan) {
          stop = this.stop;
          this.stop = undefined;
        }
        tokenizer.tokenize(buf, pos, reader.end, reader.eof, want, Math.min(rangeEnd, stop?.end ?? Infinity) - reader.offset);
        const n = tokenizer.rows;
        const kept = rowFilter === undefined || n === 0 ? -1 : rowFilter.keep(buf, (slot) => tokenizer.fields(slot), n, ctx);
        for (let k = 0; k < parsers.length; k++) {
          const parser = parsers[k];
          if (parser === null) continue;
          if (kept < 0) parser.parseBatch(buf, tokenizer.fields(k), n, chunkRows, ctx);
          else if (kept > 0) parser.parseBatch(buf, (rowFilter as CsvRowFilter).compact(k, tokenizer.fields(k), kept), kept, chunkRows, ctx);
        }
        chunkRows += kept < 0 ? n : kept;
        total += n;
        options.stats.rows += n;
        pos = tokenizer.pos;
        this.bytesDone = reader.offset + pos - (fromRange ? range.start : 0);
        this.runningScan = scan;
        if (tokenizer.quotedLineBreak) this.quotedLineBreak = true;
        if (chunkRows === chunkSize) {
          yield emit(chunkRows);
          chunkRows = 0;
        }
        if (tokenizer.done) break;
        if (tokenizer.needMore) {
          await reader.fill(pos, maxCapacity);
          pos = reader.start;
        }
      }
      // Where this range stopped is the next range's first row: check that its guess is that row.
      if (asked?.guess === true && range !== undefined) await this.checkNextGuess(range.end, reader.offset + pos);
      if (stop?.guess === true) await this.checkNextGuess(stop.end, reader.offset + pos);
      if (chunkRows > 0) yield emit(chunkRows);
    } catch (error) {
      if (fromRange && error instanceof CsvError) {
        // Bad data read from a wrong guess is no error of the file's.
        if (asked?.guess === true) await this.checkOwnGuess(asked, range.start, layout);
        throw await this.withFileLine(error, range.start);
      }
      throw error;
    } finally {
      this.openScans.delete(scan);
      if (this.stop?.scan === scan) this.stop = undefined;
      for (const parser of parsers) parser?.release();
      rowFilter?.release();
      await reader.close();
    }
  }

  /** `range` with its start at a row start (see `ByteRange.scanFrom`), or at a guess of it (`ByteRange.guess`). */
  private async rowRange(range: ByteRange | undefined, layout: CsvLayout): Promise<ByteRange | undefined> {
    if (range?.scanFrom === undefined) return range;
    // A byte range is refused for a stream when the options are resolved: the input is a path here.
    const path = this.input as string;
    if (range.guess === true) return { start: await lineStartAtOrAfter(path, Math.max(range.start, layout.dataStart)), end: range.end };
    // Before the first data row, the header is a row too: the scan starts at the first data row.
    return { start: await rowStartAtOrAfter(path, Math.max(range.scanFrom, layout.dataStart), range.start, layout), end: range.end };
  }

  /** Fails with SplitGuessError unless `stoppedAt`, where the scan of a range ending at `end` stopped, is the next range's guess. */
  private async checkNextGuess(end: number, stoppedAt: number): Promise<void> {
    const path = this.input as string;
    const size = await snapshotSize(path, await this.layout());
    // The last range has none after it. A CR ending the file reads as CRLF with the buffer's LF sentinel,
    // which puts the stop one past the end.
    if (end >= size) return;
    const guess = await lineStartAtOrAfter(path, end);
    if (guess !== Math.min(stoppedAt, size)) {
      throw new SplitGuessError(`${this.description}: the row after byte ${end} starts at byte ${stoppedAt}, not at the guessed ${guess}`);
    }
  }

  /** Fails with SplitGuessError if `start`, this range's guessed first row, is not where following quotes from `scanFrom` leads. */
  private async checkOwnGuess(asked: ByteRange, start: number, layout: CsvLayout): Promise<void> {
    const exact = (await this.rowRange({ start: asked.start, end: asked.end, scanFrom: asked.scanFrom }, layout))?.start;
    if (exact !== start) throw new SplitGuessError(`${this.description}: the row after byte ${asked.start} starts at byte ${exact}, not at the guessed ${start}`);
  }

  private async openScanInput(layout: CsvLayout, startOffset: number): Promise<ByteInput> {
    const { encoding } = this.options;
    if (typeof this.input === 'string') {
      if (encoding === 'latin1') {
        if (startOffset !== layout.dataStart) throw new DfError('usage', "byteRange cannot be combined with encoding: 'latin1'");
        const input = await openFile(this.input, 0, encoding, layout.fileBytes, this.description);
        await skipBytes(input, startOffset);
        return input;
      }
      return openFile(this.input, startOffset, encoding, layout.fileBytes, this.description);
    }
    if (this.streamScanned || this.stream === undefined) throw new DfError('usage', `${this.description}: a stream can be scanned only once`);
    this.streamScanned = true;
    return prefixedInput(layout.head.subarray(layout.dataStart), this.stream);
  }

  /** An error from a byte-range scan counted lines from the range start: make the line a file line. */
  private async withFileLine(error: CsvError, rangeStart: number): Promise<CsvError> {
    const before = await countFileLineBreaks(this.input as string, rangeStart);
    return new CsvError(error.reason, {
      code: error.code,
      file: error.file,
      line: error.line + before,
      column: error.column,
      byteOffset: error.byteOffset,
      hint: error.hint,
    });
  }
}

function fileSize(path: string): number | undefined {
  try {
    return path === '-' ? undefined : statSync(path).size;
  } catch {
    return undefined;
  }
}

async function openFile(path: string, position: number, encoding: 'utf8' | 'latin1', end: number | undefined, file: string): Promise<ByteInput> {
  const input = await fileInput(path, position, end, file);
  return encoding === 'latin1' ? latin1Input(input) : input;
}

async function countFileLineBreaks(path: string, end: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buf = new Uint8Array((1 << 20) + 1);
    let n = 0;
    let pos = 0;
    while (pos < end) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length - 1, end - pos), pos);
      if (bytesRead === 0) break;
      buf[bytesRead] = 0;
      // A CR at a read boundary is counted by the next read only when no LF follows it.
      const last = buf[bytesRead - 1] === 0x0d && pos + bytesRead < end ? 1 : 0;
      n += countLineBreaks(buf, 0, bytesRead - last);
      pos += bytesRead - last;
    }
    return n;
  } finally {
    await handle.close();
  }
}

function indexIn(schema: Schema, name: string): number {
  const i = schema.indexOf(name);
  return i >= 0 ? i : notFound(schema, name);
}

function notFound(schema: Schema, name: string): never {
  schema.field(name); // throws core's ColumnNotFoundError, which suggests the closest name
  throw new DfError('internal', `column '${name}' not found`);
}
