import type { FileHandle } from 'node:fs/promises';
import { Chunk, type Column, DEFAULT_CATEGORICAL_CAP, Schema } from '@df-stream/core';
import { unifyChunks } from '@df-stream/core/internal';
import { concatColumns } from '../../columnar/concat-chunks.js';
import { sliceView } from '../../columnar/slice-view.js';
import { loadZstd, releaseZstdBuffers } from '../../columnar/zstd.js';
import { SCAN_CATEGORICAL_CAP } from '../../scan-categorical-cap.js';
import { arrowDictionaryFields } from './arrow-dictionary-fields.js';
import { CODEC } from './decode/decompress-page.js';
import { PageDataError, pageFail } from './decode/page-data-error.js';
import { ParquetColumnDecoder } from './parquet-column-decoder.js';
import { type ParquetColumnPlan, planParquetColumn } from './parquet-column-plan.js';
import type { ParquetFooter } from './parquet-footer.js';
import { type ParquetMetadata, parquetMetadata } from './parquet-metadata.js';
import { ParquetPageReader } from './parquet-page-reader.js';
import { ThriftError } from './thrift-compact.js';

/** Values one page may hold: real pages hold thousands to a few million; a hostile count must not be allocated. */
const MAX_PAGE_VALUES = 2 ** 26;

/** Where a page failed: the reader's caller names the file. */
export interface PageLocation {
  readonly rowGroup: number;
  readonly column: string;
}

/** A page decoding failure with where it happened. */
export class ParquetPageError extends Error {
  constructor(
    message: string,
    readonly at: PageLocation,
  ) {
    super(message);
  }
}

/**
 * Our own reader of flat Parquet files: it reads only the selected columns' chunks of the selected row groups, page by
 * page with positional reads, and decodes them to df-stream columns (`ParquetColumnDecoder`). Chunks of at most
 * `chunkSize` rows end where the columns' pages end when that leaves half a chunk, and span pages (and row groups)
 * otherwise. `unsupported` says when a selection needs parquet-wasm instead.
 */
export class ParquetFileReader {
  readonly meta: ParquetMetadata;
  /** Columns the footer's Arrow schema says the writer held as dictionaries (see `arrowDictionaryFields`). */
  private readonly arrowDictionaries: ReadonlySet<string>;
  /** The current scan's page readers (one per column), whose bytes `bytesRead` adds up. */
  private readers: ParquetPageReader[] = [];
  private readBefore = 0;

  constructor(footer: ParquetFooter) {
    this.meta = parquetMetadata(footer);
    this.arrowDictionaries = arrowDictionaryFields(this.meta.keyValues);
  }

  get names(): string[] {
    return this.meta.leaves.map((l) => l.name);
  }

  get bytesRead(): number {
    return this.readBefore + this.readers.reduce((sum, r) => sum + r.bytesRead, 0);
  }

  /** Why our reader cannot read `names` over `rowGroups` (the first reason), or undefined when it can. */
  unsupported(names: readonly string[], rowGroups: readonly number[]): string | undefined {
    for (const name of names) {
      const plan = this.plan(name, rowGroups);
      if (typeof plan === 'string') return plan;
    }
    return undefined;
  }

  /** The plans of `names` (each supported: check `unsupported` first). */
  plans(names: readonly string[], rowGroups: readonly number[]): ParquetColumnPlan[] {
    return names.map((name) => this.plan(name, rowGroups) as ParquetColumnPlan);
  }

  /** The announced schema of `names`: integer widths from statistics; sampled ones as their first chunk needs. */
  async schema(handle: FileHandle, names: readonly string[], rowGroups: readonly number[], chunkSize: number): Promise<Schema> {
    const plans = this.plans(names, rowGroups);
    const schema = new Schema(plans.map((p) => ({ name: p.leaf.name, dtype: p.dtype })));
    if (!plans.some((p) => p.sampled)) return schema;
    const chunks = this.chunks(handle, names, rowGroups, chunkSize);
    const first = await chunks.next();
    await chunks.return(undefined);
    if (first.done === true) return schema;
    return new Schema(first.value.schema.fields.map((f, i) => (plans[i].sampled ? f : schema.fields[i])));
  }

  /**
   * The selected columns of the selected row groups, in chunks of at most `chunkSize` rows. String columns in
   * `keyColumns` (a group-by's keys) are categorical whatever the writer chose: a group-by hashes each key once per
   * distinct value then, as the CSV reader's key columns.
   */
  async *chunks(
    handle: FileHandle,
    names: readonly string[],
    rowGroups: readonly number[],
    chunkSize: number,
    keyColumns: readonly string[] = [],
  ): AsyncGenerator<Chunk> {
    const plans = this.plans(names, rowGroups).map(
      (p): ParquetColumnPlan => (p.kind === 'string' && keyColumns.includes(p.leaf.name) ? { ...p, dtype: 'categorical' } : p),
    );
    if (plans.some((p) => rowGroups.some((g) => this.meta.rowGroups[g].chunks[p.index]?.codec === CODEC.ZSTD))) await loadZstd();
    const cursors = plans.map(
      (plan) => new ColumnCursor(handle, this.meta, plan, rowGroups, this.readers, keyColumns.includes(plan.leaf.name) ? DEFAULT_CATEGORICAL_CAP : SCAN_CATEGORICAL_CAP),
    );
    let left = rowGroups.reduce((sum, g) => sum + this.meta.rowGroups[g].numRows, 0);
    try {
      while (left > 0) {
        // Chunks end where the columns' pages end when that leaves at least half a chunk: the pages are then handed
        // out as views, never copied. Pages that end in different rows would make small chunks: a chunk then spans
        // pages, at the chunk size.
        let n = Math.min(chunkSize, left);
        for (const cursor of cursors) n = Math.min(n, await cursor.available());
        if (n < chunkSize / 2) n = Math.min(chunkSize, left);
        const columns: Column[] = [];
        for (const cursor of cursors) columns.push(await cursor.take(n));
        left -= n;
        if (left === 0) for (const cursor of cursors) await cursor.finish();
        await releaseZstdBuffers();
        yield new Chunk(new Schema(columns.map((c, i) => ({ name: plans[i].leaf.name, dtype: c.dtype }))), columns, n);
      }
    } finally {
      for (const cursor of cursors) cursor.release();
      this.readBefore = this.bytesRead;
      this.readers = [];
    }
  }

  /**
   * The plan of one column, made over every row group of the file whichever a scan reads: a split's workers, a pruned
   * scan and the announced schema then agree on its dtype (categorical or utf8, integer width).
   */
  plan(name: string, _rowGroups?: readonly number[]): ParquetColumnPlan | string {
    const index = this.meta.leaves.findIndex((l) => l.name === name);
    const leaf = this.meta.leaves[index];
    return planParquetColumn(
      leaf,
      index,
      this.meta.rowGroups.map((g) => g.chunks[index]),
      this.arrowDictionaries.has(name),
    );
  }
}

/** One column's values across the selected row groups: pages decoded as needed, handed out `n` rows at a time. */
class ColumnCursor {
  private readonly decoder: ParquetColumnDecoder;
  /** Decoded pages not yet handed out, and how many rows of the first were. */
  private pending: Column[] = [];
  private used = 0;
  private group = -1;
  /** Rows the current row group's pages have given so far. */
  private groupRows = 0;
  private pages: ParquetPageReader | undefined;

  constructor(
    private readonly handle: FileHandle,
    private readonly meta: ParquetMetadata,
    private readonly plan: ParquetColumnPlan,
    private readonly rowGroups: readonly number[],
    private readonly readers: ParquetPageReader[],
    cap: number,
  ) {
    this.decoder = new ParquetColumnDecoder(plan, cap);
  }

  /** The scan is over: see `ParquetColumnDecoder.release`. */
  release(): void {
    this.decoder.release();
  }

  /** Checks, once every row is handed out, that the last row group's chunk holds no more rows than the group. */
  async finish(): Promise<void> {
    const rowGroup = this.rowGroups[this.group];
    try {
      if (this.pending.length > 0) pageFail('the column chunk holds more rows than its row group');
      for (let page = await this.pages?.next(); page !== undefined; page = await this.pages?.next()) {
        if (page.type === 'data' && page.numValues > 0) pageFail('the column chunk holds more rows than its row group');
      }
    } catch (error) {
      throw located(error, rowGroup, this.plan.leaf.name);
    }
  }

  /** Rows left in the current page (decoding the next page when none is left). */
  async available(): Promise<number> {
    if (this.pending.length === 0) await this.decodeNext();
    return this.pending[0].length - this.used;
  }

  async take(n: number): Promise<Column> {
    const parts: Column[] = [];
    let got = 0;
    while (got < n) {
      if (this.pending.length === 0) await this.decodeNext();
      const page = this.pending[0];
      const rows = Math.min(n - got, page.length - this.used);
      parts.push(sliceView(page, this.used, this.used + rows));
      got += rows;
      this.used += rows;
      if (this.used === page.length) {
        this.pending.shift();
        this.used = 0;
      }
    }
    return parts.length === 1 ? parts[0] : concatColumns(unify(parts));
  }

  private async decodeNext(): Promise<void> {
    for (;;) {
      const rowGroup = this.rowGroups[this.group];
      try {
        const page = this.group < 0 ? undefined : await this.pages?.next();
        if (page === undefined) {
          this.nextGroup();
          continue;
        }
        if (page.type === 'dictionary') this.decoder.dictionaryPage(page);
        else {
          // Checked before anything is allocated for the page: a count past the rows left is corrupt.
          const expected = this.meta.rowGroups[rowGroup].numRows;
          if (page.numValues > expected - this.groupRows) pageFail(`a page of ${page.numValues} values where its row group has ${expected - this.groupRows} rows left`);
          if (page.numValues > MAX_PAGE_VALUES) pageFail(`a page of ${page.numValues} values (this reader takes at most ${MAX_PAGE_VALUES} in one page)`);
          const column = this.decoder.dataPage(page);
          this.groupRows += column.length;
          if (column.length > 0) {
            this.pending.push(column);
            return;
          }
        }
      } catch (error) {
        throw located(error, rowGroup, this.plan.leaf.name);
      }
    }
  }

  private nextGroup(): void {
    if (this.group >= 0) {
      const expected = this.meta.rowGroups[this.rowGroups[this.group]].numRows;
      if (this.groupRows !== expected) pageFail(`the column chunk holds ${this.groupRows} rows, its row group ${expected}`);
    }
    this.group++;
    this.groupRows = 0;
    const rowGroup = this.rowGroups[this.group];
    if (rowGroup === undefined) {
      throw new ParquetPageError('the column chunks hold fewer rows than the row groups give', {
        rowGroup: this.rowGroups[this.rowGroups.length - 1],
        column: this.plan.leaf.name,
      });
    }
    const chunk = this.meta.rowGroups[rowGroup].chunks[this.plan.index];
    if (chunk === undefined) throw new ParquetPageError('the column chunk is not in the file', { rowGroup, column: this.plan.leaf.name });
    if (this.pages === undefined) {
      this.pages = new ParquetPageReader(this.handle);
      this.readers.push(this.pages);
    }
    this.pages.startChunk(chunk.start, chunk.end, chunk.codec);
    this.decoder.startChunk();
  }
}

/**
 * A problem found in the file's bytes as a ParquetPageError naming where; anything else (a bug, an I/O error) goes on
 * as it is, so it is not reported as a corrupt file.
 */
function located(error: unknown, rowGroup: number | undefined, column: string): unknown {
  if (error instanceof ParquetPageError) return error;
  if (error instanceof PageDataError || error instanceof ThriftError) return new ParquetPageError(error.message, { rowGroup: rowGroup ?? 0, column });
  return error;
}

/** Parts of one column whose integer pages narrowed differently, cast to the widest so they concatenate. */
function unify(parts: Column[]): Column[] {
  const dtype = parts[0].dtype;
  if (parts.every((p) => p.dtype === dtype)) return parts;
  const chunks = parts.map((p) => new Chunk(new Schema([{ name: 'c', dtype: p.dtype }]), [p]));
  return unifyChunks(chunks).chunks.map((c) => c.columns[0]);
}
