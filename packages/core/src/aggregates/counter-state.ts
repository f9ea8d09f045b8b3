import { type Column, NumberColumn } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import type { AggregateState, StateData } from './aggregate-function.js';
import { growArray, narrowIntColumn } from './state-arrays.js';

export type CountMode = 'rows' | 'non-null' | 'null';

/** Per-group counts of rows, of non-null values, or of nulls: the state of the three counting aggregates. */
export class CounterState implements AggregateState {
  private counts = new Float64Array(0);

  constructor(private readonly mode: CountMode) {}

  get byteLength(): number {
    return this.counts.byteLength;
  }

  resize(numGroups: number): void {
    this.counts = growArray(this.counts, numGroups);
  }

  update(column: Column | null, gids: Int32Array, rows: number): void {
    const counts = this.counts;
    const bits = column?.validity ?? null;
    if (this.mode === 'rows' || bits === null) {
      if (this.mode !== 'null') for (let i = 0; i < rows; i++) counts[gids[i]]++;
      return;
    }
    const wantValid = this.mode === 'non-null' ? 1 : 0;
    for (let i = 0; i < rows; i++) if (((bits[i >>> 3] >>> (i & 7)) & 1) === wantValid) counts[gids[i]]++;
  }

  export(numGroups: number): StateData {
    return { counts: this.counts.slice(0, numGroups) };
  }

  merge(data: StateData, gidMap: Int32Array): void {
    const counts = data.counts as Float64Array;
    for (let g = 0; g < counts.length; g++) this.counts[gidMap[g]] += counts[g];
  }

  finalize(numGroups: number): Column {
    const direct = numGroups === 0 ? null : narrowIntColumn(this.counts, numGroups, null);
    if (direct !== null) return direct;
    const b = new ColumnBuilder({ name: 'count' });
    for (let g = 0; g < numGroups; g++) b.append(this.counts[g]);
    const col = b.finish();
    return numGroups === 0 ? new NumberColumn('int32', new Int32Array(0)) : col;
  }
}
