import type { Chunk } from '../chunk.js';
import { chunkSizeOf } from '../chunk-size.js';
import type { Dictionary } from '../dictionary.js';
import { OperatorSource } from '../plan/operator-source.js';
import { jobGovernor } from '../runtime/job-governor.js';
import { currentRuntime } from '../runtime/runtime.js';
import type { ChunkSpillArea } from '../runtime/spill-store.js';
import type { ScanOptions, ScanSource } from '../scan-source.js';
import { Schema } from '../schema.js';
import { mergeRuns } from './merge-runs.js';
import { RunShape } from './run-shape.js';
import type { SortKey, SortOptions, SortPlan } from './sort-spec.js';
import { sortChunks } from './sorted-chunks.js';
import { TopKSource } from './top-k-source.js';

/**
 * Input bytes a run holds before it is sorted and spilled, as a share of the budget: sorting a run copies its key
 * columns, adds 18 bytes a row of scratch and gathers output chunks beside it, which (with what the collector has
 * not freed yet) came to about 3.4 times the run's bytes in RSS on db-benchmark's file.
 */
const RUN_SHARE = 1 / 8;

/**
 * A sort over an upstream source, itself a source (a pipeline breaker, as `AggregateSource`). The input is
 * buffered up to a share of the job's budget (`jobGovernor`); if it all fits, it is sorted in memory (a radix sort of normalized
 * keys). Otherwise each full buffer is sorted and spilled as a run (one spill area a run, written in chunks), and
 * the runs are merged through a heap, streaming chunks. Columns named in `hidden` (computed expression keys) are
 * read from the input and dropped from the output.
 */
export class SortSource extends OperatorSource {
  constructor(
    input: ScanSource,
    readonly plan: Pick<SortPlan, 'keys' | 'labels'>,
    readonly options: SortOptions = {},
    readonly hidden: readonly string[] = [],
  ) {
    super(input);
  }

  get keys(): readonly SortKey[] {
    return this.plan.keys;
  }

  explainLines(): string[] {
    return this.stepOverInput(`SORT ${this.plan.labels.join(', ')}`);
  }

  async schema(): Promise<Schema> {
    const schema = await this.input.schema();
    for (const k of this.keys) schema.field(k.column);
    return this.hidden.length === 0 ? schema : new Schema(schema.fields.filter((f) => !this.hidden.includes(f.name)));
  }

  /**
   * Largest `limit(k)` after a sort that is read from a heap of k rows; a larger limit keeps the sort, which can
   * spill (a heap of millions of rows would hold them all in memory), and stops it after k rows.
   */
  static readonly TOP_K_MAX_ROWS = 1 << 20;

  /** The first `k` rows of this sort, from a bounded heap (`sort(...).limit(k)`). */
  topK(k: number): TopKSource {
    return new TopKSource(this.input, this.plan, k, this.options, this.hidden);
  }

  async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
    const visible = (await this.schema()).names;
    const wanted = options.columns ?? visible;
    const need = [...new Set([...wanted, ...this.keys.map((k) => k.column)])];
    const chunkSize = chunkSizeOf(this.options);
    // The job's budget: a run holds what its reservation (1 / RUN_SHARE times its bytes) is granted.
    const governor = jobGovernor(options.governor, this.options.memoryLimit);
    const held = governor.reserve('sorted runs');
    const store = this.options.spillStore ?? currentRuntime().spillStore;
    const cache = new Map<Dictionary, Uint32Array>();
    const runs: ChunkSpillArea[] = [];
    // Every area made, runs merged away included: all disposed at the end, also on an error mid-merge.
    const areas: ChunkSpillArea[] = [];
    const shape = new RunShape();
    let buffered: Chunk[] = [];
    let bytes = 0;
    let rows = 0;
    // Rows per spilled chunk: a merge holds one chunk of every run (and its read buffer), so a small budget, which
    // makes many runs, spills small chunks: a sixteenth of a run, at most the output chunk size.
    let spillRows = chunkSize;
    const spill = (chunks: Iterable<Chunk>, into: ChunkSpillArea[]): void => {
      const area = (store as NonNullable<typeof store>).createChunks(1);
      areas.push(area);
      into.push(area);
      for (const c of chunks) {
        shape.note(c);
        area.append(0, c);
        governor.noteSpill(c.byteLength);
      }
    };
    // Sorts what is buffered into a run and spills it; in a function of its own so that nothing of the run is
    // referenced any more when the governor may ask for a collection.
    const spillBuffered = (): void => {
      const sorted = sortChunks(buffered, this.keys, spillRows, cache);
      buffered = [];
      if (sorted !== undefined) spill(sorted.chunks, runs);
    };
    try {
      for await (const chunk of this.input.scan({ columns: need, governor })) {
        if (chunk.numRows === 0) continue;
        buffered.push(chunk);
        bytes += chunk.byteLength;
        rows += chunk.numRows;
        // Without a spill store (no runtime installed) the sort stays in memory whatever the budget.
        if (held.keep(bytes / RUN_SHARE, store !== undefined)) continue;
        spillRows = Math.max(1024, Math.min(chunkSize, Math.floor(rows / 16)));
        spillBuffered();
        held.resize(0);
        governor.dropped(bytes);
        bytes = 0;
        rows = 0;
      }
      const last = sortChunks(buffered, this.keys, runs.length === 0 ? chunkSize : spillRows, cache);
      buffered = [];
      const select = (c: Chunk): Chunk => (c.schema.names.length === wanted.length && c.schema.names.every((n, i) => n === wanted[i]) ? c : c.select(wanted));
      if (runs.length === 0 || store === undefined) {
        if (last !== undefined) for (const c of last.chunks) yield select(c);
        return;
      }
      // The last run is spilled too: the merge then holds one chunk a run, not a whole run beside the others.
      if (last !== undefined) spill(last.chunks, runs);
      held.resize(0);
      // More runs than the budget has room for a chunk of each: merge them in groups into fewer, longer runs first
      // (consecutive runs, so ties keep input order), as many rounds as it takes.
      // A chunk of each run and its read buffer within half the budget (no run is buffered any more).
      const chunkBytes = 2 * Math.max(1, shape.bytesPerRow() * spillRows);
      const maxFanIn = Math.max(2, Math.floor(governor.available / 2 / chunkBytes));
      held.force(Math.min(runs.length, maxFanIn) * chunkBytes);
      while (runs.length > maxFanIn) {
        const merged: ChunkSpillArea[] = [];
        for (let g = 0; g < runs.length; g += maxFanIn) {
          const group = runs.slice(g, g + maxFanIn);
          if (group.length === 1) {
            merged.push(group[0]);
            continue;
          }
          spill(
            mergeRuns(
              group.map((a) => a.read(0)),
              this.keys,
              shape,
              spillRows,
            ),
            merged,
          );
          for (const a of group) a.dispose();
        }
        runs.splice(0, runs.length, ...merged);
      }
      for (const c of mergeRuns(
        runs.map((a) => a.read(0)),
        this.keys,
        shape,
        chunkSize,
      ))
        yield select(c);
    } finally {
      for (const a of areas) a.dispose();
      held.release();
    }
  }
}
