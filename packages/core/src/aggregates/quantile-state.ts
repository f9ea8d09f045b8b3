import type { Column } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import { DfError } from '../errors/df-error.js';
import type { AggregateState, StateData } from './aggregate-function.js';
import { firstGroups, numericValues } from './state-arrays.js';

/**
 * Exact quantiles: every non-null value of a group is kept (8 bytes each in a growing Float64Array)
 * and sorted at the end. Linear interpolation between the two nearest ranks, as pandas, Polars
 * (`interpolation='linear'`) and DuckDB's `quantile_cont` do. NaN sorts last.
 */
export class QuantileState implements AggregateState {
  private lists: (Float64Array | undefined)[] = [];
  private lengths: number[] = [];
  private held = 0;

  constructor(private readonly q: number) {
    if (!(q >= 0 && q <= 1)) throw new DfError('usage', `quantile must be in [0, 1], got ${q}`);
  }

  get byteLength(): number {
    return this.held * 8 + this.lists.length * 16;
  }

  resize(numGroups: number): void {
    while (this.lengths.length < numGroups) this.lengths.push(0);
    if (this.lists.length < numGroups) this.lists.length = numGroups;
  }

  update(column: Column | null, gids: Int32Array, rows: number): void {
    if (column === null) return;
    const values = numericValues(column, 'quantile');
    const bits = column.validity;
    for (let i = 0; i < rows; i++) {
      if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
      this.push(gids[i], values[i]);
    }
  }

  private push(g: number, v: number): void {
    let list = this.lists[g];
    const n = this.lengths[g];
    if (list === undefined || n === list.length) {
      const grown = new Float64Array(Math.max(8, n * 2));
      if (list !== undefined) grown.set(list);
      this.held += grown.length - (list?.length ?? 0);
      list = grown;
      this.lists[g] = list;
    }
    list[n] = v;
    this.lengths[g] = n + 1;
  }

  export(numGroups: number): StateData {
    return this.exportGroups(firstGroups(numGroups));
  }

  exportGroups(groups: Int32Array): StateData {
    return { lists: Array.from(groups, (g) => this.lists[g]?.slice(0, this.lengths[g]) ?? new Float64Array(0)) };
  }

  merge(data: StateData, gidMap: Int32Array): void {
    (data.lists as Float64Array[]).forEach((list, g) => {
      for (let i = 0; i < list.length; i++) this.push(gidMap[g], list[i]);
    });
  }

  finalize(numGroups: number): Column {
    const b = new ColumnBuilder({ name: 'quantile', dtype: 'float64' });
    for (let g = 0; g < numGroups; g++) {
      const n = this.lengths[g] ?? 0;
      const list = this.lists[g];
      if (n === 0 || list === undefined) {
        b.append(null);
        continue;
      }
      // Float64Array.sort orders numerically with NaN last.
      const sorted = list.subarray(0, n).sort();
      const pos = this.q * (n - 1);
      const lo = Math.floor(pos);
      const hi = Math.ceil(pos);
      b.append(lo === hi ? sorted[lo] : sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo));
    }
    return b.finish();
  }
}
