import { Chunk } from '../chunk.js';
import { NumberColumn } from '../column.js';
import type { Dictionary } from '../dictionary.js';
import { DfError } from '../errors/df-error.js';
import { HIDDEN } from '../group-by/lower-aggregation.js';
import { OperatorSource } from '../plan/operator-source.js';
import { jobGovernor } from '../runtime/job-governor.js';
import { currentRuntime } from '../runtime/runtime.js';
import type { ChunkSpillArea } from '../runtime/spill-store.js';
import type { ScanOptions, ScanSource } from '../scan-source.js';
import { Schema } from '../schema.js';
import { SortSource } from '../sort/sort-source.js';
import { takeColumn } from '../take.js';
import { hashKeyRows } from './key-hash.js';
import { UNIQUE_KEEPS, type UniqueKeep, type UniqueOptions } from './unique-options.js';
import { UniqueRows } from './unique-rows.js';

/** The input position carried by spilled rows of 'first'/'any', to give their output back in input order. */
const POSITION = `${HIDDEN}pos`;
/** Share of the budget the key set (and buffered rows) may take before rows go to partitions. */
const STATE_SHARE = 1 / 3;

/**
 * Rows with distinct values of `keys` (null equals null, as SQL's DISTINCT and Polars), itself a source.
 *
 * 'first' and 'any' stream: a row goes out when its key is new, so the output keeps input order. 'last' and 'none'
 * need the whole input: the chunks are buffered with their key ids and the kept rows go out at the end, in input
 * order. When the key set (with 'last'/'none', the buffered input) outgrows a third of the job's budget, rows are cut
 * into partitions by a hash of their key and spilled; each partition is then finished alone. With 'last' and 'none'
 * the output is then in partition order (input order within a partition), not input order. With 'first'/'any' the
 * keys already given are spilled first as markers, every later row carries its input position, and the rows each
 * partition keeps are sorted back into input order (through the external sort when they do not fit).
 */
export class UniqueSource extends OperatorSource {
  readonly keep: UniqueKeep;

  constructor(
    input: ScanSource,
    readonly subset: readonly string[] | undefined,
    readonly options: UniqueOptions = {},
  ) {
    super(input);
    this.keep = options.keep ?? 'any';
    if (!UNIQUE_KEEPS.includes(this.keep)) throw new DfError('usage', `unique: keep must be one of ${UNIQUE_KEEPS.join(', ')}, got '${String(this.keep)}'`);
  }

  explainLines(): string[] {
    const on = this.subset === undefined ? '*' : this.subset.join(', ');
    return this.stepOverInput(`UNIQUE ON ${on} (keep ${this.keep})`);
  }

  async schema(): Promise<Schema> {
    const schema = await this.input.schema();
    for (const k of this.subset ?? []) schema.field(k);
    return schema;
  }

  async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
    const schema = await this.schema();
    const keys = this.subset ?? schema.names;
    const wanted = options.columns ?? schema.names;
    const need = [...new Set([...wanted, ...keys])];
    const select = (c: Chunk): Chunk => (c.schema.names.length === wanted.length && c.schema.names.every((n, i) => n === wanted[i]) ? c : c.select(wanted));
    // The job's budget: the key set holds what its reservation (1 / STATE_SHARE times its bytes) is granted.
    const governor = jobGovernor(options.governor, this.options.memoryLimit);
    const held = governor.reserve('unique keys');
    const store = this.options.spillStore ?? currentRuntime().spillStore;
    const partitions = this.options.partitions ?? 16;
    const hashes = new Map<Dictionary, Int32Array>();
    let area: ChunkSpillArea | undefined;
    const spill = (chunk: Chunk): void => {
      const h = hashKeyRows(
        keys.map((k) => chunk.column(k)),
        chunk.numRows,
        hashes,
      );
      const parts = Array.from({ length: partitions }, () => [] as number[]);
      for (let i = 0; i < chunk.numRows; i++) parts[(h[i] >>> 0) % partitions].push(i);
      parts.forEach((rows, p) => {
        if (rows.length === 0) return;
        const idx = Int32Array.from(rows);
        const part = new Chunk(
          chunk.schema,
          chunk.columns.map((c) => takeColumn(c, idx)),
        );
        (area as ChunkSpillArea).append(p, part);
        governor.noteSpill(part.byteLength);
      });
    };
    try {
      if (this.keep === 'first' || this.keep === 'any') {
        let state: UniqueRows | undefined = new UniqueRows(keys, 'first');
        // Key columns of the rows given so far: the markers a spill starts with.
        let given: Chunk[] = [];
        let givenBytes = 0;
        let position = 0;
        for await (const chunk of this.input.scan({ columns: need, governor })) {
          if (state !== undefined) {
            const out = state.firstRows(chunk);
            position += chunk.numRows;
            if (out === undefined) continue;
            yield select(out);
            // Without a spill store (no runtime installed) the key set stays in memory whatever the budget.
            if (store === undefined) {
              held.force(state.byteLength / STATE_SHARE);
              continue;
            }
            const k = out.select(keys);
            given.push(k);
            givenBytes += k.byteLength;
            if (held.resize((state.byteLength + givenBytes) / STATE_SHARE)) continue;
            area = store.createChunks(partitions);
            for (const g of given) spill(withPosition(g, -1));
            const freed = state.byteLength + givenBytes;
            held.resize(0);
            // Unreferenced before the collection `dropped` may start.
            state = undefined;
            given = [];
            governor.dropped(freed);
            continue;
          }
          spill(withPosition(chunk, position));
          position += chunk.numRows;
        }
        if (area === undefined) return;
        const spilled = area;
        const kept = this.partitionsFirst(spilled, keys, partitions);
        const sorted = new SortSource(kept, { keys: [{ column: POSITION }], labels: [POSITION] }, { ...this.options, chunkSize: this.options.chunkSize }, [POSITION]);
        for await (const c of sorted.scan({ governor })) yield select(c);
        return;
      }
      let state: UniqueRows | undefined = new UniqueRows(keys, this.keep);
      for await (const chunk of this.input.scan({ columns: need, governor })) {
        if (state === undefined) {
          spill(chunk);
          continue;
        }
        state.add(chunk);
        // Without a spill store (no runtime installed) the key set stays in memory whatever the budget (`keep` is
        // then true; the second test tells the type checker so).
        if (held.keep(state.byteLength / STATE_SHARE, store !== undefined) || store === undefined) continue;
        area = store.createChunks(partitions);
        for (const c of state.bufferedChunks()) spill(c);
        const freed = state.byteLength;
        held.resize(0);
        // Unreferenced before the collection `dropped` may start.
        state = undefined;
        governor.dropped(freed);
      }
      if (state !== undefined) {
        for (const c of state.finish()) yield select(c);
        return;
      }
      for (let p = 0; p < partitions; p++) {
        const part = new UniqueRows(keys, this.keep);
        for (const c of (area as ChunkSpillArea).read(p)) part.add(c);
        for (const c of part.finish()) yield select(c);
      }
    } finally {
      area?.dispose();
      held.release();
    }
  }

  /** A source of the rows each partition keeps ('first'), with their positions; markers (position -1) first. */
  private partitionsFirst(area: ChunkSpillArea, keys: readonly string[], partitions: number): ScanSource {
    const input = this.input;
    return {
      description: input.description,
      schema: async () => {
        const s = await input.schema();
        return new Schema([...s.fields, { name: POSITION, dtype: 'float64' }]);
      },
      scan: () => ({
        async *[Symbol.asyncIterator]() {
          for (let p = 0; p < partitions; p++) {
            const part = new UniqueRows(keys, 'first');
            for (const c of area.read(p)) {
              const out = part.firstRows(c);
              // A marker is a key given before the spill: it only makes later rows of that key not new.
              if (out !== undefined && (out.column(POSITION) as NumberColumn).values[0] >= 0) yield out;
            }
          }
        },
      }),
    };
  }
}

/** The chunk with its rows' input positions (from `first`; -1 for markers) as a last column. */
function withPosition(chunk: Chunk, first: number): Chunk {
  const positions = new Float64Array(chunk.numRows);
  if (first < 0) positions.fill(-1);
  else for (let i = 0; i < positions.length; i++) positions[i] = first + i;
  return new Chunk(new Schema([...chunk.schema.fields, { name: POSITION, dtype: 'float64' }]), [...chunk.columns, new NumberColumn('float64', positions)]);
}
