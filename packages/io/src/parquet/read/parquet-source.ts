import { open, stat } from 'node:fs/promises';
import { type Chunk, DfError, type DType, type ExprNode, type InterleavedSplits, type ScanOptions, type ScanSource, Schema, type SourceSplit } from '@df-stream/core';
import { ArrowImporter, applyOp, arrowModule, chunkSizeOf, colNode, exprColumns } from '@df-stream/core/internal';
import type { Schema as ArrowSchema } from 'apache-arrow';
import { rechunk } from '../../columnar/rechunk.js';
import { fileChangedError } from '../../file-changed-error.js';
import { expectFormat } from '../../file-signature.js';
import { FormatError } from '../../format-error.js';
import { PARQUET_ENGINES, type ParquetReadOptions } from '../parquet-options.js';
import { EXPECT_PARQUET } from '../parquet-signature.js';
import { explainParquetCrash } from './explain-parquet-crash.js';
import type { ParquetColumnPlan } from './parquet-column-plan.js';
import { parquetError } from './parquet-error.js';
import { ParquetFileReader, ParquetPageError } from './parquet-file-reader.js';
import { type ParquetFooter, readParquetFooter } from './parquet-footer.js';
import { keptRowGroups } from './parquet-row-group-filter.js';
import { type ParquetMeta, ParquetWorker, ParquetWorkerError } from './parquet-worker.js';

interface FileInfo {
  meta: ParquetMeta;
  /** The leaf names our reader sees (undefined when parquet-wasm read the metadata). */
  names: string[];
  /** parquet-wasm's Arrow schema, when it read the metadata. */
  arrowSchema: ArrowSchema | undefined;
  /** Our reader over the checked footer, its metadata parsed once (undefined for a file with an encrypted footer). */
  own: ParquetFileReader | undefined;
  /** The announced schema of the default selection. */
  schema: Schema;
}

/** Dtypes whose announced width is sampled from the first batch (the rest are fixed by the Arrow type). */
const SAMPLED: ReadonlySet<DType> = new Set(['int16', 'int32', 'int64']);

/**
 * A Parquet file as a chunk source. The schema comes from the file's metadata (integer widths from
 * the first chunk's values, as the CSV reader samples); `scan` streams the selected columns of the
 * selected row groups from parquet-wasm in a worker thread and re-cuts them into `chunkSize` chunks.
 */
/**
 * Sources that hold an idle decoder thread, oldest first, and how many may: opening the files of a directory for
 * their schemas must not keep a thread and a wasm instance per file (tens of MB each) until the process ends.
 */
const parked: ParquetSource[] = [];
/** Compressed bytes a split part must have to be worth a worker thread. */
const SPLIT_BYTES = 32 * 2 ** 20;
const MAX_PARKED = 4;

export class ParquetSource implements ScanSource {
  readonly description: string;
  private readonly chunkSize: number;
  private info: Promise<FileInfo> | undefined;
  /** The worker that read the metadata, handed to the first scan instead of starting another. */
  private idle: ParquetWorker | null = null;
  private totalBytes: number | undefined;
  /** The file's size and modification time when its metadata was read, to tell a file that changed from a bad one. */
  private opened: { size: number; mtimeMs: number } | undefined;
  private bytesRead = 0;
  /** Why the last selection was read through parquet-wasm rather than our own reader (undefined: our own). */
  private fallback: string | undefined;

  constructor(
    readonly path: string,
    private readonly options: ParquetReadOptions = {},
  ) {
    this.description = path;
    this.chunkSize = chunkSizeOf(options);
    if (options.engine !== undefined && !PARQUET_ENGINES.includes(options.engine)) {
      throw new DfError('usage', `unknown Parquet engine '${String(options.engine)}' (${PARQUET_ENGINES.join(', ')})`);
    }
  }

  async schema(): Promise<Schema> {
    return (await this.load()).schema;
  }

  /** A pushed filter's rows are kept by the filter here; its comparisons with literals skip row groups by their statistics. */
  readonly filtersRows = true;
  readonly filtersFiles = true;

  explainLines(predicate?: ExprNode): string[] {
    let line = `SCAN ${this.description}`;
    const info = this.loaded;
    if (predicate !== undefined && info?.own !== undefined && this.fallback === undefined) {
      const groups = this.groupList(info.meta);
      line += ` [row groups: ${this.keptGroups(info, predicate).length} of ${groups.length}]`;
    }
    return [this.fallback === undefined ? line : `${line} (parquet-wasm reader: ${this.fallback})`];
  }

  /** The file's size (compressed: a join compares it to pick the side it holds in memory). */
  async estimatedBytes(): Promise<number | undefined> {
    await this.load();
    return this.totalBytes;
  }

  /** Rows per row group, from the file's metadata. */
  async rowGroups(): Promise<number[]> {
    return (await this.load()).meta.rowGroups;
  }

  scan(options: ScanOptions = {}): AsyncIterable<Chunk> {
    return this.filtered(options.columns, options.predicate, options.keyColumns);
  }

  /**
   * Bytes of the current scan: the compressed size of the row groups read so far (the one being read
   * counted by its share of rows read), scaled so that all row groups make the file's size.
   */
  progress(): { bytesRead: number; totalBytes?: number } {
    return { bytesRead: Math.round(this.bytesRead), totalBytes: this.totalBytes };
  }

  /**
   * The selected row groups cut into up to `n` contiguous runs of about equal rows, each read by
   * `openSplit` (reader 'parquet') in a worker thread; undefined when there is only one row group to read.
   */
  async splits(n: number, predicate?: ExprNode, columns?: readonly string[]): Promise<SourceSplit[] | undefined> {
    const info = await this.load();
    const groups = this.keptGroups(info, predicate);
    // A worker thread costs a few hundred milliseconds to start: when the caller says which columns it reads, each part
    // must have enough of their compressed bytes to pay for one (q1 reads 13 MB of the 1e7-row file and is faster on
    // one thread). Without columns the caller asked for n parts, and gets them.
    const bytes = columns === undefined ? undefined : this.selectedBytes(info, groups, columns);
    const parts = bytes === undefined ? n : Math.min(n, Math.max(1, Math.floor(bytes / SPLIT_BYTES)));
    const sets = contiguousSets(groups, info.meta.rowGroups, parts);
    if (sets.length <= 1) return undefined;
    // The workers read everything: the metadata worker would only sit idle.
    await this.closeIdle();
    return sets.map((rowGroups) => this.splitOf(rowGroups));
  }

  /**
   * The row groups cut into `parts` contiguous runs of about equal rows, dealt to `lanes` readers in turn: each lane
   * one split of its runs' row groups (one reader, its dictionaries kept from run to run).
   */
  async interleavedSplits(lanes: number, parts: number): Promise<InterleavedSplits | undefined> {
    const info = await this.load();
    const sets = contiguousSets(this.keptGroups(info, undefined), info.meta.rowGroups, parts);
    const n = Math.min(lanes, sets.length);
    if (n < 2) return undefined;
    await this.closeIdle();
    return {
      splits: Array.from({ length: n }, (_, t) => this.splitOf(sets.filter((_, i) => i % n === t).flat())),
      partRows: sets.map((set) => set.reduce((sum, g) => sum + (info.meta.rowGroups[g] ?? 0), 0)),
    };
  }

  /** A split that reads `rowGroups` of this file, as this source would. */
  private splitOf(rowGroups: number[]): SourceSplit {
    const own = this.options.columns === undefined ? {} : { columns: [...this.options.columns] };
    const engine = this.options.engine === undefined ? {} : { engine: this.options.engine };
    const options: ParquetReadOptions = { chunkSize: this.chunkSize, rowGroups, ...own, ...engine };
    return { reader: 'parquet', args: [this.path, options] };
  }

  /** Compressed bytes of `columns` in `groups`, from the footer; undefined without our metadata. */
  private selectedBytes(info: FileInfo, groups: readonly number[], columns: readonly string[]): number | undefined {
    if (info.own === undefined) return undefined;
    const meta = info.own.meta;
    const wanted = new Set(columns);
    let bytes = 0;
    for (const g of groups) {
      meta.rowGroups[g].chunks.forEach((chunk, i) => {
        if (chunk !== undefined && wanted.has(meta.leaves[i].name)) bytes += chunk.end - chunk.start;
      });
    }
    return bytes;
  }

  /** Stops the thread that read the metadata (a later scan starts its own). */
  private async closeIdle(): Promise<void> {
    const idle = this.idle;
    this.unpark();
    await idle?.close();
  }

  private unpark(): void {
    this.idle = null;
    const at = parked.indexOf(this);
    if (at >= 0) parked.splice(at, 1);
  }

  private load(): Promise<FileInfo> {
    this.info ??= this.readInfo().then((info) => {
      this.loaded = info;
      return info;
    });
    return this.info;
  }

  /** The file's info once loaded (explainLines is synchronous). */
  private loaded: FileInfo | undefined;

  private async readInfo(): Promise<FileInfo> {
    await expectFormat(this.path, EXPECT_PARQUET);
    // Framing and footer problems said plainly, before parquet-wasm panics on them.
    const footer = await readParquetFooter(this.path);
    const { size, mtimeMs } = await stat(this.path);
    this.totalBytes = size;
    this.opened = { size, mtimeMs };
    if (footer !== undefined && this.options.engine !== 'parquet-wasm') {
      const own = await this.readOwnInfo(footer);
      if (own !== undefined) return own;
    }
    const { tableFromIPC } = arrowModule();
    const worker = new ParquetWorker(this.path);
    // The columns the first rows are decoded for (after the metadata), for an error's explanation.
    let sampling: string[] | undefined;
    try {
      const meta = await worker.meta();
      const arrowSchema = tableFromIPC(meta.schemaIpc).schema;
      const names = this.selection(
        arrowSchema.fields.map((f) => f.name),
        this.options.columns,
      );
      const declared = ArrowImporter.dtypesOf(arrowSchema, names);
      this.checkRowGroups(meta);
      const sampled = declared.fields.filter((f) => SAMPLED.has(f.dtype)).map((f) => f.name);
      const narrowed = new Map<string, DType>();
      if (sampled.length > 0 && meta.numRows > 0) {
        sampling = sampled;
        const importer = new ArrowImporter();
        for await (const { ipc } of worker.scan({ columns: sampled, batchSize: this.chunkSize, limit: this.chunkSize, rowGroups: this.rowGroupList() })) {
          for (const batch of tableFromIPC(ipc).batches) {
            const chunk = importer.toChunk(batch, sampled);
            chunk.schema.fields.forEach((f) => narrowed.set(f.name, f.dtype));
          }
        }
      }
      const schema = new Schema(declared.fields.map((f) => ({ name: f.name, dtype: narrowed.get(f.name) ?? f.dtype })));
      // Kept for the first scan, but not keeping the process alive if none comes.
      worker.unref();
      this.idle = worker;
      parked.push(this);
      while (parked.length > MAX_PARKED) void parked[0].closeIdle();
      return { meta, names: arrowSchema.fields.map((f) => f.name), arrowSchema, own: footer === undefined ? undefined : new ParquetFileReader(footer), schema };
    } catch (error) {
      await worker.close();
      throw await this.readError(error, sampling === undefined ? undefined : { columns: sampling });
    }
  }

  /**
   * The file's info from our own reader, when it reads the default selection; undefined (and `fallback` saying why)
   * when parquet-wasm must.
   */
  private async readOwnInfo(footer: ParquetFooter): Promise<FileInfo | undefined> {
    const reader = new ParquetFileReader(footer);
    const meta = ownMeta(reader);
    this.checkRowGroups(meta);
    const outside = this.options.columns?.find((c) => !reader.names.includes(c));
    if (outside !== undefined) {
      // Not a top-level leaf: a nested column's name, or none at all (parquet-wasm's path says which).
      this.fallback = `column ${outside} is not a flat column`;
      return undefined;
    }
    const names = this.selection(reader.names, this.options.columns);
    const groups = this.groupList(meta);
    this.fallback = reader.unsupported(names, groups);
    if (this.fallback !== undefined) return undefined;
    const handle = await open(this.path, 'r');
    try {
      const schema = await reader.schema(handle, names, groups, this.chunkSize);
      return { meta, names: reader.names, arrowSchema: undefined, own: reader, schema };
    } catch (error) {
      throw this.ownError(error);
    } finally {
      await handle.close();
    }
  }

  /** Whether our reader reads `names` (else `fallback` says why). */
  private ownReads(info: FileInfo, names: readonly string[]): boolean {
    if (info.own === undefined || this.options.engine === 'parquet-wasm') return false;
    this.fallback = info.own.unsupported(names, this.groupList(info.meta));
    return this.fallback === undefined;
  }

  private async *ownBatches(
    reader: ParquetFileReader,
    meta: ParquetMeta,
    names: readonly string[],
    groups: readonly number[],
    keyColumns: readonly string[],
  ): AsyncGenerator<Chunk> {
    const handle = await open(this.path, 'r');
    const cursor = new RowGroupCursor(groups, meta.rowGroups, fileShares(meta.rowGroupBytes, this.totalBytes));
    const chunks = reader.chunks(handle, names, groups, this.chunkSize, keyColumns);
    let rows = 0;
    this.bytesRead = 0;
    try {
      for (;;) {
        let result: IteratorResult<Chunk>;
        try {
          result = await chunks.next();
        } catch (error) {
          throw (await this.changedError()) ?? this.ownError(error);
        }
        if (result.done === true) {
          // Positional reads do not notice a file rewritten under them: its size and time must still be what they were.
          const changed = await this.changedError();
          if (changed !== undefined) throw changed;
          break;
        }
        rows += result.value.numRows;
        this.bytesRead = cursor.bytesAt(rows);
        yield result.value;
      }
    } finally {
      await chunks.return(undefined);
      await handle.close();
    }
  }

  /** A failure of our reader as a FormatError naming the file, and the row group and column of a page problem. */
  private ownError(error: unknown): Error {
    if (error instanceof ParquetPageError) {
      return new FormatError(error.message, {
        file: this.path,
        format: 'parquet',
        code: 'malformed',
        rowGroup: error.at.rowGroup,
        column: error.at.column,
        hint: 'the file is truncated or corrupt',
        cause: error,
      });
    }
    // I/O errors (errno codes) and our own DfErrors say what they are; anything else is a bug, not a corrupt file.
    const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
    const errno = typeof code === 'string' && /^E[A-Z]+$/.test(code);
    if (errno || error instanceof DfError) return parquetError(error, this.path);
    return error instanceof Error ? error : new Error(String(error));
  }

  /** parquet-wasm's Arrow schema, for a selection our reader leaves to it after the metadata came from ours. */
  private async wasmSchema(): Promise<ArrowSchema> {
    const worker = this.idle ?? new ParquetWorker(this.path);
    this.unpark();
    try {
      const meta = await worker.meta();
      worker.unref();
      this.idle = worker;
      parked.push(this);
      return arrowModule().tableFromIPC(meta.schemaIpc).schema;
    } catch (error) {
      await worker.close();
      throw await this.readError(error, undefined);
    }
  }

  private selection(names: readonly string[], columns: readonly string[] | undefined): string[] {
    const all = new Schema(names.map((name) => ({ name, dtype: 'int8' as DType })));
    if (columns === undefined) return all.names;
    for (const c of columns) all.field(c);
    return [...columns];
  }

  /** The row groups a scan reads, in order. */
  private groupList(meta: ParquetMeta): number[] {
    return this.options.rowGroups === undefined ? meta.rowGroups.map((_, i) => i) : [...this.options.rowGroups];
  }

  private rowGroupList(): number[] | undefined {
    return this.options.rowGroups === undefined ? undefined : [...this.options.rowGroups];
  }

  /**
   * A read failure as a FormatError: a parquet-wasm panic while decoding data becomes what is wrong with the file
   * and where (explainParquetCrash); anything else maps as parquetError does.
   */
  private async readError(error: unknown, at: { rowGroup?: number; columns: readonly string[] } | undefined): Promise<Error> {
    if (at !== undefined && error instanceof ParquetWorkerError && error.crashed) return explainParquetCrash(this.path, error, at);
    return parquetError(error, this.path, at?.rowGroup);
  }

  private checkRowGroups(meta: ParquetMeta): void {
    for (const g of this.options.rowGroups ?? []) {
      if (!Number.isInteger(g) || g < 0 || g >= meta.rowGroups.length) {
        throw new DfError('usage', `${this.path}: row group ${g} does not exist (the file has ${meta.rowGroups.length})`);
      }
    }
  }

  /** The rows a pushed predicate keeps, of `columns` (it may read others, dropped after it). */
  private async *filtered(columns: readonly string[] | undefined, predicate: ExprNode | undefined, keyColumns: readonly string[] = []): AsyncGenerator<Chunk> {
    if (predicate === undefined) {
      yield* this.batches(columns, undefined, keyColumns);
      return;
    }
    const info = await this.load();
    const wanted = this.selection(info.names, columns ?? this.options.columns);
    const read = [...wanted, ...exprColumns(predicate).filter((c) => !wanted.includes(c))];
    for await (const chunk of this.batches(read, predicate, keyColumns)) {
      let kept = applyOp(chunk, { kind: 'filter', predicate });
      if (read.length > wanted.length) kept = applyOp(kept, { kind: 'select', exprs: wanted.map((name) => colNode(name)) });
      if (kept.numRows > 0) yield kept;
    }
  }

  /**
   * Our reader's chunks (cut where pages end, at most `chunkSize` rows) of the row groups `predicate` may keep rows of,
   * or parquet-wasm's re-cut to `chunkSize`.
   */
  private async *batches(columns: readonly string[] | undefined, predicate: ExprNode | undefined, keyColumns: readonly string[]): AsyncGenerator<Chunk> {
    const info = await this.load();
    const names = this.selection(info.names, columns ?? this.options.columns);
    if (info.own !== undefined && this.ownReads(info, names)) {
      yield* this.ownBatches(info.own, info.meta, names, this.keptGroups(info, predicate), keyColumns);
      return;
    }
    yield* rechunk(this.wasmBatches(info, names), this.chunkSize);
  }

  /** The row groups a scan reads: the selected ones whose statistics do not rule out `predicate`. */
  private keptGroups(info: FileInfo, predicate: ExprNode | undefined): number[] {
    const groups = this.groupList(info.meta);
    if (predicate === undefined || info.own === undefined || this.options.engine === 'parquet-wasm') return groups;
    const reader = info.own;
    const plans = new Map<string, ParquetColumnPlan>();
    for (const name of exprColumns(predicate)) {
      if (!reader.names.includes(name)) continue;
      const plan = reader.plan(name, groups);
      if (typeof plan !== 'string') plans.set(name, plan);
    }
    return keptRowGroups(reader.meta, plans, predicate, groups);
  }

  private async *wasmBatches(info: FileInfo, names: readonly string[]): AsyncGenerator<Chunk> {
    const arrowSchema = info.arrowSchema ?? (await this.wasmSchema());
    try {
      ArrowImporter.dtypesOf(arrowSchema, names);
    } catch (error) {
      throw parquetError(error, this.path);
    }
    const { tableFromIPC } = arrowModule();
    const worker = this.idle ?? new ParquetWorker(this.path);
    this.unpark();
    worker.ref();
    const cursor = new RowGroupCursor(this.groupList(info.meta), info.meta.rowGroups, fileShares(info.meta.rowGroupBytes, this.totalBytes));
    const importer = new ArrowImporter();
    let rows = 0;
    this.bytesRead = 0;
    try {
      for await (const { ipc, numRows } of worker.scan({ columns: [...names], batchSize: this.chunkSize, rowGroups: this.rowGroupList() })) {
        this.bytesRead = cursor.bytesAt(rows + numRows);
        for (const batch of tableFromIPC(ipc).batches) yield importer.toChunk(batch, names);
        rows += numRows;
      }
    } catch (error) {
      // Node's file Blob refuses to read a file modified since it was opened, and the decoder then fails in any way:
      // say that the file changed, not that it is malformed.
      throw (await this.changedError()) ?? (await this.readError(error, { rowGroup: cursor.groupAt(rows), columns: names }));
    } finally {
      await worker.close();
    }
  }

  /** A FormatError (code 'changed') if the file is not what it was when its metadata was read. */
  private async changedError(): Promise<FormatError | undefined> {
    const then = this.opened;
    const now = await stat(this.path).catch(() => undefined);
    if (then === undefined || (now !== undefined && now.size === then.size && now.mtimeMs === then.mtimeMs)) return undefined;
    const detail = now === undefined ? 'it is gone' : now.size === then.size ? 'it was rewritten' : `it had ${then.size} bytes when opened, ${now.size} now`;
    return fileChangedError(this.path, 'parquet', detail);
  }
}

/** The row-group facts splits and progress use, from our reader's metadata. */
function ownMeta(reader: ParquetFileReader): ParquetMeta {
  const { rowGroups } = reader.meta;
  return {
    numRows: rowGroups.reduce((sum, g) => sum + g.numRows, 0),
    rowGroups: rowGroups.map((g) => g.numRows),
    rowGroupBytes: rowGroups.map((g) => g.chunks.reduce((sum, c) => sum + (c === undefined ? 0 : c.end - c.start), 0)),
    schemaIpc: new Uint8Array(0),
  };
}

/** Maps "rows read so far" to the row group being read (for errors) and to bytes read (for progress). */
class RowGroupCursor {
  constructor(
    private readonly groups: readonly number[],
    private readonly rowsPerGroup: readonly number[],
    private readonly bytesPerGroup: readonly number[],
  ) {}

  groupAt(rows: number): number | undefined {
    let end = 0;
    for (const g of this.groups) {
      end += this.rowsPerGroup[g] ?? 0;
      if (rows < end) return g;
    }
    return this.groups.length > 0 ? this.groups[this.groups.length - 1] : undefined;
  }

  bytesAt(rows: number): number {
    let bytes = 0;
    let left = rows;
    for (const g of this.groups) {
      const n = this.rowsPerGroup[g] ?? 0;
      const size = this.bytesPerGroup[g] ?? 0;
      if (left >= n) {
        bytes += size;
        left -= n;
      } else {
        return bytes + Math.round((size * left) / n);
      }
    }
    return bytes;
  }
}

/**
 * Row groups' compressed sizes scaled to add up to the file's size (the footer and magic bytes spread
 * over them), so that the parts of a split scan add up to the whole file.
 */
function fileShares(bytesPerGroup: readonly number[], fileSize: number | undefined): number[] {
  const sum = bytesPerGroup.reduce((a, b) => a + b, 0);
  if (fileSize === undefined || sum <= 0) return [...bytesPerGroup];
  return bytesPerGroup.map((b) => (b * fileSize) / sum);
}

/**
 * `groups` cut into min(n, groups.length) non-empty contiguous runs of about `total / n` rows each
 * (a run closes once the rows so far reach its share, or when each remaining group must start a run).
 */
function contiguousSets(groups: readonly number[], rowsPerGroup: readonly number[], n: number): number[][] {
  const parts = Math.max(1, Math.min(Math.floor(n), groups.length));
  const total = groups.reduce((sum, g) => sum + (rowsPerGroup[g] ?? 0), 0);
  const sets: number[][] = [];
  let current: number[] = [];
  let rows = 0;
  groups.forEach((g, i) => {
    current.push(g);
    rows += rowsPerGroup[g] ?? 0;
    const setsLeft = parts - sets.length - 1;
    const groupsLeft = groups.length - i - 1;
    if (setsLeft > 0 && (rows >= (total * (sets.length + 1)) / parts || groupsLeft === setsLeft)) {
      sets.push(current);
      current = [];
    }
  });
  if (current.length > 0) sets.push(current);
  return sets;
}
