import { allNullColumn } from '../builder/all-null-column.js';
import { Chunk } from '../chunk.js';
import type { Column } from '../column.js';
import { Dictionary } from '../dictionary.js';
import { Schema } from '../schema.js';
import { unifyChunks } from '../unify-chunks.js';
import { coalesceColumns } from './coalesce-columns.js';
import { concatColumns } from './concat-columns.js';
import { JoinKeys } from './join-keys.js';
import { type JoinPlan, type JoinSide, preparedColumns } from './join-plan.js';
import { takeOrNull } from './take-or-null.js';

/**
 * One in-memory hash join (the operator's state; `JoinSource` and the grace join drive it). The build side's
 * chunks are held and their key tuples numbered (`JoinKeys`); `finishBuild` makes them one chunk and lists the
 * rows of each key tuple (counting sort: offsets `first` into `order`, rows in build order). Each probe chunk then
 * streams through: its key ids, its matches, and output chunks of at most `chunkSize` rows gathered with
 * `takeColumn` (a key with many matches spreads over as many chunks as it needs). A build side that is outer
 * (left join building left, right or full join building right) marks its matched key tuples and gives its
 * unmatched rows at the end (`finish`), as do semi and anti joins that build the left side.
 *
 * Order: when the left side is probed, inner, left, semi and anti joins give the left rows in their order, each
 * with its matches in right order; full and right joins give those first and then the unmatched right rows.
 * When the left side is built, the right side's order leads, and left rows that come at the end (unmatched ones,
 * semi and anti results) are in left order.
 */
export class HashJoin {
  private readonly keys: JoinKeys;
  private readonly buildKeys: readonly string[];
  private readonly probeKeys: readonly string[];
  private readonly buildSchema: Schema;
  private readonly probeSchema: Schema;
  private chunks: Chunk[] = [];
  private chunkBytes = 0;
  private gids = new Int32Array(1024);
  private rows = 0;
  private build: Chunk | undefined;
  private groups = 0;
  private first = new Int32Array(1);
  private order = new Int32Array(0);
  private matched: Uint8Array | null = null;
  private probeIds = new Int32Array(0);
  /** The last probe chunk: its categorical columns' dictionaries serve the null probe columns of `finish`. */
  private lastProbe: Chunk | undefined;
  private readonly probeIdx: Int32Array;
  private readonly buildIdx: Int32Array;
  /** Pairs of matching rows go out (not semi or anti). */
  private readonly pairs: boolean;
  /** Probe rows without a match go out too (outer probe side, or anti probing the left). */
  private readonly probeUnmatched: boolean;
  /** Probe rows with a match go out once, alone (semi probing the left). */
  private readonly probeSemi: boolean;
  /** Build key tuples that matched are marked, for `finish`. */
  private readonly trackBuild: boolean;

  constructor(
    private readonly plan: JoinPlan,
    readonly buildSide: JoinSide,
    private readonly chunkSize: number,
  ) {
    const probeSide: JoinSide = buildSide === 'left' ? 'right' : 'left';
    const input = (side: JoinSide) => (side === 'left' ? plan.left : plan.right);
    this.buildKeys = input(buildSide).keys;
    this.probeKeys = input(probeSide).keys;
    this.buildSchema = input(buildSide).schema.select(preparedColumns(plan, buildSide));
    this.probeSchema = input(probeSide).schema.select(preparedColumns(plan, probeSide));
    this.keys = new JoinKeys(this.buildKeys.length);
    this.probeIdx = new Int32Array(chunkSize);
    this.buildIdx = new Int32Array(chunkSize);
    const how = plan.how;
    const semiAnti = how === 'semi' || how === 'anti';
    const outer = (side: JoinSide) => how === 'full' || how === side;
    this.pairs = !semiAnti;
    this.probeUnmatched = outer(probeSide) || (how === 'anti' && probeSide === 'left');
    this.probeSemi = how === 'semi' && probeSide === 'left';
    this.trackBuild = outer(buildSide) || (semiAnti && buildSide === 'left');
  }

  /** Bytes held: the build chunks, their key ids and the key tables. */
  get byteLength(): number {
    return this.chunkBytes + this.gids.byteLength + this.keys.byteLength;
  }

  /** Probe rows can give output without a build row to match (an outer or anti probe side). */
  get probeWithoutBuild(): boolean {
    return this.probeUnmatched;
  }

  get buildRows(): number {
    return this.rows;
  }

  /** Build rows expected in all (an estimate; see `DirectIntKeys`). */
  expectBuildRows(rows: number): void {
    this.keys.expectRows(rows);
  }

  /** Adds a build chunk (the build side's prepared columns). */
  addBuild(chunk: Chunk): void {
    const n = chunk.numRows;
    if (n === 0) return;
    if (this.rows + n > this.gids.length) {
      const grown = new Int32Array(Math.max(this.rows + n, this.gids.length * 2));
      grown.set(this.gids.subarray(0, this.rows));
      this.gids = grown;
    }
    this.keys.ids(
      this.buildKeys.map((k) => chunk.column(k)),
      this.gids.subarray(this.rows, this.rows + n),
      n,
    );
    this.chunks.push(chunk);
    this.chunkBytes += chunk.byteLength;
    this.rows += n;
  }

  /** The build chunks added so far, handed over (a grace join partitions them instead); the join is spent. */
  takeBuildChunks(): Chunk[] {
    const out = this.chunks;
    this.chunks = [];
    this.chunkBytes = 0;
    return out;
  }

  /** Ends the build: one chunk of build rows, and the rows of each key tuple. */
  finishBuild(): void {
    const unified = unifyChunks(this.chunks, this.buildSchema);
    this.build =
      unified.chunks.length === 0
        ? emptyChunk(this.buildSchema)
        : new Chunk(
            unified.schema,
            unified.schema.fields.map((_, j) => concatColumns(unified.chunks.map((c) => c.columns[j]))),
          );
    this.chunks = [];
    const G = this.keys.size;
    this.groups = G;
    const first = new Int32Array(G + 1);
    const gids = this.gids;
    const rows = this.rows;
    for (let r = 0; r < rows; r++) if (gids[r] >= 0) first[gids[r] + 1]++;
    for (let g = 0; g < G; g++) first[g + 1] += first[g];
    const next = first.slice(0, G);
    const order = new Int32Array(first[G]);
    for (let r = 0; r < rows; r++) {
      const g = gids[r];
      if (g >= 0) order[next[g]++] = r;
    }
    this.first = first;
    this.order = order;
    if (this.trackBuild) this.matched = new Uint8Array(G);
  }

  /** The output rows of one probe chunk (the probe side's prepared columns), in chunks of at most `chunkSize`. */
  *probe(chunk: Chunk): Generator<Chunk> {
    const n = chunk.numRows;
    if (n === 0) return;
    this.lastProbe = chunk;
    if (this.probeIds.length < n) this.probeIds = new Int32Array(Math.max(n, 1024));
    const ids = this.probeIds;
    this.keys.ids(
      this.probeKeys.map((k) => chunk.column(k)),
      ids,
      n,
      true,
    );
    const { first, order, matched, probeIdx, buildIdx, chunkSize } = this;
    const G = this.groups;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const g = ids[i];
      // A key tuple may have no build rows: one whose rows all had a null in another key.
      const hit = g >= 0 && g < G && first[g + 1] > first[g];
      if (hit && matched !== null) matched[g] = 1;
      if (hit && this.pairs) {
        for (let j = first[g], end = first[g + 1]; j < end; j++) {
          probeIdx[k] = i;
          buildIdx[k] = order[j];
          if (++k === chunkSize) {
            yield this.emit(chunk, k);
            k = 0;
          }
        }
      } else if (hit ? this.probeSemi : this.probeUnmatched) {
        probeIdx[k] = i;
        buildIdx[k] = -1;
        if (++k === chunkSize) {
          yield this.emit(chunk, k);
          k = 0;
        }
      }
    }
    if (k > 0) yield this.emit(chunk, k);
  }

  /** What the build side gives after the last probe chunk: its unmatched rows (outer), or its semi/anti rows. */
  *finish(): Generator<Chunk> {
    const matched = this.matched;
    if (matched === null) return;
    const how = this.plan.how;
    const keep = how === 'semi' ? 1 : 0;
    const probe = this.lastProbe ?? emptyChunk(this.probeSchema);
    const { gids, buildIdx, probeIdx, chunkSize } = this;
    let k = 0;
    for (let r = 0; r < this.rows; r++) {
      const g = gids[r];
      const hit = g >= 0 && matched[g] === 1 ? 1 : 0;
      if (hit !== keep) continue;
      buildIdx[k] = r;
      probeIdx[k] = -1;
      if (++k === chunkSize) {
        yield this.emit(probe, k);
        k = 0;
      }
    }
    if (k > 0) yield this.emit(probe, k);
  }

  /** Gathers `k` output rows: probe rows `probeIdx`, build rows `buildIdx` (-1: nulls). */
  private emit(probe: Chunk, k: number): Chunk {
    const build = this.build as Chunk;
    const pi = this.probeIdx.subarray(0, k);
    const bi = this.buildIdx.subarray(0, k);
    const probeLeft = this.buildSide === 'right';
    const left = probeLeft ? probe : build;
    const right = probeLeft ? build : probe;
    const li = probeLeft ? pi : bi;
    const ri = probeLeft ? bi : pi;
    const columns: Column[] = this.plan.output.map((o) => {
      if (o.side === 'left') return takeOrNull(left.column(o.column), li);
      if (o.side === 'right') return takeOrNull(right.column(o.column), ri);
      return coalesceColumns(takeOrNull(left.column(o.column), li), takeOrNull(right.column(o.right as string), ri));
    });
    return new Chunk(new Schema(this.plan.output.map((o, j) => ({ name: o.name, dtype: columns[j].dtype }))), columns);
  }
}

/** A chunk of no rows: the build side of a join whose build input was empty, or the absent side of a row. */
function emptyChunk(schema: Schema): Chunk {
  return new Chunk(
    schema,
    schema.fields.map((f) => allNullColumn(f.dtype, 0, new Dictionary())),
  );
}
