import { Chunk } from './chunk.js';
import { chunkSizeOf, DEFAULT_CHUNK_SIZE } from './chunk-size.js';
import type { Column, Value } from './column.js';
import { ColumnBuilder } from './column-builder.js';
import { INSPECT_CUSTOM, JUPYTER_DISPLAY, type MimeBundle } from './display/display-symbols.js';
import { EDGE_ROWS, frameHtml, MAX_SHOWN_ROWS } from './display/frame-html.js';
import { type DType, supertype } from './dtype.js';
import { DfError } from './errors/df-error.js';
import type { Expr } from './expr/expr.js';
import { formatTable } from './format-table.js';
import { formatCell } from './format-value.js';
import { type FrameInfo, frameInfo } from './frame-info.js';
import { applyEager, GroupBy } from './group-by/group-by.js';
import type { KeyInput } from './group-by/lower-aggregation.js';
import { joinFrames } from './join/join-frames.js';
import type { JoinOptions } from './join/join-options.js';
import { type MemoryUsage, memoryUsage } from './memory-usage.js';
import { type ColumnInput, columnNodes } from './plan/column-input.js';
import type { PlanOp } from './plan/plan-op.js';
import { Schema } from './schema.js';
import { Series } from './series.js';
import { sortFrameData } from './sort/sort-frame-data.js';
import type { SortBy, SortOptions } from './sort/sort-spec.js';
import { unifyChunks } from './unify-chunks.js';
import { type UniqueSubset, uniqueFrameData } from './unique/unique-frame-data.js';
import type { UniqueOptions } from './unique/unique-options.js';

export { DEFAULT_CHUNK_SIZE };

export interface BuildOptions {
  /** Per-column dtype overrides, e.g. `{ age: 'int32', city: 'categorical' }`. */
  dtypes?: Record<string, DType>;
  /** Distinct strings above which an inferred string column is stored as utf8 instead of categorical. */
  categoricalCap?: number;
  /** Rows per chunk. */
  chunkSize?: number;
}

export type Row = Record<string, Value>;

/** An eager, in-memory frame: a schema plus a list of chunks that all follow it. */
export class DataFrame {
  readonly schema: Schema;
  readonly chunks: readonly Chunk[];
  readonly numRows: number;

  /** Prefer the static constructors; this one requires chunks that already follow `schema`. */
  constructor(schema: Schema, chunks: readonly Chunk[]) {
    for (const c of chunks) {
      if (!c.schema.equals(schema)) throw new DfError('usage', 'every chunk of a DataFrame must follow its schema');
    }
    this.schema = schema;
    this.chunks = chunks;
    this.numRows = chunks.reduce((n, c) => n + c.numRows, 0);
  }

  /** A frame from chunks whose dtypes may differ (widened columns are cast to one dtype). */
  static fromChunks(chunks: readonly Chunk[], schema?: Schema): DataFrame {
    const kept = chunks.filter((c) => c.numRows > 0 || chunks.length === 1);
    // Only empty chunks: keep their columns rather than return a frame without any.
    const unified = unifyChunks(kept, schema ?? (kept.length === 0 ? chunks[0]?.schema : undefined));
    return new DataFrame(unified.schema, unified.chunks);
  }

  /** An empty frame with the given schema. */
  static empty(schema: Schema): DataFrame {
    return new DataFrame(schema, []);
  }

  /** A frame from named arrays of values (or already-built columns). */
  static fromColumns(columns: Record<string, ArrayLike<unknown> | Column>, options: BuildOptions = {}): DataFrame {
    const names = Object.keys(columns);
    const lengths = names.map((n) => columns[n].length);
    if (lengths.some((l) => l !== lengths[0])) {
      throw new DfError('usage', `columns have different lengths: ${names.map((n, i) => `${n}=${lengths[i]}`).join(', ')}`);
    }
    const numRows = lengths[0] ?? 0;
    const chunkSize = chunkSizeOf(options);
    const builders = names.map((name) => builderFor(name, options));
    const chunks: Chunk[] = [];
    for (let start = 0; start === 0 || start < numRows; start += chunkSize) {
      const end = Math.min(numRows, start + chunkSize);
      const cols = names.map((name, j) => {
        const source = columns[name];
        if (isColumn(source)) return source.slice(start, end);
        for (let i = start; i < end; i++) builders[j].append(source[i]);
        return builders[j].finish();
      });
      chunks.push(Chunk.of(Object.fromEntries(names.map((n, j) => [n, cols[j]]))));
    }
    return DataFrame.fromChunks(chunks);
  }

  /** A frame from row objects; a key missing from a row is null there; columns in first-seen key order. */
  static fromRecords(records: readonly Record<string, unknown>[], options: BuildOptions = {}): DataFrame {
    const names: string[] = [];
    const known = new Set<string>();
    for (const r of records) {
      for (const k of Object.keys(r)) {
        if (!known.has(k)) {
          known.add(k);
          names.push(k);
        }
      }
    }
    const chunkSize = chunkSizeOf(options);
    const builders = names.map((name) => builderFor(name, options));
    const chunks: Chunk[] = [];
    for (let start = 0; start === 0 || start < records.length; start += chunkSize) {
      const end = Math.min(records.length, start + chunkSize);
      for (let i = start; i < end; i++) {
        const r = records[i];
        for (let j = 0; j < names.length; j++) builders[j].append(r[names[j]]);
      }
      chunks.push(Chunk.of(Object.fromEntries(names.map((n, j) => [n, builders[j].finish()]))));
    }
    return DataFrame.fromChunks(chunks);
  }

  /** Column names, in order. */
  get columns(): string[] {
    return this.schema.names;
  }

  get numColumns(): number {
    return this.schema.length;
  }

  column(name: string): Series {
    const j = this.schema.indexOf(name);
    const field = this.schema.field(name);
    return new Series(
      name,
      field.dtype,
      this.chunks.map((c) => c.columns[j]),
    );
  }

  /** The first `n` rows (default 5, as in pandas). */
  head(n = 5): DataFrame {
    return this.slice(0, n);
  }

  /** The last `n` rows; a negative `n` drops the first `-n` rows instead (as `head(-n)` drops the last). */
  tail(n = 5): DataFrame {
    return n < 0 ? this.slice(-n) : this.slice(Math.max(0, this.numRows - n));
  }

  /** Rows [start, end); negative indices count from the end, as in `Array.prototype.slice`. */
  slice(start = 0, end = this.numRows): DataFrame {
    const s = clampIndex(start, this.numRows);
    const e = Math.max(s, clampIndex(end, this.numRows));
    const out: Chunk[] = [];
    let offset = 0;
    for (const c of this.chunks) {
      const lo = Math.max(s - offset, 0);
      const hi = Math.min(e - offset, c.numRows);
      if (lo < hi) out.push(lo === 0 && hi === c.numRows ? c : c.slice(lo, hi));
      offset += c.numRows;
    }
    return new DataFrame(this.schema, out);
  }

  /** Only these columns or expressions, in this order (the same kernels as `LazyFrame.select`). */
  select(...columns: ColumnInput[]): DataFrame {
    const wanted = columns.flat();
    if (wanted.every((c) => typeof c === 'string')) {
      return new DataFrame(
        this.schema.select(wanted),
        this.chunks.map((c) => c.select(wanted)),
      );
    }
    return this.apply({ kind: 'select', exprs: columnNodes(columns) });
  }

  /** Adds columns (or replaces those of the same name) computed from each row's values. */
  withColumns(...columns: ColumnInput[]): DataFrame {
    return this.apply({ kind: 'with_columns', exprs: columnNodes(columns) });
  }

  /** Rows where the predicate is true; null counts as false. */
  filter(predicate: Expr): DataFrame {
    return this.apply({ kind: 'filter', predicate: predicate.node });
  }

  /** New names for columns: `rename({ old: 'new' })`. */
  rename(mapping: Record<string, string>): DataFrame {
    return this.apply({ kind: 'rename', mapping: Object.entries(mapping) });
  }

  drop(...names: (string | readonly string[])[]): DataFrame {
    return this.apply({ kind: 'drop', columns: names.flat() });
  }

  private apply(op: PlanOp): DataFrame {
    const out = applyEager(this, op);
    return out.chunks.length === 0 ? DataFrame.empty(out.schema) : DataFrame.fromChunks(out.chunks, out.schema);
  }

  /** Rows in the order of `by`, stable, nulls last by default (the same kernel as `LazyFrame.sort`, in memory). */
  sort(by: SortBy, options: SortOptions = {}): DataFrame {
    const out = sortFrameData(this, by, options);
    return out.chunks.length === 0 ? DataFrame.empty(out.schema) : new DataFrame(out.schema, out.chunks);
  }

  /** Rows joined with `other`'s on keys (eager; the same kernel and rules as `LazyFrame.join`, in memory). */
  join(other: DataFrame, options: JoinOptions): DataFrame {
    const out = joinFrames(this, other, options);
    return out.chunks.length === 0 ? DataFrame.empty(out.schema) : DataFrame.fromChunks(out.chunks, out.schema);
  }

  /** Rows with distinct values of `subset` (default all columns; null equals null), in input order, for every `keep`. */
  unique(subset?: UniqueSubset, options: UniqueOptions = {}): DataFrame {
    const out = uniqueFrameData(this, subset, options);
    return out.chunks.length === 0 ? DataFrame.empty(out.schema) : DataFrame.fromChunks(out.chunks, out.schema);
  }

  /** Rows of this frame followed by rows of `others` (same column names; dtypes widen as needed). */
  concat(...others: DataFrame[]): DataFrame {
    for (const o of others) {
      const a = this.columns.join(',');
      const b = o.columns.join(',');
      if (a !== b) throw new DfError('usage', `cannot concat frames with different columns: [${a}] vs [${b}]`);
    }
    const chunks = [...this.chunks, ...others.flatMap((o) => o.chunks)];
    if (chunks.length > 0) return DataFrame.fromChunks(chunks);
    // Only frames without chunks (e.g. `head(0)`): keep the columns, widened as rows would be.
    const fields = this.schema.fields.map((f, j) => ({
      name: f.name,
      dtype: others.reduce((d, o) => supertype(d, o.schema.fields[j].dtype), f.dtype),
    }));
    return DataFrame.empty(new Schema(fields));
  }

  toRecords(): Row[] {
    const names = this.columns;
    const out: Row[] = [];
    for (const c of this.chunks) {
      for (let i = 0; i < c.numRows; i++) {
        const row: Row = {};
        for (let j = 0; j < names.length; j++) row[names[j]] = c.columns[j].get(i);
        out.push(row);
      }
    }
    return out;
  }

  toColumns(): Record<string, Value[]> {
    return Object.fromEntries(this.columns.map((n) => [n, this.column(n).toArray()]));
  }

  memoryUsage(options: { deep?: boolean } = {}): MemoryUsage {
    return memoryUsage(this.series(), options.deep ?? false);
  }

  info(): FrameInfo {
    return frameInfo(this.series(), this.numRows, this.chunks.length);
  }

  /** Bytes of the chunks' own buffers (dictionaries excluded). */
  get byteLength(): number {
    return this.chunks.reduce((n, c) => n + c.byteLength, 0);
  }

  /** A readable table: shape, column names with dtypes, and up to `maxRows` rows (head and tail). */
  toString(options: { maxRows?: number } = {}): string {
    const maxRows = options.maxRows ?? 10;
    const header = this.schema.fields.map((f) => `${f.name} (${f.dtype})`);
    const dtypes = this.schema.fields.map((f) => f.dtype);
    const render = (df: DataFrame): string[][] => df.toRecords().map((r) => this.columns.map((n, j) => formatCell(r[n], dtypes[j])));
    let rows: string[][];
    if (this.numRows <= maxRows) rows = render(this);
    else {
      const half = Math.ceil(maxRows / 2);
      rows = [...render(this.head(half)), this.columns.map(() => '…'), ...render(this.tail(maxRows - half))];
    }
    const align = this.schema.fields.map((f) => (f.dtype === 'utf8' || f.dtype === 'categorical' ? 'left' : 'right') as 'left' | 'right');
    return `shape: (${this.numRows}, ${this.numColumns})\n${formatTable(header, rows, align)}`;
  }

  /** A notebook shows the frame as pandas does: its head and tail, dtypes under the names (`text/plain`: `toString()`). */
  [JUPYTER_DISPLAY](): MimeBundle {
    const shown = this.numRows <= MAX_SHOWN_ROWS ? [this] : [this.head(EDGE_ROWS), this.tail(EDGE_ROWS)];
    const rows = shown.flatMap((df) => df.toRecords().map((r) => this.columns.map((n) => r[n])));
    const dtypes = this.schema.fields.map((f) => f.dtype);
    return { 'text/plain': this.toString(), 'text/html': frameHtml({ names: this.columns, dtypes, numRows: this.numRows, rows, numChunks: this.chunks.length }) };
  }

  /** `console.log(df)` and the REPL print the text table. */
  [INSPECT_CUSTOM](): string {
    return this.toString();
  }

  /** Groups rows by the values of `keys` (eager; the same kernels as `LazyFrame.groupBy`). */
  groupBy(...keys: (KeyInput | readonly KeyInput[])[]): GroupBy<DataFrame> {
    return new GroupBy(this, keys.flat(), (chunks, schema) => DataFrame.fromChunks(chunks, schema));
  }

  /** Chunks one by one, so a DataFrame can be used wherever a chunk source is. */
  async *[Symbol.asyncIterator](): AsyncIterator<Chunk> {
    for (const c of this.chunks) yield c;
  }

  private series(): Series[] {
    return this.schema.fields.map(
      (f, j) =>
        new Series(
          f.name,
          f.dtype,
          this.chunks.map((c) => c.columns[j]),
        ),
    );
  }
}

function builderFor(name: string, options: BuildOptions): ColumnBuilder {
  return new ColumnBuilder({ name, dtype: options.dtypes?.[name], categoricalCap: options.categoricalCap });
}

function isColumn(x: ArrayLike<unknown> | Column): x is Column {
  return typeof (x as Column).buffers === 'function' && typeof (x as Column).get === 'function';
}

function clampIndex(i: number, n: number): number {
  return i < 0 ? Math.max(0, n + i) : Math.min(i, n);
}
