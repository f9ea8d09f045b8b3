import type { Chunk } from '../chunk.js';
import { chunkSizeOf } from '../chunk-size.js';
import { renderPlanLines } from '../plan/render-plan-lines.js';
import { jobGovernor } from '../runtime/job-governor.js';
import type { MemoryGovernor } from '../runtime/memory-governor.js';
import { currentRuntime } from '../runtime/runtime.js';
import type { ScanOptions, ScanSource } from '../scan-source.js';
import type { Schema } from '../schema.js';
import { GraceJoin } from './grace-join.js';
import { HashJoin } from './hash-join.js';
import { JoinInput } from './join-input.js';
import type { JoinOptions } from './join-options.js';
import { type JoinPlan, type JoinSide, joinText, pruneJoinPlan, resolveJoinPlan, sourceColumns } from './join-plan.js';

/**
 * A join of two sources, itself a source (`LazyFrame.join`). A hash join: the side with fewer estimated bytes
 * (`ScanSource.estimatedBytes`; the right side when a size is unknown or they are equal) is read into memory
 * first, then the other streams through chunk by chunk and output streams out. When the build side outgrows half
 * of `memoryLimit` (the other half is for making it one chunk and for the output) and a spill store is there, the
 * join turns into a grace hash join (`GraceJoin`): both sides partitioned to spill files by key hash, then joined
 * partition by partition. See `HashJoin` for the order of output rows; a grace join keeps none.
 */
export class JoinSource implements ScanSource {
  private planning?: Promise<JoinPlan>;

  constructor(
    readonly left: ScanSource,
    readonly right: ScanSource,
    readonly options: JoinOptions,
  ) {}

  get description(): string {
    return `join of ${this.left.description} and ${this.right.description}`;
  }

  progress(): { bytesRead: number; totalBytes?: number } {
    const l = this.left.progress?.() ?? { bytesRead: 0 };
    const r = this.right.progress?.() ?? { bytesRead: 0 };
    const total = l.totalBytes === undefined || r.totalBytes === undefined ? undefined : l.totalBytes + r.totalBytes;
    return { bytesRead: l.bytesRead + r.bytesRead, totalBytes: total };
  }

  async estimatedBytes(): Promise<number | undefined> {
    const [l, r] = await Promise.all([this.left.estimatedBytes?.(), this.right.estimatedBytes?.()]);
    return l === undefined || r === undefined ? undefined : l + r;
  }

  /** `JOIN LEFT ON a = b`, then both inputs' plans indented under it. */
  explainLines(): string[] {
    const input = (s: ScanSource) =>
      renderPlanLines(s.explainLines?.() ?? [`SCAN ${s.description}`])
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n');
    return [`JOIN ${joinText(this.options)}\n${input(this.left)}\n${input(this.right)}`];
  }

  plan(): Promise<JoinPlan> {
    this.planning ??= Promise.all([this.left.schema(), this.right.schema()]).then(([l, r]) => resolveJoinPlan(l, r, this.options));
    return this.planning;
  }

  async schema(): Promise<Schema> {
    return (await this.plan()).schema;
  }

  /** The side to hold in memory: the one with fewer estimated bytes, else the right. */
  async buildSide(): Promise<JoinSide> {
    const [l, r] = await Promise.all([this.left.estimatedBytes?.(), this.right.estimatedBytes?.()]);
    return l !== undefined && r !== undefined && l < r ? 'left' : 'right';
  }

  async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
    const plan = pruneJoinPlan(await this.plan(), options.columns);
    const chunkSize = chunkSizeOf(this.options);
    // The job's budget: the build side holds what its reservation (twice its bytes) is granted.
    const governor = jobGovernor(options.governor, this.options.memoryLimit);
    const held = governor.reserve('the join build side');
    const store = this.options.spillStore ?? currentRuntime().spillStore;
    const buildSide = await this.buildSide();
    const probeSide: JoinSide = buildSide === 'left' ? 'right' : 'left';
    const pick = (c: Chunk) => (options.columns === undefined ? c : c.select(options.columns));
    let join: HashJoin | undefined = new HashJoin(plan, buildSide, chunkSize);
    let grace: GraceJoin | undefined;
    const report = this.reporter(
      governor,
      () => join?.byteLength ?? 0,
      () => (grace === undefined ? 0 : 1),
    );
    const buildSource = buildSide === 'left' ? this.left : this.right;
    let first = true;
    try {
      for await (const chunk of this.input(plan, buildSide, report, governor)) {
        if (grace !== undefined) {
          grace.addBuild(chunk);
          governor.noteSpill(chunk.byteLength);
        } else if (join !== undefined) {
          // After the first chunk, the build side's rows in all as its bytes suggest (sizes the key tables).
          if (first) join.expectBuildRows(expectedRows(chunk.numRows, buildSource.progress?.()));
          first = false;
          join.addBuild(chunk);
          // Without a spill store (no runtime installed) the join stays in memory whatever the budget (`keep` is
          // then true; the second test tells the type checker so).
          if (held.keep(2 * join.byteLength, store !== undefined) || store === undefined) continue;
          // A partition's build gets half of what this build could reserve (as alone: half of memoryLimit), and the
          // join holds that much; the other half stays for the operators above it.
          const room = (governor.available + held.bytes) / 2;
          held.force(room);
          grace = new GraceJoin(plan, buildSide, { store, room, chunkSize });
          for (const c of join.takeBuildChunks()) {
            grace.addBuild(c);
            governor.noteSpill(c.byteLength);
          }
          join = undefined;
        }
      }
      if (grace !== undefined) {
        for await (const chunk of this.input(plan, probeSide, report, governor)) {
          grace.addProbe(chunk);
          governor.noteSpill(chunk.byteLength);
        }
        for (const out of grace.run()) yield pick(out);
        report(0, true);
        return;
      }
      const j = join as HashJoin;
      j.finishBuild();
      for await (const chunk of this.input(plan, probeSide, report, governor)) for (const out of j.probe(chunk)) yield pick(out);
      for (const out of j.finish()) yield pick(out);
      report(0, true);
    } finally {
      grace?.dispose();
      held.release();
    }
  }

  /** A side's chunks as the join reads them (`JoinInput`), asking its source only for the columns needed. */
  private async *input(plan: JoinPlan, side: JoinSide, report: (rows: number) => void, governor: MemoryGovernor): AsyncGenerator<Chunk> {
    const source = side === 'left' ? this.left : this.right;
    const prep = new JoinInput(plan, side);
    const keys = (side === 'left' ? plan.left : plan.right).keys.filter((k) => !k.startsWith('\u0000'));
    for await (const chunk of source.scan({ columns: sourceColumns(plan, side), keyColumns: keys, governor })) {
      report(chunk.numRows);
      yield prep.prepare(chunk);
    }
  }

  /** Counts rows read from both sides and sends `onProgress` events at most every `progressIntervalMs`. */
  private reporter(governor: MemoryGovernor, stateBytes: () => number, spills: () => number): (rows: number, force?: boolean) => void {
    const onProgress = this.options.onProgress;
    if (onProgress === undefined) return () => undefined;
    const started = performance.now();
    const interval = this.options.progressIntervalMs ?? 200;
    let rows = 0;
    let last = 0;
    return (n, force = false) => {
      rows += n;
      const now = performance.now();
      if (!force && now - last < interval) return;
      last = now;
      const p = this.progress();
      onProgress({
        rows,
        groups: 0,
        bytesRead: p.bytesRead,
        totalBytes: p.totalBytes,
        stateBytes: stateBytes(),
        rss: currentRuntime().rss?.() ?? 0,
        elapsedMs: now - started,
        spills: spills(),
        budget: governor.budget,
        floor: governor.floor,
        peakRss: currentRuntime().peakRss?.(),
        spilledBytes: governor.spilledBytes,
      });
    };
  }
}

/** Rows a source gives in all, from the rows of its first chunk and the bytes read for them; those rows if unknown. */
function expectedRows(rows: number, progress: { bytesRead: number; totalBytes?: number } | undefined): number {
  if (progress?.totalBytes === undefined || progress.bytesRead <= 0) return rows;
  return Math.ceil((rows * progress.totalBytes) / progress.bytesRead);
}
