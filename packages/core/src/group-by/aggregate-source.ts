import type { Chunk } from '../chunk.js';
import { OperatorSource } from '../plan/operator-source.js';
import { jobGovernor } from '../runtime/job-governor.js';
import type { MemoryGovernor } from '../runtime/memory-governor.js';
import { currentRuntime, turnEventLoop } from '../runtime/runtime.js';
import type { SplitRunner } from '../runtime/split-runner.js';
import { type ScanOptions, type ScanSource, type SourceSplit, SplitGuessError } from '../scan-source.js';
import type { Schema } from '../schema.js';
import { type AggSpec, groupByColumns } from './agg-spec.js';
import { HashAggregator, type HashAggregatorOptions } from './hash-aggregator.js';
import { splitWeights } from './split-weights.js';
import { SplitWorkers } from './split-workers.js';

export interface ProgressEvent {
  readonly rows: number;
  readonly groups: number;
  readonly bytesRead: number;
  readonly totalBytes?: number;
  /** Bytes held by the group states. */
  readonly stateBytes: number;
  readonly rss: number;
  readonly elapsedMs: number;
  readonly spills: number;
  /** The job's memory budget: what it may hold above `floor`. */
  readonly budget?: number;
  /** RSS of the process when the job started (Node, V8, loaded code): the runtime's own floor. */
  readonly floor?: number;
  /** Highest RSS of the process so far. */
  readonly peakRss?: number;
  /** Bytes written to spill files so far. */
  readonly spilledBytes?: number;
}

export interface AggregateOptions extends HashAggregatorOptions {
  /**
   * Worker threads, each aggregating its own split of the input (CSV byte ranges, Parquet row groups).
   * Default: one per core for inputs over 64 MB that can be split, else 1.
   */
  readonly threads?: number;
  /**
   * With threads, rows read on the calling thread before the rest of a splittable input goes to the workers
   * (default 2^19): enough to see whether nearly every row makes its own group, where workers do not pay.
   */
  readonly probeRows?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Minimum time between progress events. */
  readonly progressIntervalMs?: number;
}

/** Rows read on the calling thread before the input is split for worker threads (see `AggregateSource.probe`). */
const PROBE_ROWS = 1 << 19;
/**
 * Above this many groups per row after the probe, workers do not pay. At 2^19 rows a key of a million
 * distinct values shows 0.79 groups per row and still goes to workers; a key unique per row shows 1.
 */
const MAX_GROUPS_PER_ROW = 0.9;
/** How often the calling thread lets the event loop turn while workers run (see `Runtime.turn`). */
const TURN_MS = 50;
/**
 * What a reading thread holds besides group states, reserved from the budget up front: the CSV reader's 4 MiB read
 * buffer, the chunk it builds and the one in hand, V8's heap growing past its size at the start, and garbage until
 * V8 collects it. Measured: q1 over the 1e7-row CSV peaks about 60 MB above the CLI's start on one thread. (64 MiB
 * here did not lower q10's peak at `--memory 256MB`, 361-370 MB against 355-389 MB: what passes the bound there is
 * not held by the reader.)
 */
const READER_BYTES = 48 * 2 ** 20;
/** A worker thread's own cost (its V8 isolate, heap and compiled code): measured, 30 MB. */
const THREAD_BYTES = 32 * 2 ** 20;
/** The least group-state share that makes another thread worth starting under a budget. */
const MIN_STATE_SHARE = 16 * 2 ** 20;

/** What `readUpFront` tells its caller as it reads. */
interface UpFrontEvents {
  /** The split this thread reads now, for progress (`scanned.bytes` holds those it has read to their end). */
  readonly split: (split: ScanSource) => void;
  /** Rows and bytes the workers have read so far. */
  readonly workers: (rows: number, bytes: number) => void;
  /** After each chunk this thread reads. */
  readonly chunk: () => void;
}

/** A group-by over an upstream source, itself a source: its chunks are the aggregated result. */
export class AggregateSource extends OperatorSource {
  constructor(
    input: ScanSource,
    readonly keys: readonly string[],
    readonly aggs: readonly AggSpec[],
    readonly options: AggregateOptions = {},
  ) {
    super(input);
  }

  /** `AGGREGATE BY city: count() AS count, mean(temp) AS temp_mean`, then the input's plan. */
  explainLines(): string[] {
    const aggs = this.aggs.map((a) => {
      const args = [a.column ?? '', ...Object.values(a.options ?? {}).map(String)].filter((x) => x !== '').join(', ');
      return `${a.fn}(${args}) AS ${a.name}`;
    });
    return this.stepOverInput(`AGGREGATE BY ${this.keys.join(', ')}: ${aggs.join(', ')}`);
  }

  /**
   * Threads to use: none past the calling thread without a split runner (no runtime installed). By default one
   * per core, but no more than the budget has room for, each worker costing its thread, its reader and a share of
   * states; threads the caller asks for are started whatever the budget (their states then spill early).
   */
  private threads(runner: SplitRunner | undefined, governor: MemoryGovernor): number {
    if (runner === undefined) return 1;
    if (this.options.threads !== undefined) return this.options.threads;
    const total = this.input.progress?.().totalBytes ?? 0;
    const room = Math.floor((governor.available - MIN_STATE_SHARE) / (THREAD_BYTES + READER_BYTES + MIN_STATE_SHARE));
    return Math.max(1, Math.min(total > 64 * 2 ** 20 ? runner.parallelism : 1, room + 1));
  }

  /**
   * Reads the input on this thread. With `threads` > 1 and a source that can split what is left, after the first
   * `probeRows` rows it hands the rest to that many workers, unless nearly every row so far made a group of its
   * own (db-benchmark's q10): then the workers' partial results would be as big as the input, and merging them
   * on this thread costs more than the workers save, so this thread reads on to the end itself. Returns the
   * splits of the rest (`rest`), or undefined when it has read everything. The first split is this thread's: when
   * the source lets the scan read it on (`kept`, the scan's chunks, to be read to their end), `rest` holds the
   * workers' splits only.
   */
  private async readHere(
    threads: number,
    aggregator: HashAggregator,
    used: readonly string[],
    scanned: { rows: number; bytes: number },
    onChunk: () => void,
  ): Promise<{ readonly rest: SourceSplit[]; readonly kept?: AsyncIterator<Chunk> } | undefined> {
    const chunks = this.input.scan({ columns: [...used], keyColumns: this.keys, governor: aggregator.governor })[Symbol.asyncIterator]();
    let kept = false;
    let decided = threads <= 1 || this.input.splitsAfter === undefined;
    const probeRows = this.options.probeRows ?? PROBE_ROWS;
    // Bytes read and time at half the probe: the speed after that (warmer than at the start) sizes the splits.
    let half: { bytes: number; at: number } | undefined;
    try {
      for (;;) {
        const next = await chunks.next();
        if (next.done === true) return undefined;
        aggregator.consume(next.value, scanned.rows);
        scanned.rows += next.value.numRows;
        this.expectRows(aggregator, scanned.rows);
        onChunk();
        if (decided) continue;
        if (half === undefined && scanned.rows * 2 >= probeRows) half = { bytes: this.input.progress?.().bytesRead ?? 0, at: performance.now() };
        if (scanned.rows < probeRows) continue;
        decided = true;
        if (!this.workersPay(aggregator, threads, scanned.rows)) continue;
        const { bytesRead, totalBytes } = this.input.progress?.() ?? { bytesRead: 0 };
        scanned.bytes = bytesRead;
        const msPerByte = half === undefined ? NaN : (performance.now() - half.at) / (bytesRead - half.bytes);
        const weights = splitWeights(threads, ((totalBytes ?? NaN) - bytesRead) * msPerByte, aggregator.stats.groups);
        if (this.input.splitsAfterKeepingFirst !== undefined) {
          const others = await this.input.splitsAfterKeepingFirst(threads, bytesRead, weights);
          if (others === undefined) continue;
          kept = true;
          return { rest: others, kept: chunks };
        }
        const rest = await this.input.splitsAfter?.(threads, bytesRead, weights);
        if (rest !== undefined) return { rest };
      }
    } finally {
      if (!kept) await chunks.return?.();
    }
  }

  /**
   * Aggregates the chunks of `chunks` on this thread (`onChunk` after each, awaited when it waits) to their end, and
   * closes it; or, with `until`, until `scanned.rows` reaches it, leaving it open to read on.
   */
  private async readOn(
    chunks: AsyncIterator<Chunk>,
    aggregator: HashAggregator,
    scanned: { rows: number },
    onChunk: () => void | Promise<void>,
    until = Infinity,
  ): Promise<void> {
    // Left open only when it stops at `until`.
    let keepOpen = false;
    try {
      while (scanned.rows < until) {
        const next = await chunks.next();
        if (next.done === true) return;
        aggregator.consume(next.value, scanned.rows);
        scanned.rows += next.value.numRows;
        const wait = onChunk();
        if (wait !== undefined) await wait;
      }
      keepOpen = true;
    } finally {
      if (!keepOpen) await chunks.return?.();
    }
  }

  /**
   * Reads an input split up front (`upFront`, Parquet row groups): workers start on splits 1.. at once while this
   * thread reads split 0, and after its first `probeRows` rows this thread decides as `readHere` does whether they
   * pay. When they do not (nearly a group per row, as in q10, or states that would not fit each thread's share of
   * the budget), it calls them off and reads their splits itself, in order: what they spilled meanwhile waited with
   * them (see `SplitWorkers`), and is dropped. A worker takes a few hundred milliseconds to start reading, about
   * what the probe takes, so calling it off wastes little, and when it pays it has not waited for the probe.
   */
  private async readUpFront(
    upFront: readonly SourceSplit[],
    runner: SplitRunner,
    aggregator: HashAggregator,
    used: readonly string[],
    scanned: { rows: number; bytes: number },
    on: UpFrontEvents,
  ): Promise<void> {
    const scanOptions = { columns: [...used], keyColumns: this.keys, governor: aggregator.governor };
    // Under a budget the caller set (here or on an operator above), workers start only once they pay: one called off
    // leaves its thread's memory behind (measured 20-40 MB of RSS for the rest of a Parquet q10 at 256 MB), which a
    // tight budget cannot spare.
    let workers = aggregator.governor.explicit ? undefined : this.startWorkers(runner, aggregator, upFront.slice(1), on.workers, true);
    const probeRows = this.options.probeRows ?? PROBE_ROWS;
    let alone = false;
    try {
      let current = await runner.open(upFront[0]);
      on.split(current);
      // Reading alone, the group count is projected after each chunk, as `readHere` does.
      const aloneChunk = (): void => {
        this.expectRows(aggregator, scanned.rows, scanned.bytes + (current.progress?.().bytesRead ?? 0));
        on.chunk();
      };
      const chunks = current.scan(scanOptions)[Symbol.asyncIterator]();
      // The probe: a first split shorter than it is decided at its end (the scan closed, read on as done).
      await this.readOn(chunks, aggregator, scanned, workers === undefined ? aloneChunk : turning(workers, aloneChunk), probeRows);
      // Weighed as if the workers had not started: their reservations would be this thread's room without them.
      const bytesRead = current.progress?.().bytesRead;
      alone = !this.workersPay(aggregator, upFront.length, scanned.rows, bytesRead, workers?.reservedBytes);
      let onChunk = aloneChunk;
      if (!alone) {
        workers ??= this.startWorkers(runner, aggregator, upFront.slice(1), on.workers);
        workers.keep();
        onChunk = turning(workers, on.chunk);
      } else if (workers !== undefined) {
        await workers.cancel();
        // Projected again with the workers' room back: sized while they held it, the states would spill early.
        this.expectRows(aggregator, scanned.rows, bytesRead);
      }
      await this.readOn(chunks, aggregator, scanned, onChunk);
      if (!alone) return await workers?.done;
      for (const split of upFront.slice(1)) {
        scanned.bytes += current.progress?.().bytesRead ?? 0;
        current = await runner.open(split);
        on.split(current);
        await this.readOn(current.scan(scanOptions)[Symbol.asyncIterator](), aggregator, scanned, aloneChunk);
      }
    } catch (e) {
      await workers?.fail(e);
      throw e;
    }
  }

  /**
   * Starts workers on `splits`, each with its thread, its reader and an equal share of the room for group states
   * (`stateShare`, what `statesFitThreads` weighs after a probe; the calling thread's states, which hold part of
   * theirs already, spill past it).
   */
  private startWorkers(
    runner: SplitRunner,
    aggregator: HashAggregator,
    splits: readonly SourceSplit[],
    onProgress: (rows: number, bytes: number) => void,
    pending = false,
  ): SplitWorkers {
    const memoryLimit = Math.max(1, stateShare(aggregator, splits.length + 1));
    return new SplitWorkers(runner, aggregator, splits, { keys: this.keys, aggs: this.aggs, overhead: THREAD_BYTES + READER_BYTES, memoryLimit, onProgress }, pending);
  }

  /**
   * Whether workers pay after a probe of `rows` rows (`bytesRead` bytes of the input; `started`, what workers already
   * started hold of the budget): not when nearly every row made a group of its own (db-benchmark's q10), where the
   * workers' partial results would be as big as the input and merging them on this thread costs more than the
   * workers save, nor when their states would not fit.
   */
  private workersPay(aggregator: HashAggregator, threads: number, rows: number, bytesRead?: number, started = 0): boolean {
    return aggregator.stats.groups <= rows * MAX_GROUPS_PER_ROW && this.statesFitThreads(aggregator, threads, rows, bytesRead, started);
  }

  /**
   * Whether the states a thread would reach on its share of the input fit its share of the budget. Each thread
   * holds every group it meets: with many groups and a tight budget, several threads would hold the same groups
   * several times and spill them over and over (q3 on 1e8 rows, 1e6 groups: 4-6 GB of spill at 256 MB, 2.5 GB at
   * 512 MB), where one thread holds them once and spills seldom, if at all.
   */
  private statesFitThreads(aggregator: HashAggregator, threads: number, rows: number, bytesRead?: number, started = 0): boolean {
    return aggregator.projectedReservation(this.projectedRows(rows, bytesRead) / threads) <= stateShare(aggregator, threads, started);
  }

  /**
   * The input's rows in all, projected from the `bytesRead` bytes read for `rows` rows (by default the input's scan's
   * progress; a split's progress counts in the input's bytes too): `rows` when the size is unknown.
   */
  private projectedRows(rows: number, bytesRead?: number): number {
    const p = this.input.progress?.();
    const read = bytesRead ?? p?.bytesRead ?? 0;
    return p?.totalBytes !== undefined && read > 0 ? (rows * p.totalBytes) / read : rows;
  }

  /** Tells the aggregator the input's rows in all, projected from the bytes read for `rows` rows. */
  private expectRows(aggregator: HashAggregator, rows: number, bytesRead?: number): void {
    const total = this.projectedRows(rows, bytesRead);
    if (total > rows) aggregator.expectRows(total);
  }

  async schema(): Promise<Schema> {
    return HashAggregator.outputSchema(this.keys, this.aggs, await this.input.schema());
  }

  async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
    const inputSchema = await this.input.schema();
    const used = groupByColumns(this.keys, this.aggs);
    for (const c of used) inputSchema.field(c);
    const runner = currentRuntime().splitRunner;
    const governor = jobGovernor(options.governor, this.options.memoryLimit);
    const reader = governor.reserve('the reader');
    reader.force(Math.min(READER_BYTES, governor.budget / 4));
    const threads = this.threads(runner, governor);
    const started = performance.now();
    const aggOptions = { ...this.options, governor };
    let aggregator = new HashAggregator(this.keys, this.aggs, aggOptions, inputSchema);
    try {
      let report: (force: boolean, groups?: number) => void;
      try {
        report = await this.aggregate(aggregator, used, runner, threads, started, false);
      } catch (e) {
        if (!SplitGuessError.is(e)) throw e;
        // A split guessed where its first row starts, and a quoted line break across its cut made the guess
        // wrong: nothing is emitted yet, so start again on splits planned exactly.
        aggregator.dispose();
        aggregator = new HashAggregator(this.keys, this.aggs, aggOptions, inputSchema);
        report = await this.aggregate(aggregator, used, runner, threads, started, true);
      }
      // Reading is over: its room goes to the result.
      reader.release();
      let groups = 0;
      let ran = performance.now();
      for (const chunk of aggregator.finishSteps()) {
        if (chunk === null) {
          // Merging spilled partitions is synchronous work: every 50 ms the event loop gets a turn (a Ctrl-C or
          // SIGTERM handler, progress output, a worker's message).
          if (performance.now() - ran > 50) {
            await turnEventLoop();
            ran = performance.now();
          }
          continue;
        }
        groups += chunk.numRows;
        yield options.columns === undefined ? chunk : chunk.select(options.columns);
      }
      // The last event comes after the result: its peak RSS and spilled bytes include the merge of spilled
      // partitions, and its groups are all of them (spilled ones included).
      report(true, groups);
    } finally {
      aggregator.dispose();
      reader.release();
    }
  }

  /**
   * Reads the whole input into `aggregator`: on this thread, and with `threads` > 1 on workers too, the rest
   * of the input split after a probe (see `readHere`), or, when the source can split only up front or `exact`
   * asks for it, split before reading. Returns its progress reporter, for the last event after the result.
   */
  private async aggregate(
    aggregator: HashAggregator,
    used: readonly string[],
    runner: SplitRunner | undefined,
    threads: number,
    started: number,
    exact: boolean,
  ): Promise<(force: boolean, groups?: number) => void> {
    let lastEvent = 0;
    const interval = this.options.progressIntervalMs ?? 200;
    // Rows and bytes read by this thread (`scanned`, the split it reads after the probe) and by the workers.
    const scanned = { rows: 0, bytes: 0 };
    let split: ScanSource | undefined;
    let workerRows = 0;
    let workerBytes = 0;
    const report = (force: boolean, groups?: number): void => {
      const now = performance.now();
      if (this.options.onProgress === undefined || (!force && now - lastEvent < interval)) return;
      lastEvent = now;
      const s = aggregator.stats;
      const p = this.progress();
      const runtime = currentRuntime();
      const { governor } = aggregator;
      this.options.onProgress({
        rows: scanned.rows + workerRows,
        groups: groups ?? s.groups,
        bytesRead: (split === undefined ? p.bytesRead : scanned.bytes + (split.progress?.().bytesRead ?? 0)) + workerBytes,
        totalBytes: p.totalBytes,
        stateBytes: s.bytes,
        rss: runtime.rss?.() ?? 0,
        elapsedMs: now - started,
        spills: s.spills,
        budget: governor.budget,
        floor: governor.floor,
        peakRss: runtime.peakRss?.(),
        spilledBytes: governor.spilledBytes,
      });
    };
    const onWorkers = (rows: number, bytes: number): void => {
      workerRows = rows;
      workerBytes = bytes;
      report(false);
    };
    // A source that can split only up front (Parquet row groups) is split before reading; a CSV after a probe.
    const upFront = threads > 1 && (exact || this.input.splitsAfter === undefined) ? await this.input.splits?.(threads, undefined, used) : undefined;
    const onChunk = (): void => report(false);
    if (upFront !== undefined && upFront.length > 1 && runner !== undefined) {
      const on: UpFrontEvents = {
        split: (s) => {
          split = s;
        },
        workers: onWorkers,
        chunk: onChunk,
      };
      await this.readUpFront(upFront, runner, aggregator, used, scanned, on);
      report(true);
      return report;
    }
    const here = await this.readHere(exact ? 1 : threads, aggregator, used, scanned, onChunk);
    if (here !== undefined && runner !== undefined) {
      // This thread reads the first split itself while workers read the others: one thread (and its heap,
      // buffers and compiled code) fewer to start, and one partial fewer to merge. After a probe it reads on with
      // the probe's scan (`kept`), whose reader stops where the first split ends.
      const { kept } = here;
      let workers: SplitWorkers;
      try {
        workers = this.startWorkers(runner, aggregator, kept === undefined ? here.rest.slice(1) : here.rest, onWorkers);
      } catch (e) {
        // Nothing reads the kept scan now: its file and buffers go.
        await kept?.return?.();
        throw e;
      }
      try {
        if (kept === undefined) split = await runner.open(here.rest[0]);
        const own = kept ?? (split as ScanSource).scan({ columns: used, keyColumns: this.keys, governor: aggregator.governor })[Symbol.asyncIterator]();
        await this.readOn(own, aggregator, scanned, turning(workers, onChunk));
      } catch (e) {
        await workers.fail(e);
        throw e;
      }
      await workers.done;
    } else if (here?.kept !== undefined) await this.readOn(here.kept, aggregator, scanned, onChunk);
    report(true);
    return report;
  }
}

/**
 * What this thread does after each chunk it reads while `workers` run: it stops at their failure, reports, and
 * lets the event loop turn every TURN_MS. The workers' messages (their progress, a spilled piece each waits to hand
 * over) are taken only when the loop turns, which a reader with synchronous reads (Parquet's) never lets happen by
 * itself: a worker that spilled sat waiting, its piece held in memory, until this thread had read its whole split.
 */
function turning(workers: SplitWorkers, onChunk: () => void): () => void | Promise<void> {
  let turned = performance.now();
  return () => {
    workers.check();
    onChunk();
    if (performance.now() - turned < TURN_MS) return;
    turned = performance.now();
    return turnEventLoop();
  };
}

/**
 * A thread's equal share of the room for group states when `threads` threads aggregate: what the budget has left,
 * with what the calling thread's states hold already and what workers already `started` hold, less each worker's
 * thread and reader.
 */
function stateShare(aggregator: HashAggregator, threads: number, started = 0): number {
  const { governor } = aggregator;
  // What is left without the started workers' reservations (forced, they may have passed the budget).
  const available = started === 0 ? governor.available : Math.max(0, governor.budget - (governor.reserved - started));
  const room = available + aggregator.reservedBytes - (threads - 1) * (THREAD_BYTES + READER_BYTES);
  return room / threads;
}
