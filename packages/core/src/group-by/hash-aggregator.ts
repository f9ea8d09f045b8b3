import type { AggregateFunction, AggregateState, StateData } from '../aggregates/aggregate-function.js';
import { getAggregate } from '../aggregates/registry.js';
import { growArray } from '../aggregates/state-arrays.js';
import { Chunk } from '../chunk.js';
import { DEFAULT_CHUNK_SIZE } from '../chunk-size.js';
import type { Column, Value } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import type { DType } from '../dtype.js';
import { DfError } from '../errors/df-error.js';
import { defaultMemoryLimit } from '../runtime/default-memory-limit.js';
import { MemoryGovernor, type Reservation } from '../runtime/memory-governor.js';
import { currentRuntime } from '../runtime/runtime.js';
import type { SpillArea, SpillStore } from '../runtime/spill-store.js';
import { Schema } from '../schema.js';
import { takeColumn } from '../take.js';
import type { AggSpec } from './agg-spec.js';
import { KeyIndex } from './key-index.js';
import { type CompactPartial, compactBuffers, type PartialAggregate, takeState } from './partial-aggregate.js';
import { partitionOrder } from './partition-order.js';
import { TupleTable } from './tuple-table.js';

/** Rows consumed before `expectRows` projects the final group count. */
const PROJECT_AFTER_ROWS = 1 << 19;
/**
 * Bytes a spill holds beside the states, per byte of them: the partition order and hashes (14 bytes a group at
 * most while it cuts, under a quarter of q10's 62 bytes a group) and one partition's piece (a sixteenth of the states).
 * The tables' slack past their groups (load factor, states sized ahead) pays for the rest.
 */
const SPILL_OVERHEAD = 0.25;

export interface HashAggregatorOptions {
  /**
   * The aggregation's memory budget in bytes (default: half the free memory), when no `governor` is given. Group
   * states are spilled to disk when they, and what a spill holds beside them, would pass what they may reserve.
   */
  readonly memoryLimit?: number;
  /** The job's memory governor, which the group states reserve from; default: one of `memoryLimit` of their own. */
  readonly governor?: MemoryGovernor;
  /**
   * Instead of appending spilled partitions to a spill store, hand each piece over (a worker thread posts them to
   * the thread that owns the job's spill files: the spill format is the partition format, so the pieces are
   * stored as they come, not merged).
   */
  readonly spillTo?: (partition: number, piece: CompactPartial) => void;
  /** Number of spill partitions (radix of the key hash). */
  readonly partitions?: number;
  readonly chunkSize?: number;
  /** Where group states past the budget go; default: the installed runtime's (temp files under Node). */
  readonly spillStore?: SpillStore;
  /**
   * Instead of spilling, hand the partial states over and start afresh (a worker thread sends them to
   * the thread that merges, which spills if it must).
   */
  readonly flush?: (partial: PartialAggregate) => void;
  /** As `flush`, with the lean internal form (what core's own worker threads post). */
  readonly flushCompact?: (partial: CompactPartial) => void;
}

export interface AggregatorStats {
  readonly groups: number;
  readonly rows: number;
  readonly bytes: number;
  readonly spills: number;
}

/**
 * Streaming hash aggregation (Polars' grouped reductions, DuckDB's external hash aggregate):
 * rows are mapped to dense group ids, and each aggregate's per-group state lives in typed arrays that
 * grow as groups appear. When the states outgrow what the governor grants, they are cut into partitions by key hash
 * and spilled to temp files; `finish` then merges one partition at a time.
 */
export class HashAggregator {
  private readonly fns: AggregateFunction[];
  private keyIndexes: KeyIndex[] = [];
  private tuples: TupleTable | null = null;
  private states: AggregateState[] = [];
  private firstSeen = new Float64Array(0);
  private groups = 0;
  /** Groups the flat states have room for, and the groups `expectRows` projects. */
  private stateCapacity = 0;
  private expectedGroups = 0;
  /** New groups per row in the last chunk. */
  private newGroupRate = 0;
  private rows = 0;
  private merged = false;
  private spillArea: SpillArea | null = null;
  private readonly spillStore: SpillStore | undefined;
  /** Groups written to each spill partition (an upper bound of its distinct groups). */
  private spilledGroups: number[] = [];
  private spills = 0;
  private keyIds: Int32Array[] = [];
  private gids = new Int32Array(0);
  readonly governor: MemoryGovernor;
  /** What the group states hold of the governor's budget: their bytes and what a spill would add (`spillCopies`). */
  private readonly reservation: Reservation;
  /**
   * Bytes reserved per byte of state: 1 + `SPILL_OVERHEAD`, or 2 when a flush exports every group at once or a state
   * cannot export a partition's groups alone (`exportGroups`) and a spill copies it whole first.
   */
  private spillCopies = 2;
  private readonly spillTo: ((partition: number, piece: CompactPartial) => void) | undefined;
  /** Spill partitions (radix of the key hash). */
  readonly partitions: number;
  private readonly chunkSize: number;
  private inputDTypes: (DType | undefined)[];
  private readonly flush: ((partial: PartialAggregate) => void) | undefined;
  private readonly flushCompact: ((partial: CompactPartial) => void) | undefined;

  constructor(
    readonly keys: readonly string[],
    readonly aggs: readonly AggSpec[],
    options: HashAggregatorOptions = {},
    inputSchema?: Schema,
  ) {
    this.fns = aggs.map((a) => getAggregate(a.fn));
    this.fns.forEach((fn, j) => {
      if (fn.needsInput && aggs[j].column === null) throw new DfError('usage', `aggregate '${fn.name}' needs a column`);
    });
    this.governor = options.governor ?? new MemoryGovernor(options.memoryLimit ?? defaultMemoryLimit(), 0, currentRuntime().collectGarbage);
    this.reservation = this.governor.reserve('group states');
    this.spillTo = options.spillTo;
    this.partitions = options.partitions ?? 16;
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.spillStore = options.spillStore ?? currentRuntime().spillStore;
    this.flush = options.flush;
    this.flushCompact = options.flushCompact;
    this.inputDTypes = aggs.map((a) => (a.column !== null && inputSchema?.has(a.column) ? inputSchema.field(a.column).dtype : undefined));
    this.reset();
  }

  get stats(): AggregatorStats {
    return { groups: this.groups, rows: this.rows, bytes: this.byteLength, spills: this.spills };
  }

  /** Bytes the group states hold of the governor's budget (with room for what a spill holds beside them). */
  get reservedBytes(): number {
    return this.reservation.bytes;
  }

  /**
   * What the states would reserve after `rows` rows in all: the groups `projectGroups` expects, at the bytes per
   * group reserved now (a reader's key dictionary included: it grows with the keys too).
   */
  projectedReservation(rows: number): number {
    if (this.groups === 0 || !(rows > this.rows)) return this.wanted();
    return (this.wanted() / this.groups) * projectGroups(this.groups, this.newGroupRate, this.rows, rows);
  }

  /** Bytes held by key tables and states. */
  get byteLength(): number {
    let n = this.stateBytes + (this.tuples?.byteLength ?? 0);
    for (const k of this.keyIndexes) n += k.byteLength;
    return n;
  }

  /** Bytes of the per-group arrays sized by `stateCapacity`: the states and the first-seen positions. */
  private get stateBytes(): number {
    let n = this.firstSeen.byteLength;
    for (const s of this.states) n += s.byteLength;
    return n;
  }

  /**
   * Bytes a group takes: the tables' and flat states' at their capacity (sized ahead for the projected groups, they
   * hold room for groups to come: counted per group held, q10's states made 640 bytes a group of 40, and capped the
   * projection at a tenth of what the budget held, the tuple table then growing in nine steps), the rest per group.
   */
  private bytesPerGroup(): number {
    const flat = this.flatBytes();
    let other = this.stateBytes - flat;
    for (const k of this.keyIndexes) other += k.byteLength;
    return flat / Math.max(1, this.stateCapacity, this.groups) + (this.tuples?.groupBytes ?? 0) + other / this.groups;
  }

  /** Bytes of the arrays sized by `stateCapacity`: the first-seen positions and the flat states. */
  private flatBytes(): number {
    let n = this.firstSeen.byteLength;
    for (const s of this.states) if (s.flat === true) n += s.byteLength;
    return n;
  }

  /**
   * Rows the input is expected to have in all (an estimate, e.g. from bytes read so far): the tuple table (with
   * several keys), the flat states and the first-seen positions then grow once to the projected groups, not by
   * doubling.
   */
  expectRows(total: number): void {
    // Projected at the rate new groups came in the last chunk, once enough rows are in for that rate to have
    // settled (a key of 100k values still makes new groups at 0.7 per row in the first chunk, few after 2^19).
    if (this.rows < PROJECT_AFTER_ROWS || this.groups === 0 || !(total > this.rows)) return;
    // At most the groups the states' room holds: tables sized past it would count against the budget before their
    // groups come (and groups past the budget are spilled anyway, the tables started afresh).
    const fit = (this.governor.available + this.reservation.bytes) / this.spillCopies / this.bytesPerGroup();
    // A tenth more than projected: falling a little short would double every table for the last few groups.
    this.expectedGroups = Math.ceil(Math.min(1.1 * projectGroups(this.groups, this.newGroupRate, this.rows, total), fit));
    this.tuples?.expectGroups(this.expectedGroups);
  }

  /** Folds one chunk in; `firstRow` is its first row's position in the input. */
  consume(chunk: Chunk, firstRow = this.rows): void {
    const rows = chunk.numRows;
    if (rows === 0) return;
    if (!this.roomToGrow(rows)) {
      if (this.flush !== undefined || this.flushCompact !== undefined) this.flushOut();
      else this.spill();
    }
    const before = this.groups;
    const gids = this.groupIds(
      this.keys.map((k) => chunk.column(k)),
      rows,
      firstRow,
    );
    this.newGroupRate = (this.groups - before) / rows;
    this.resizeStates();
    for (let j = 0; j < this.fns.length; j++) {
      const name = this.aggs[j].column;
      const column = name === null ? null : chunk.column(name);
      if (column !== null && this.inputDTypes[j] === undefined) this.inputDTypes[j] = column.dtype;
      this.states[j].update(column, gids, rows, firstRow);
    }
    this.rows += rows;
    if (!this.fits()) {
      if (this.flush !== undefined || this.flushCompact !== undefined) this.flushOut();
      else this.spill();
    }
  }

  /**
   * Whether the governor lets the states keep what they hold (true with one group: there is nothing to cut). The
   * readers' key dictionaries the key index keeps (and, while a reader reads, its key table) count once: a spill
   * neither copies nor frees them.
   */
  private fits(): boolean {
    return this.reservation.resize(this.wanted()) || this.groups <= 1;
  }

  /**
   * Reserves, before a chunk of `rows` rows, what the tuple table and flat states grow to if its new groups pass
   * their capacity (to the projected groups, or by doubling): false when refused, and the states must be cut first.
   * A check after the chunk came too late: within one chunk q10's grew from 55 MB to 107 MB with 110 MB reserved.
   */
  private roomToGrow(rows: number): boolean {
    if (this.groups <= 1) return true;
    const groups = this.groups + rows;
    // Each part grows from its own capacity by its own rule, its new arrays counted whole (the old ones are held while
    // they are copied): the tuple table to the projected groups or by half (its index by doubling), the flat states
    // to the projected groups or by doubling. Counting every part as doubling refused q10's tuples 286 MB at 7.2
    // million groups where they took 29 MB more. What grows with the keys or the rows rather than the groups (one
    // key's index, a median's values) `fits` counts after the chunk: counted here, q3 over 1e8 rows spilled 16
    // times at 256MB, and a median by a 10-value key before every chunk, for nothing.
    let growth = 0;
    if (this.tuples !== null && groups > this.tuples.capacity) growth += this.tuples.grownBytes(groups);
    if (groups > this.stateCapacity) growth += (this.flatBytes() / Math.max(1, this.stateCapacity)) * Math.max(groups, this.expectedGroups, 2 * this.stateCapacity);
    return growth === 0 || this.reservation.resize(this.wanted() + this.spillCopies * growth);
  }

  /** Records what the states hold after they were emptied (whatever the budget: there is nothing left to drop). */
  private shrunk(): void {
    this.reservation.force(this.wanted());
  }

  private wanted(): number {
    let adopted = 0;
    for (const k of this.keyIndexes) adopted += k.adoptedBytes;
    return this.spillCopies * this.byteLength + adopted;
  }

  /** Sends everything held so far to `flush` (or `flushCompact`) and starts afresh. */
  flushOut(): void {
    if (this.flush === undefined && this.flushCompact === undefined) throw new DfError('internal', 'flushOut needs a flush callback');
    const partial = this.flushCompact !== undefined ? this.exportCompact() : this.export();
    this.restart();
    if (this.flushCompact !== undefined) this.flushCompact(partial as CompactPartial);
    else this.flush?.(partial as PartialAggregate);
  }

  /** `export()` in the lean internal form: keys as typed arrays and UTF-8 bytes. */
  exportCompact(): CompactPartial {
    const n = this.groups;
    const keys = this.keys.map((_, k) => this.keyIndexes[k].vector(this.tuples === null ? null : this.tuples.keyColumn(k, 0, n), n));
    return {
      version: 'compact-1',
      numGroups: n,
      keys,
      keyDTypes: this.keyIndexes.map((k) => k.dtype ?? null),
      firstSeen: this.firstSeen.slice(0, n),
      states: this.states.map((s) => s.export(n)),
    };
  }

  /** `merge()` of the lean internal form. */
  mergeCompact(partial: CompactPartial): void {
    const n = partial.numGroups;
    if (n === 0) return;
    const keyIds = this.keys.map((_, k) => {
      const index = this.keyIndexes[k];
      if (index.dtype === undefined && partial.keyDTypes[k] !== null) index.dtype = partial.keyDTypes[k] as DType;
      const ids = new Int32Array(n);
      index.idsOfVector(partial.keys[k], ids, n);
      return ids;
    });
    this.mergeStates(keyIds, n, partial.firstSeen, partial.states);
  }

  /** A snapshot of everything aggregated so far (in memory; spilled partitions are not included). */
  export(): PartialAggregate {
    const n = this.groups;
    const keys = this.keys.map((_, k) => {
      const out = new Array<Value>(n);
      for (let g = 0; g < n; g++) out[g] = this.keyValue(g, k);
      return out;
    });
    return { version: 1, numGroups: n, keys, firstSeen: this.firstSeen.slice(0, n), states: this.states.map((s) => s.export(n)) };
  }

  /** Folds in a partial aggregate from another worker, partition or spill. */
  merge(partial: PartialAggregate): void {
    const n = partial.numGroups;
    if (n === 0) return;
    const keyIds = this.keys.map((_, k) => {
      const ids = new Int32Array(n);
      for (let g = 0; g < n; g++) ids[g] = this.keyIndexes[k].idOf(partial.keys[k][g]);
      return ids;
    });
    this.mergeStates(keyIds, n, partial.firstSeen, partial.states);
  }

  private mergeStates(keyIds: Int32Array[], n: number, firstSeen: Float64Array, states: readonly StateData[]): void {
    this.merged = true;
    const gidMap = this.combine(keyIds, n);
    this.resizeStates();
    for (let g = 0; g < n; g++) {
      const t = gidMap[g];
      if (firstSeen[g] < this.firstSeen[t]) this.firstSeen[t] = firstSeen[g];
    }
    this.states.forEach((s, j) => s.merge(states[j], gidMap));
    if (!this.fits()) this.spill();
  }

  /**
   * Stores one partition's piece of another thread's spill as it is: it was cut by the same key hash, so it
   * merges with this aggregator's partition `partition` at the end. Without a spill store it is merged now.
   */
  spillPiece(partition: number, piece: CompactPartial): void {
    const area = this.openSpillArea();
    if (area === null) {
      this.mergeCompact(piece);
      return;
    }
    this.spilledGroups[partition] += piece.numGroups;
    area.append(partition, piece);
    this.governor.noteSpill(compactBytes(piece));
  }

  /**
   * The result chunks: keys first, then aggregates; groups in order of first appearance (after a spill, in order
   * of first appearance within each partition, partition after partition).
   */
  *finish(): Generator<Chunk> {
    for (const step of this.finishSteps()) if (step !== null) yield step;
  }

  /**
   * `finish()`, with a null between spilled pieces merged: merging a partition read back from disk can take
   * seconds, and a caller on an event loop should let it run there (signals, progress) rather than block it.
   */
  *finishSteps(): Generator<Chunk | null> {
    const area = this.spillArea;
    if (area === null) {
      yield* this.emit();
      return;
    }
    try {
      this.spill();
      // Partitions are merged one at a time, each with all its groups in memory, in one aggregator emptied between
      // them: each partition refills the tables and states of the one before.
      const part = new HashAggregator(this.keys, this.aggs, { memoryLimit: Infinity, chunkSize: this.chunkSize });
      part.inputDTypes = this.inputDTypes;
      for (let p = 0; p < this.partitions; p++) {
        if (p > 0) part.reset(true);
        part.reserve(this.spilledGroups[p] ?? 0);
        for (const partial of area.read(p)) {
          part.mergeCompact(partial);
          // Each piece read back is garbage once merged: V8 is asked to collect as they add up.
          this.governor.dropped(compactBytes(partial));
          yield null;
        }
        yield* part.emit(p === this.partitions - 1);
      }
    } finally {
      this.dispose();
    }
  }

  /** Output schema given the input schema. */
  static outputSchema(keys: readonly string[], aggs: readonly AggSpec[], input: Schema): Schema {
    return new Schema([
      ...keys.map((k) => input.field(k)),
      ...aggs.map((a) => ({ name: a.name, dtype: getAggregate(a.fn).outputDType(a.column === null ? undefined : input.field(a.column).dtype) })),
    ]);
  }

  /** Drops every temp file of an unfinished job, and gives the states' memory back to the governor. */
  dispose(): void {
    this.spillArea?.dispose();
    this.spillArea = null;
    this.reservation.release();
  }

  /** The result chunks; `last` when no rows come after (the hash index and first-seen positions are let go). */
  private *emit(last = true): Generator<Chunk> {
    // Aggregating with no keys gives one row even over no rows, as SQL's `SELECT count(*) FROM t` (0, nulls).
    if (this.keys.length === 0 && this.groups === 0) {
      this.reserve(1);
      this.groups = 1;
    }
    const n = this.groups;
    const order = this.merged && n > 1 ? argsortPositions(this.firstSeen, n) : null;
    // Results are written chunk by chunk from the states where a state can (no whole result columns).
    const finalizers = this.states.map((s): ((start: number, end: number) => Column) => {
      const ranges = order === null && n > 0 ? (s.finalizeRanges?.(n) ?? null) : null;
      if (ranges !== null) return ranges;
      const whole = s.finalize(n);
      return (start, end) => (order !== null ? takeColumn(whole, order.subarray(start, end)) : start === 0 && end === n ? whole : whole.slice(start, end));
    });
    if (last) {
      // No more rows come: the hash index and the first-seen positions can go.
      this.tuples?.releaseIndex();
      this.firstSeen = new Float64Array(0);
    }
    const names = [...this.keys, ...this.aggs.map((a) => a.name)];
    let schema: Schema | null = null;
    const step = Math.max(1, this.chunkSize);
    for (let start = 0; start < n || (n === 0 && start === 0); start += step) {
      const end = Math.min(n, start + step);
      const keyColumns = this.keys.map((_, k) => this.keyColumn(k, start, end, order));
      const columns: Column[] = [...keyColumns, ...finalizers.map((f) => f(start, end))];
      schema ??= new Schema(names.map((name, j) => ({ name, dtype: columns[j].dtype })));
      yield new Chunk(schema, columns);
    }
  }

  /** Output key column `k` of groups [start, end) (of `order[start..end)` when groups are reordered). */
  private keyColumn(k: number, start: number, end: number, order: Int32Array | null): Column {
    const index = this.keyIndexes[k];
    let ids: Int32Array | null;
    if (this.tuples !== null) ids = this.tuples.keyColumn(k, start, end, order);
    else ids = order === null ? null : order.subarray(start, end);
    const direct = index.column(ids, end - start, start);
    if (direct !== null) return direct;
    const dtype = index.dtype;
    const b = new ColumnBuilder({ name: this.keys[k], dtype: dtype === 'float32' ? 'float64' : dtype });
    for (let j = start; j < end; j++) {
      const id = ids === null ? j : ids[j - start];
      b.append(index.value(id));
    }
    return b.finish();
  }

  private keyValue(g: number, k: number): Value {
    const id = this.tuples === null ? g : this.tuples.keyId(g, k);
    return this.keyIndexes[k].value(id);
  }

  private groupIds(keyColumns: Column[], rows: number, firstRow: number): Int32Array {
    if (this.gids.length < rows) {
      this.gids = new Int32Array(rows);
      this.keyIds = keyColumns.map(() => new Int32Array(rows));
    }
    const before = this.groups;
    keyColumns.forEach((c, k) => this.keyIndexes[k].ids(c, this.keyIds[k], rows));
    const gids = this.combine(this.keyIds, rows, this.gids);
    if (this.groups > before) {
      this.firstSeen = growArray(this.firstSeen, this.groups, Infinity);
      for (let i = 0; i < rows; i++) {
        const g = gids[i];
        if (g >= before && this.firstSeen[g] === Infinity) this.firstSeen[g] = firstRow + i;
      }
    }
    return gids;
  }

  /** Group ids from key ids: the key id itself for one key, a tuple table for several. */
  private combine(keyIds: readonly Int32Array[], rows: number, out = new Int32Array(rows)): Int32Array {
    if (this.tuples === null) {
      const ids = keyIds[0];
      if (this.keys.length === 0) out.fill(0, 0, rows);
      else out.set(ids.subarray(0, rows));
      this.groups = this.keys.length === 0 ? Math.max(this.groups, rows > 0 ? 1 : 0) : this.keyIndexes[0].size;
    } else {
      this.tuples.groupIds(
        keyIds,
        out,
        rows,
        this.keyIndexes.map((k) => k.size),
      );
      this.groups = this.tuples.size;
    }
    this.firstSeen = growArray(this.firstSeen, this.groups, Infinity);
    return out;
  }

  /** Sizes the tables and states for `groups` groups up front (a partition whose size is known). */
  private reserve(groups: number): void {
    if (groups <= this.groups) return;
    this.tuples?.reserve(groups);
    for (const s of this.states) s.resize(groups);
    this.firstSeen = growArray(this.firstSeen, groups, Infinity);
  }

  private resizeStates(): void {
    const n = this.groups;
    if (n > this.stateCapacity) {
      // Flat states grow once to the projected groups (see `expectRows`) rather than double on the way there.
      this.stateCapacity = Math.max(n, this.expectedGroups);
      this.firstSeen = growArray(this.firstSeen, this.stateCapacity, Infinity);
    }
    for (const s of this.states) s.resize(s.flat === true ? this.stateCapacity : n);
  }

  /**
   * Forgets every group. With `keepMemory` (between the partitions of the final merge, which hold no budget) the
   * tuple table, the first-seen positions and the states that can `clear` keep their arrays, to be filled again: the
   * next partition needs as much room, and touching fresh memory costs ~3.5 ms/MB on the development VM.
   */
  private reset(keepMemory = false): void {
    this.keyIndexes = this.keys.map(() => new KeyIndex());
    this.groups = 0;
    if (keepMemory) {
      this.tuples?.clear();
      this.states = this.states.map((s, j) => {
        if (s.clear === undefined) return this.fns[j].create(this.inputDTypes[j], this.aggs[j].options ?? {});
        s.clear();
        return s;
      });
      this.firstSeen.fill(Infinity);
      return;
    }
    this.tuples = this.keys.length > 1 ? new TupleTable(this.keys.length) : null;
    this.states = this.fns.map((fn, j) => fn.create(this.inputDTypes[j], this.aggs[j].options ?? {}));
    // A flush exports every group at once; so does a spill of a state without `exportGroups`.
    const whole = this.flush !== undefined || this.flushCompact !== undefined || this.states.some((s) => s.exportGroups === undefined);
    this.spillCopies = whole ? 2 : 1 + SPILL_OVERHEAD;
    this.firstSeen = new Float64Array(0);
    this.stateCapacity = 0;
    this.keyIds = [];
    this.gids = new Int32Array(0);
  }

  /** The spill area, made on first use; null without a spill store (core used without the Node runtime). */
  private openSpillArea(): SpillArea | null {
    if (this.spillArea === null && this.spillStore !== undefined) {
      this.spillArea = this.spillStore.create(this.partitions);
      this.spilledGroups = new Array<number>(this.partitions).fill(0);
    }
    return this.spillArea;
  }

  /**
   * Cuts the in-memory groups into partitions by key hash, appends each to the spill store (or hands it to
   * `spillTo`), and starts afresh. Each partition's piece is gathered from the live tables and states and written
   * before the next is made: a spill holds the states once, plus the partition order and hashes (10-14 bytes a group) and one
   * piece, not a second copy of every state.
   */
  private spill(): void {
    const area = this.spillTo === undefined ? this.openSpillArea() : null;
    // Without a store the states stay in memory, past the budget.
    if (area === null && this.spillTo === undefined) return;
    const held = this.byteLength;
    const n = this.groups;
    const { order, starts } = partitionOrder(this.groupHashes(n), n, this.partitions);
    // A state with no `exportGroups` (a registered aggregate's) is exported whole once and cut.
    const whole = this.states.map((s) => (s.exportGroups === undefined ? s.export(n) : null));
    let ids = 0;
    for (const k of this.keyIndexes) ids = Math.max(ids, k.size);
    let largest = 0;
    for (let p = 0; p < this.partitions; p++) largest = Math.max(largest, starts[p + 1] - starts[p]);
    // Reused from piece to piece: a remap of key ids (all -1 between uses), and the pieces' key ids.
    const scratch = { remap: new Int32Array(ids).fill(-1), keyIds: this.keys.length > 1 ? this.keys.map(() => new Int32Array(largest)) : [] };
    for (let p = 0; p < this.partitions; p++) {
      if (starts[p + 1] === starts[p]) continue;
      const piece = this.exportGroups(order.subarray(starts[p], starts[p + 1]), whole, scratch);
      if (this.spillTo !== undefined) this.spillTo(p, piece);
      else {
        this.spillPiece(p, piece);
        // Written: garbage, which V8 is asked to collect as pieces add up.
        this.governor.dropped(compactBytes(piece));
      }
    }
    this.restart();
    this.governor.dropped(held);
    this.spills++;
  }

  /**
   * Starts afresh after a spill or a flush (the rows counted so far stay). The tables and states go: kept, they held
   * the budget the next groups' key indexes need (an int key's direct table grows with its values), and a budget of
   * 2 MiB spilled on every chunk from then on.
   */
  private restart(): void {
    const rows = this.rows;
    this.reset();
    this.shrunk();
    this.rows = rows;
  }

  /** Each group's hash of its keys (see `KeyIndex.mixHashes`), a key at a time through one buffer of key ids. */
  private groupHashes(n: number): Int32Array {
    const hashes = new Int32Array(n);
    const tuples = this.tuples;
    if (tuples === null) {
      // One key (or none): a group's id is its key's id.
      for (const index of this.keyIndexes) index.mixHashes(null, hashes, n);
      return hashes;
    }
    const ids = new Int32Array(n);
    this.keyIndexes.forEach((index, k) => index.mixHashes(tuples.keyColumn(k, 0, n, null, ids), hashes, n));
    return hashes;
  }

  /** `exportCompact` of the groups `groups` alone, in that order (see `spill` for `whole` and `scratch`). */
  private exportGroups(groups: Int32Array, whole: readonly (StateData | null)[], scratch: { remap: Int32Array; keyIds: Int32Array[] }): CompactPartial {
    const m = groups.length;
    const firstSeen = new Float64Array(m);
    for (let j = 0; j < m; j++) firstSeen[j] = this.firstSeen[groups[j]];
    const ids = this.tuples === null ? [groups] : this.tuples.keyColumnsOf(groups, scratch.keyIds);
    return {
      version: 'compact-1',
      numGroups: m,
      keys: this.keyIndexes.map((index, k) => index.vectorOf(ids[k], m, scratch.remap)),
      keyDTypes: this.keyIndexes.map((k) => k.dtype ?? null),
      firstSeen,
      states: this.states.map((s, j) => s.exportGroups?.(groups) ?? takeState(whole[j] as StateData, groups, this.groups)),
    };
  }
}

/** Bytes of a partial's buffers: what spilling it writes, about. */
function compactBytes(p: CompactPartial): number {
  let n = 0;
  for (const b of compactBuffers(p)) n += b.byteLength;
  return n;
}

/**
 * Groups expected after `total` rows, given `groups` after `rows` and new groups coming at `rate` per row now.
 * New groups slow down as the keys run out: with keys drawn from K values, groups after r rows are
 * K(1 - e^(-r/K)) and the rate is 1 - groups/K, so K = groups / (1 - rate). A straight line at the current rate
 * (what a key unique per row gives) is the upper bound: at 1e8 rows over a million keys it projected 6e7 groups
 * and sized the states for them (1.8 GB where 110 MB held every group).
 */
export function projectGroups(groups: number, rate: number, rows: number, total: number): number {
  const linear = groups + rate * (total - rows);
  if (!(rate < 1)) return linear;
  const keys = groups / (1 - rate);
  return Math.max(groups, Math.min(linear, keys * (1 - Math.exp(-total / keys))));
}

/**
 * The order of groups [0, n) by first appearance, or null when it is theirs already. That is the common case after
 * a merge: the calling thread reads the input's first split, so its groups come first and in order, and a worker's
 * new ones follow in its order; skipping the sort (and gathering every result column by it) saved 40-60 ms of q3's
 * 1e5 groups, run once, cold. Positions are distinct non-negative integers (below 2^53), so an LSD radix sort on
 * 16-bit digits does it in a few linear passes (a comparator sort of millions of groups takes seconds); digits every
 * position shares are skipped.
 */
export function argsortPositions(positions: Float64Array, n: number): Int32Array | null {
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = positions[i - 1] < positions[i];
  if (sorted) return null;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = positions[i];
    if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v))) {
      return order.sort((a, b) => positions[a] - positions[b]);
    }
    if (v > max) max = v;
  }
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = positions[i];
    hi[i] = Math.floor(v / 2 ** 32);
    lo[i] = v - hi[i] * 2 ** 32;
  }
  let tmp = new Int32Array(n);
  const counts = new Int32Array(1 << 16);
  const digits = max >= 2 ** 32 ? 4 : 2;
  for (let d = 0; d < digits; d++) {
    const words = d < 2 ? lo : hi;
    const shift = (d & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(words[i] >>> shift) & 0xffff]++;
    if (counts[(words[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let b = 0; b < counts.length; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const i = order[j];
      tmp[counts[(words[i] >>> shift) & 0xffff]++] = i;
    }
    const t = order;
    order = tmp;
    tmp = t;
  }
  return order;
}
