import type { Chunk } from '../chunk.js';
import { currentRuntime } from '../runtime/runtime.js';
import type { SplitRunner } from '../runtime/split-runner.js';
import type { InterleavedSplits, ScanOptions, ScanSource } from '../scan-source.js';

/**
 * Parts per lane. A lane reads its parts in turn with one reader, and while the caller takes one lane's part the
 * others may run `AHEAD` chunks ahead: parts of about that many chunks keep every thread busy (1e7 rows in 16 parts
 * are 9-10 chunks each).
 */
const PARTS_PER_LANE = 8;
/** Chunks a lane may have sent that the caller has not taken yet (what each thread holds at most). */
const AHEAD = 8;
/**
 * The most lanes, whatever the cores: each worker holds its isolate (about 30 MB) and `AHEAD` chunks outside any budget,
 * and two threads already decode 1.1-1.5x slower per byte than one alone on the 2-core development machine.
 */
const MAX_LANES = 4;

/**
 * A plain scan of a big source read on several threads, in order (as DuckDB's and Polars' parallel scans): the source
 * is cut into parts dealt to one reader per lane in turn (`ScanSource.interleavedSplits`, Parquet's only), the calling
 * thread reading the first lane and a worker each other one, and their chunks come back in part order. Used by
 * `LazyFrame.scan` for a caller that only reads the chunks (`ScanOptions.parallel`), without a pushed filter, a budget
 * or a limit, when the source's own rule finds the columns read worth a thread each (Parquet: 32 MB compressed; see
 * its `splits`). A categorical column's chunks then come with one dictionary per lane, not one in all.
 */
export class ParallelScan {
  private bytesRead = 0;

  private constructor(
    private readonly source: ScanSource,
    /** The runner's `scan`, bound: `open` made sure it has one. */
    private readonly scanLanes: NonNullable<SplitRunner['scan']>,
    private readonly lanes: InterleavedSplits,
    private readonly options: ScanOptions,
  ) {}

  /**
   * The parallel scan of `source` for `options`, or undefined when it is to be read on this thread. `always` skips
   * the source's rule of bytes a thread (tests read small files on threads so).
   */
  static async open(source: ScanSource, options: ScanOptions, always = false): Promise<ParallelScan | undefined> {
    const runner = currentRuntime().splitRunner;
    const threads = Math.min(MAX_LANES, runner?.parallelism ?? 1);
    if (runner?.scan === undefined || threads < 2 || options.parallel !== true || source.interleavedSplits === undefined) return undefined;
    if (options.predicate !== undefined || options.governor !== undefined || source.splits === undefined) return undefined;
    // The rule weighs the columns read: all of them when the caller names none (the source gives n parts then).
    const columns = options.columns ?? (await source.schema()).names;
    const worth = always ? threads : ((await source.splits(threads, undefined, columns))?.length ?? 0);
    if (worth < 2) return undefined;
    const lanes = await source.interleavedSplits(worth, worth * PARTS_PER_LANE);
    if (lanes === undefined || lanes.splits.length < 2) return undefined;
    return new ParallelScan(source, runner.scan.bind(runner), lanes, options);
  }

  /** Bytes read by all lanes so far, against the source's size. */
  progress(): { bytesRead: number; totalBytes?: number } {
    return { bytesRead: this.bytesRead, totalBytes: this.source.progress?.().totalBytes };
  }

  scan(): AsyncIterable<Chunk> {
    const { columns, keyColumns } = this.options;
    return this.scanLanes(this.lanes, { columns, keyColumns, ahead: AHEAD }, (bytes) => {
      this.bytesRead = bytes;
    });
  }
}
