import { type Column, NumberColumn } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import { narrowestIntDType } from '../dtype.js';
import { newNumberArray } from '../new-number-array.js';
import type { AggregateState, StateData } from './aggregate-function.js';
import { gather, growArray } from './state-arrays.js';

export type CountMode = 'rows' | 'non-null' | 'null';

/** Per-group counts of rows, of non-null values, or of nulls: the state of the three counting aggregates. */
export class CounterState implements AggregateState {
  readonly flat = true;
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

  exportGroups(groups: Int32Array): StateData {
    return { counts: gather(this.counts, groups) };
  }

  clear(): void {
    this.counts.fill(0);
  }

  merge(data: StateData, gidMap: Int32Array): void {
    const counts = data.counts as Float64Array;
    for (let g = 0; g < counts.length; g++) this.counts[gidMap[g]] += counts[g];
  }

  finalizeRanges(numGroups: number): ((start: number, end: number) => Column) | null {
    if (numGroups === 0) return null;
    let max = 0;
    for (let g = 0; g < numGroups; g++) if (this.counts[g] > max) max = this.counts[g];
    // Counts are never negative: [0, max] gives the dtype a builder infers from [min, max].
    const dtype = narrowestIntDType(0, max);
    if (dtype === 'int64') return null;
    const counts = this.counts;
    return (start, end) => {
      const out = newNumberArray(dtype, end - start);
      out.set(counts.subarray(start, end));
      return new NumberColumn(dtype, out);
    };
  }

  finalize(numGroups: number): Column {
    const direct = this.finalizeRanges(numGroups);
    if (direct !== null) return direct(0, numGroups);
    const b = new ColumnBuilder({ name: 'count' });
    for (let g = 0; g < numGroups; g++) b.append(this.counts[g]);
    const col = b.finish();
    return numGroups === 0 ? new NumberColumn('int32', new Int32Array(0)) : col;
  }
}
