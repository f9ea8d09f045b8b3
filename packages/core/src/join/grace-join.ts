import { Chunk } from '../chunk.js';
import type { ChunkSpillArea, SpillStore } from '../runtime/spill-store.js';
import { takeColumn } from '../take.js';
import { unifyChunks } from '../unify-chunks.js';
import { concatColumns } from './concat-columns.js';
import { HashJoin } from './hash-join.js';
import type { JoinPlan, JoinSide } from './join-plan.js';
import { KeyHasher, partitionOf } from './key-hash.js';

/** 2^5 partitions per level. */
const FANOUT_BITS = 5;
const FANOUT = 1 << FANOUT_BITS;
/** Levels of re-partitioning at most; a partition still too big after them (one hot key) is joined in memory. */
const MAX_LEVEL = 4;

export interface GraceJoinOptions {
  readonly store: SpillStore;
  /** Bytes of build rows one partition may hold to be joined in memory; a bigger one is partitioned again. */
  readonly room: number;
  readonly chunkSize: number;
}

/**
 * A grace hash join (DuckDB's and Spark's external hash join): both sides are cut into partitions by the hash of
 * their keys (equal keys land in the same partition on both sides) and spilled, then each partition is joined in
 * memory by a `HashJoin`; a partition whose build rows are still too many is cut again with other hash bits.
 * Every spill area is disposed when `run` ends, also on error or when the consumer stops early, and by `dispose`.
 * Output comes partition by partition: no order is kept.
 */
export class GraceJoin {
  private readonly areas: { build: ChunkSpillArea; probe: ChunkSpillArea };
  private readonly hasher = new KeyHasher();
  private hashes = new Int32Array(0);
  private readonly pending = { build: pendingParts(), probe: pendingParts() };
  private readonly flushRows: number;
  /** Build rows per partition, to size each partition's key tables. */
  private readonly buildRows = new Array<number>(FANOUT).fill(0);

  constructor(
    private readonly plan: JoinPlan,
    private readonly buildSide: JoinSide,
    private readonly options: GraceJoinOptions,
    private readonly level = 0,
  ) {
    const build = options.store.createChunks(FANOUT);
    try {
      this.areas = { build, probe: options.store.createChunks(FANOUT) };
    } catch (e) {
      build.dispose();
      throw e;
    }
    // Pieces of a chunk are gathered per partition into spilled chunks of about an eighth of a chunk.
    this.flushRows = Math.max(1, Math.ceil(options.chunkSize / 8));
  }

  addBuild(chunk: Chunk): void {
    this.split(chunk, 'build');
  }

  addProbe(chunk: Chunk): void {
    this.split(chunk, 'probe');
  }

  /** Joins partition by partition, then frees every spill area. */
  *run(): Generator<Chunk> {
    try {
      this.flushAll('build');
      this.flushAll('probe');
      for (let p = 0; p < FANOUT; p++) {
        if (this.areas.build.bytes(p) > this.options.room && this.level < MAX_LEVEL) {
          const sub = new GraceJoin(this.plan, this.buildSide, this.options, this.level + 1);
          try {
            for (const c of this.areas.build.read(p)) sub.addBuild(c);
            for (const c of this.areas.probe.read(p)) sub.addProbe(c);
            yield* sub.run();
          } finally {
            sub.dispose();
          }
          continue;
        }
        const join = new HashJoin(this.plan, this.buildSide, this.options.chunkSize);
        join.expectBuildRows(this.buildRows[p]);
        for (const c of this.areas.build.read(p)) join.addBuild(c);
        join.finishBuild();
        if (join.buildRows > 0 || join.probeWithoutBuild) for (const c of this.areas.probe.read(p)) yield* join.probe(c);
        yield* join.finish();
      }
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    this.areas.build.dispose();
    this.areas.probe.dispose();
  }

  private split(chunk: Chunk, role: 'build' | 'probe'): void {
    const n = chunk.numRows;
    if (n === 0) return;
    const input = (role === 'build') === (this.buildSide === 'left') ? this.plan.left : this.plan.right;
    if (this.hashes.length < n) this.hashes = new Int32Array(n);
    const hashes = this.hashes;
    this.hasher.hash(
      input.keys.map((k) => chunk.column(k)),
      hashes,
      n,
    );
    const level = this.level;
    const first = new Int32Array(FANOUT + 1);
    const parts = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const p = partitionOf(hashes[i], level, FANOUT_BITS);
      parts[i] = p;
      first[p + 1]++;
    }
    for (let p = 0; p < FANOUT; p++) first[p + 1] += first[p];
    const next = first.slice(0, FANOUT);
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[next[parts[i]]++] = i;
    const pending = this.pending[role];
    for (let p = 0; p < FANOUT; p++) {
      if (first[p + 1] === first[p]) continue;
      const idx = rows.subarray(first[p], first[p + 1]);
      const piece =
        first[p + 1] - first[p] === n
          ? chunk
          : new Chunk(
              chunk.schema,
              chunk.columns.map((c) => takeColumn(c, idx)),
            );
      pending.pieces[p].push(piece);
      pending.rows[p] += piece.numRows;
      if (role === 'build') this.buildRows[p] += piece.numRows;
      if (pending.rows[p] >= this.flushRows) this.flush(role, p);
    }
  }

  private flush(role: 'build' | 'probe', p: number): void {
    const pending = this.pending[role];
    const pieces = pending.pieces[p];
    if (pieces.length === 0) return;
    let chunk = pieces[0];
    if (pieces.length > 1) {
      const unified = unifyChunks(pieces);
      chunk = new Chunk(
        unified.schema,
        unified.schema.fields.map((_, j) => concatColumns(unified.chunks.map((c) => c.columns[j]))),
      );
    }
    pending.pieces[p] = [];
    pending.rows[p] = 0;
    this.areas[role].append(p, chunk);
  }

  private flushAll(role: 'build' | 'probe'): void {
    for (let p = 0; p < FANOUT; p++) this.flush(role, p);
  }
}

function pendingParts(): { pieces: Chunk[][]; rows: number[] } {
  return { pieces: Array.from({ length: FANOUT }, () => []), rows: new Array<number>(FANOUT).fill(0) };
}
