import type { Chunk } from './chunk.js';
import { DfError } from './errors/df-error.js';
import type { ExprNode } from './expr/expr-node.js';
import type { MemoryGovernor } from './runtime/memory-governor.js';
import type { Schema } from './schema.js';

export interface ScanOptions {
  /** Only these columns, in this order (projection pushdown); all when undefined. */
  readonly columns?: readonly string[];
  /**
   * Columns a group-by keys on. A reader may keep them dictionary-encoded past its usual cap: their dictionary
   * is as big as the group table the job holds anyway, and it saves hashing every row's bytes again.
   */
  readonly keyColumns?: readonly string[];
  /**
   * Rows to keep: a checked boolean expression over the source's columns, which may be columns the scan is not
   * asked to give. Only for a source whose `filtersRows` is true; it applies the predicate as a filter would
   * (null counts as false), where it can before building the other columns of a row.
   */
  readonly predicate?: ExprNode;
  /**
   * The job's memory budget, when an operator above this scan holds one: operators that hold memory reserve from it
   * instead of making their own (see `jobGovernor`), and pass it on to their inputs. Readers may ignore it.
   */
  readonly governor?: MemoryGovernor;
  /**
   * The caller reads the chunks in order and nothing else of the source (an iteration, `collect`, a sink): a source
   * with `interleavedSplits` may be read on worker threads. Operators that split their input themselves (a group-by)
   * or watch its progress while they read leave it unset.
   */
  readonly parallel?: boolean;
}

/**
 * Where a LazyFrame pulls chunks from: a file reader, a DataFrame, a worker's byte range.
 * The schema is known before the first chunk; chunks may come with wider dtypes than the schema
 * announced (a later value widened a column) and consumers must accept that.
 */
export interface ScanSource {
  /** What the source reads, for messages: usually a path. */
  readonly description: string;
  schema(): Promise<Schema>;
  scan(options?: ScanOptions): AsyncIterable<Chunk>;
  /** Bytes consumed so far and the total when known: what progress bars show. */
  progress?(): { bytesRead: number; totalBytes?: number };
  /**
   * Bytes the source is expected to give, before reading it (a file's size, a frame's `byteLength`); undefined
   * when unknown. A join builds its hash table on the side with fewer.
   */
  estimatedBytes?(): Promise<number | undefined>;
  /**
   * Up to `n` disjoint parts that together read exactly this source, each rebuildable in a worker
   * thread (byte ranges of a CSV, row groups of a Parquet file); undefined when it cannot be split. `columns` are the
   * ones each part will be scanned for (undefined: all): a source may make fewer parts when those hold too few bytes
   * to pay for a thread.
   */
  splits?(n: number, predicate?: ExprNode, columns?: readonly string[]): Promise<SourceSplit[] | undefined>;
  /**
   * As `splits`, for the part of the source a scan has not read yet, once it has read `bytesRead` bytes
   * (its `progress().bytesRead` right after a chunk): so a job can start on one thread, look at the data,
   * and hand the rest to workers. `weights` (n numbers, default all 1) are the parts' relative sizes.
   * Undefined when the rest cannot be split. A part may guess where its first row starts; a scan of it or of
   * the part before it fails with `SplitGuessError` when the guess was wrong.
   */
  splitsAfter?(n: number, bytesRead: number, weights?: readonly number[]): Promise<SourceSplit[] | undefined>;
  /**
   * As `splitsAfter`, but the scan that has read `bytesRead` (and is waiting between chunks) reads the first part
   * itself: it stops where that part ends, and only the other parts are returned. Undefined when the rest cannot be
   * split or that scan cannot be told (then it reads on to the end).
   */
  splitsAfterKeepingFirst?(n: number, bytesRead: number, weights?: readonly number[]): Promise<SourceSplit[] | undefined>;
  /**
   * The source cut into `parts` parts in order, dealt to `lanes` readers in turn (part i to lane i mod lanes): one
   * split per lane, reading its parts one after another, and the rows of every part. The parts' rows, read in part
   * order, are the rows `scan` gives, in the dtypes `schema` announces (Parquet's row groups).
   * A plain scan of a big source may then read the lanes on worker threads (see `ParallelScan`); undefined when the
   * source cannot be cut so.
   */
  interleavedSplits?(lanes: number, parts: number): Promise<InterleavedSplits | undefined>;
  /** True when `scan` takes `ScanOptions.predicate` (a filter pushed down into the scan). */
  readonly filtersRows?: boolean;
  /**
   * True when the pushed predicate can skip whole files (hive partitions): the plan pushes its filters to this
   * source even when that saves no parsing, and passes them to `splits` and `explainLines` too. A source given one
   * there may leave out parts it proves have no such rows; the plan still applies the filter to what is read.
   */
  readonly filtersFiles?: boolean;
  /** The plan under this source, one line per step, the source's own first (`LazyFrame.explain`); default `SCAN <description>`. */
  explainLines?(predicate?: ExprNode): string[];
}

/**
 * One part of a source as plain data, so it can go to a worker thread or a cluster task: `reader` names one of
 * io's split readers (`'csv'`, `'parquet'`), `args` are its arguments, and `ops` the plan's row operations to
 * apply on top. Nothing crosses a boundary as a module URL or a closure.
 */
export interface SourceSplit {
  readonly reader: string;
  readonly args: readonly unknown[];
  readonly ops?: readonly unknown[];
}

/** See `ScanSource.interleavedSplits`. */
export interface InterleavedSplits {
  /** One split per lane. */
  readonly splits: readonly SourceSplit[];
  /** Rows of each part, in part order; part i is read by lane i mod `splits.length`. */
  readonly partRows: readonly number[];
}

/**
 * A split that started at a guessed row start (`splitsAfter` may cut without reading up to the cut) found the
 * guess wrong: a quoted line break spans the cut. Nothing is wrong with the data; the job reads the input
 * again on splits planned exactly. Known by its code, which survives the error wire format.
 */
export class SplitGuessError extends DfError {
  static readonly NAME = 'SplitGuessError';
  static readonly CODE = 'split-guess';

  constructor(message: string) {
    super('internal', message, { code: SplitGuessError.CODE });
    this.name = SplitGuessError.NAME;
  }

  /** Also true of one rebuilt from the wire (a worker thread's), which is a plain DfError. */
  static is(error: unknown): boolean {
    return error instanceof DfError && error.code === SplitGuessError.CODE;
  }
}

/** Writes chunks to a path; registered by `@df-stream/io` so that `LazyFrame.sink(path)` works. */
export type SinkWriter = (chunks: AsyncIterable<Chunk>, path: string, options: Record<string, unknown>) => Promise<void>;

let sinkWriter: SinkWriter | undefined;

export function registerSinkWriter(writer: SinkWriter): void {
  sinkWriter = writer;
}

export function getSinkWriter(): SinkWriter {
  if (sinkWriter === undefined) {
    throw new DfError('usage', 'no file writers are loaded', { hint: "import from 'df-stream' to sink to files" });
  }
  return sinkWriter;
}
