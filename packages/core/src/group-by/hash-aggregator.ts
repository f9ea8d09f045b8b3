import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { AggregateFunction, AggregateState } from '../aggregates/aggregate-function.js';
import { growArray } from '../aggregates/state-arrays.js';
import { getAggregate } from '../aggregates/registry.js';
import { Chunk } from '../chunk.js';
import type { Column, Value } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import { DEFAULT_CHUNK_SIZE } from '../data-frame.js';
import type { DType } from '../dtype.js';
import { Schema } from '../schema.js';
import type { AggSpec } from './agg-spec.js';
import { KeyIndex } from './key-index.js';
import { type PartialAggregate, takePartial } from './partial-aggregate.js';
import { makeTempDir, removeTempDir } from './temp-files.js';
import { TupleTable } from './tuple-table.js';
import { takeColumn } from '../take.js';

export interface HashAggregatorOptions {
  /** Bytes the group states may hold before they are spilled to disk (default: half the free memory). */
  readonly memoryLimit?: number;
  /** Number of spill partitions (radix of the key hash). */
  readonly partitions?: number;
  readonly chunkSize?: number;
  /**
   * Instead of spilling, hand the partial states over and start afresh (a worker thread sends them to
   * the thread that merges, which spills if it must).
   */
  readonly flush?: (partial: PartialAggregate) => void;
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
 * grow as groups appear. When the states outgrow `memoryLimit`, they are cut into partitions by key hash
 * and spilled to temp files; `finish` then merges one partition at a time.
 */
export class HashAggregator {
  private readonly fns: AggregateFunction[];
  private keyIndexes: KeyIndex[] = [];
  private tuples: TupleTable | null = null;
  private states: AggregateState[] = [];
  private firstSeen = new Float64Array(0);
  private groups = 0;
  private rows = 0;
  private merged = false;
  private spillDir: string | null = null;
  private spillFiles: number[] = [];
  private spills = 0;
  private keyIds: Int32Array[] = [];
  private gids = new Int32Array(0);
  readonly memoryLimit: number;
  private readonly partitions: number;
  private readonly chunkSize: number;
  private inputDTypes: (DType | undefined)[];
  private readonly flush: ((partial: PartialAggregate) => void) | undefined;

  constructor(
    readonly keys: readonly string[],
    readonly aggs: readonly AggSpec[],
    options: HashAggregatorOptions = {},
    inputSchema?: Schema,
  ) {
    this.fns = aggs.map((a) => getAggregate(a.fn));
    this.fns.forEach((fn, j) => {
      if (fn.needsInput && aggs[j].column === null) throw new Error(`aggregate '${fn.name}' needs a column`);
    });
    this.memoryLimit = options.memoryLimit ?? defaultMemoryLimit();
    this.partitions = options.partitions ?? 16;
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.flush = options.flush;
    this.inputDTypes = aggs.map((a) => (a.column !== null && inputSchema?.has(a.column) ? inputSchema.field(a.column).dtype : undefined));
    this.reset();
  }

  get stats(): AggregatorStats {
    return { groups: this.groups, rows: this.rows, bytes: this.byteLength, spills: this.spills };
  }

  /** Bytes held by key tables and states. */
  get byteLength(): number {
    let n = this.firstSeen.byteLength + (this.tuples?.byteLength ?? 0);
    for (const k of this.keyIndexes) n += k.byteLength;
    for (const s of this.states) n += s.byteLength;
    return n;
  }

  /** Folds one chunk in; `firstRow` is its first row's position in the input. */
  consume(chunk: Chunk, firstRow = this.rows): void {
    const rows = chunk.numRows;
    if (rows === 0) return;
    const gids = this.groupIds(this.keys.map((k) => chunk.column(k)), rows, firstRow);
    this.resizeStates();
    for (let j = 0; j < this.fns.length; j++) {
      const name = this.aggs[j].column;
      const column = name === null ? null : chunk.column(name);
      if (column !== null && this.inputDTypes[j] === undefined) this.inputDTypes[j] = column.dtype;
      this.states[j].update(column, gids, rows, firstRow);
    }
    this.rows += rows;
    if (this.byteLength > this.memoryLimit && this.groups > 1) {
      if (this.flush !== undefined) this.flushOut();
      else this.spill();
    }
  }

  /** Sends everything held so far to `flush` and starts afresh. */
  flushOut(): void {
    if (this.flush === undefined) throw new Error('flushOut needs a flush callback');
    const partial = this.export();
    const rows = this.rows;
    this.reset();
    this.rows = rows;
    this.flush(partial);
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
    this.merged = true;
    const keyIds = this.keys.map((_, k) => {
      const ids = new Int32Array(n);
      for (let g = 0; g < n; g++) ids[g] = this.keyIndexes[k].idOf(partial.keys[k][g]);
      return ids;
    });
    const gidMap = this.combine(keyIds, n);
    this.resizeStates();
    for (let g = 0; g < n; g++) {
      const t = gidMap[g];
      if (partial.firstSeen[g] < this.firstSeen[t]) this.firstSeen[t] = partial.firstSeen[g];
    }
    this.states.forEach((s, j) => s.merge(partial.states[j], gidMap));
    if (this.byteLength > this.memoryLimit && this.groups > 1) this.spill();
  }

  /** The result chunks: keys first, then aggregates; groups in order of first appearance. */
  *finish(): Generator<Chunk> {
    if (this.spillDir === null) {
      yield* this.emit();
      return;
    }
    const dir = this.spillDir;
    try {
      this.spill();
      for (let p = 0; p < this.partitions; p++) {
        const part = new HashAggregator(this.keys, this.aggs, { memoryLimit: Infinity, chunkSize: this.chunkSize });
        part.inputDTypes = this.inputDTypes;
        for (const partial of readFrames(join(dir, `p${p}`))) part.merge(partial);
        yield* part.emit();
      }
    } finally {
      for (const fd of this.spillFiles) closeSync(fd);
      this.spillFiles = [];
      removeTempDir(dir);
      this.spillDir = null;
    }
  }

  /** Output schema given the input schema. */
  static outputSchema(keys: readonly string[], aggs: readonly AggSpec[], input: Schema): Schema {
    return new Schema([
      ...keys.map((k) => input.field(k)),
      ...aggs.map((a) => ({ name: a.name, dtype: getAggregate(a.fn).outputDType(a.column === null ? undefined : input.field(a.column).dtype) })),
    ]);
  }

  /** Drops every temp file of an unfinished job. */
  dispose(): void {
    for (const fd of this.spillFiles) closeSync(fd);
    this.spillFiles = [];
    if (this.spillDir !== null) removeTempDir(this.spillDir);
    this.spillDir = null;
  }

  private *emit(): Generator<Chunk> {
    const n = this.groups;
    let order: Int32Array | null = null;
    if (this.merged) {
      order = Int32Array.from({ length: n }, (_, i) => i);
      const seen = this.firstSeen;
      order.sort((a, b) => seen[a] - seen[b]);
    }
    const keyColumns = this.keys.map((_, k) => {
      const index = this.keyIndexes[k];
      const dtype = index.dtype;
      const b = new ColumnBuilder({ name: this.keys[k], dtype: dtype === 'float32' ? 'float64' : dtype });
      for (let g = 0; g < n; g++) b.append(this.keyValue(g, k));
      return b.finish();
    });
    const aggColumns = this.states.map((s) => s.finalize(n));
    let columns: Column[] = [...keyColumns, ...aggColumns];
    if (order !== null) columns = columns.map((c) => takeColumn(c, order as Int32Array));
    const names = [...this.keys, ...this.aggs.map((a) => a.name)];
    const schema = new Schema(names.map((name, j) => ({ name, dtype: columns[j].dtype })));
    if (n === 0) {
      yield new Chunk(schema, columns);
      return;
    }
    for (let start = 0; start < n; start += this.chunkSize) {
      const end = Math.min(n, start + this.chunkSize);
      yield new Chunk(schema, columns.map((c) => (start === 0 && end === n ? c : c.slice(start, end))));
    }
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
      this.tuples.groupIds(keyIds, out, rows);
      this.groups = this.tuples.size;
    }
    this.firstSeen = growArray(this.firstSeen, this.groups, Infinity);
    return out;
  }

  private resizeStates(): void {
    for (const s of this.states) s.resize(this.groups);
  }

  private reset(): void {
    this.keyIndexes = this.keys.map(() => new KeyIndex());
    this.tuples = this.keys.length > 1 ? new TupleTable(this.keys.length) : null;
    this.states = this.fns.map((fn, j) => fn.create(this.inputDTypes[j], this.aggs[j].options ?? {}));
    this.firstSeen = new Float64Array(0);
    this.groups = 0;
    this.keyIds = [];
    this.gids = new Int32Array(0);
  }

  /** Cuts the in-memory groups into partitions by key hash, appends each to its file, and starts afresh. */
  private spill(): void {
    if (this.spillDir === null) {
      this.spillDir = makeTempDir('df-stream-spill-');
      for (let p = 0; p < this.partitions; p++) this.spillFiles.push(openSync(join(this.spillDir, `p${p}`), 'a'));
    }
    const partial = this.export();
    const buckets: number[][] = Array.from({ length: this.partitions }, () => []);
    for (let g = 0; g < partial.numGroups; g++) {
      buckets[keyHash(partial.keys, g) % this.partitions].push(g);
    }
    buckets.forEach((members, p) => {
      if (members.length === 0) return;
      const frame = serialize(takePartial(partial, Int32Array.from(members)));
      const header = Buffer.alloc(8);
      header.writeDoubleLE(frame.length);
      writeSync(this.spillFiles[p], header);
      writeSync(this.spillFiles[p], frame);
    });
    this.spills++;
    const rows = this.rows;
    this.reset();
    this.rows = rows;
  }
}

function* readFrames(path: string): Generator<PartialAggregate> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    const header = Buffer.alloc(8);
    let pos = 0;
    while (readSync(fd, header, 0, 8, pos) === 8) {
      const len = header.readDoubleLE(0);
      const frame = Buffer.alloc(len);
      readSync(fd, frame, 0, len, pos + 8);
      pos += 8 + len;
      yield deserialize(frame) as PartialAggregate;
    }
  } finally {
    closeSync(fd);
  }
}

/** A hash of a group's key values that is the same in every partial (it cannot use local ids). */
function keyHash(keys: Value[][], g: number): number {
  let h = 0x811c9dc5;
  for (const column of keys) {
    const s = String(column[g]) + (column[g] === null ? '\u0000' : '');
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  h ^= h >>> 16;
  return (h >>> 0) & 0x7fffffff;
}

function defaultMemoryLimit(): number {
  // Half of what is free leaves room for the reader, the output and V8's own heap.
  return Math.max(64 * 2 ** 20, Math.floor(freeMemory() / 2));
}

function freeMemory(): number {
  return (globalThis as { process?: { availableMemory?: () => number } }).process?.availableMemory?.() ?? 2 ** 31;
}


