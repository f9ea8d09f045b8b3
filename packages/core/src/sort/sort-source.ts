import type { Chunk } from '../chunk.js';
import { chunkSizeOf } from '../chunk-size.js';
import type { Dictionary } from '../dictionary.js';
import { defaultMemoryLimit } from '../runtime/default-memory-limit.js';
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
 * columns, adds 16 bytes a row of scratch and gathers output chunks beside it.
 */
const RUN_SHARE = 1 / 4;

/**
 * A sort over an upstream source, itself a source (a pipeline breaker, as `AggregateSource`). The input is
 * buffered up to a share of `memoryLimit`; if it all fits, it is sorted in memory (a radix sort of normalized
 * keys). Otherwise each full buffer is sorted and spilled as a run (one spill area a run, written in chunks), and
 * the runs are merged through a heap, streaming chunks. Columns named in `hidden` (computed expression keys) are
 * read from the input and dropped from the output.
 */
export class SortSource implements ScanSource {
  constructor(
    readonly input: ScanSource,
    readonly plan: Pick<SortPlan, 'keys' | 'labels'>,
    readonly options: SortOptions = {},
    readonly hidden: readonly string[] = [],
  ) {}

  get keys(): readonly SortKey[] {
    return this.plan.keys;
  }

  get description(): string {
    return this.input.description;
  }

  progress(): { bytesRead: number; totalBytes?: number } {
    return this.input.progress?.() ?? { bytesRead: 0 };
  }

  /** A sort gives every input row: its input's size (what a join's build side choice reads). */
  async estimatedBytes(): Promise<number | undefined> {
    return this.input.estimatedBytes?.();
  }

  explainLines(): string[] {
    return [`SORT ${this.plan.labels.join(', ')}`, ...(this.input.explainLines?.() ?? [`SCAN ${this.input.description}`])];
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
    const runBudget = (this.options.memoryLimit ?? defaultMemoryLimit()) * RUN_SHARE;
    const store = this.options.spillStore ?? currentRuntime().spillStore;
    const cache = new Map<Dictionary, Uint32Array>();
    const runs: ChunkSpillArea[] = [];
    const shape = new RunShape();
    let buffered: Chunk[] = [];
    let bytes = 0;
    try {
      for await (const chunk of this.input.scan({ columns: need })) {
        if (chunk.numRows === 0) continue;
        buffered.push(chunk);
        bytes += chunk.byteLength;
        // Without a spill store (no runtime installed) the sort stays in memory whatever the budget.
        if (bytes <= runBudget || store === undefined) continue;
        const sorted = sortChunks(buffered, this.keys, chunkSize, cache);
        buffered = [];
        bytes = 0;
        if (sorted === undefined) continue;
        const area = store.createChunks(1);
        runs.push(area);
        for (const c of sorted.chunks) {
          shape.note(c);
          area.append(0, c);
        }
      }
      const last = sortChunks(buffered, this.keys, chunkSize, cache);
      buffered = [];
      const select = (c: Chunk): Chunk => (c.schema.names.length === wanted.length && c.schema.names.every((n, i) => n === wanted[i]) ? c : c.select(wanted));
      if (runs.length === 0 || store === undefined) {
        if (last !== undefined) for (const c of last.chunks) yield select(c);
        return;
      }
      // The last run is spilled too: the merge then holds one chunk a run, not a whole run beside the others.
      if (last !== undefined) {
        const area = store.createChunks(1);
        runs.push(area);
        for (const c of last.chunks) {
          shape.note(c);
          area.append(0, c);
        }
      }
      for (const c of mergeRuns(
        runs.map((a) => a.read(0)),
        this.keys,
        shape,
        chunkSize,
      ))
        yield select(c);
    } finally {
      for (const a of runs) a.dispose();
    }
  }
}
