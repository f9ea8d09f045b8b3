import type { Column } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import type { AggregateState, StateData } from './aggregate-function.js';
import { gather, growArray, numericValues } from './state-arrays.js';

/**
 * Welford's running mean and sum of squared deviations per group, merged with Chan et al.'s formula:
 * numerically stable where the textbook `E[x^2] - E[x]^2` cancels. Sample (n - 1) variance, as pandas,
 * Polars and DuckDB's `var`; a group with fewer than two values gives null.
 */
export class VarianceState implements AggregateState {
  readonly flat = true;
  private n = new Float64Array(0);
  private mean = new Float64Array(0);
  private m2 = new Float64Array(0);

  constructor(private readonly output: 'var' | 'std') {}

  get byteLength(): number {
    return this.n.byteLength + this.mean.byteLength + this.m2.byteLength;
  }

  resize(numGroups: number): void {
    this.n = growArray(this.n, numGroups);
    this.mean = growArray(this.mean, numGroups);
    this.m2 = growArray(this.m2, numGroups);
  }

  update(column: Column | null, gids: Int32Array, rows: number): void {
    if (column === null) return;
    const values = numericValues(column, this.output);
    const bits = column.validity;
    const { n, mean, m2 } = this;
    for (let i = 0; i < rows; i++) {
      if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
      const g = gids[i];
      const x = values[i];
      const count = ++n[g];
      const delta = x - mean[g];
      mean[g] += delta / count;
      m2[g] += delta * (x - mean[g]);
    }
  }

  export(numGroups: number): StateData {
    return { n: this.n.slice(0, numGroups), mean: this.mean.slice(0, numGroups), m2: this.m2.slice(0, numGroups) };
  }

  clear(): void {
    this.n.fill(0);
    this.mean.fill(0);
    this.m2.fill(0);
  }

  exportGroups(groups: Int32Array): StateData {
    return { n: gather(this.n, groups), mean: gather(this.mean, groups), m2: gather(this.m2, groups) };
  }

  merge(data: StateData, gidMap: Int32Array): void {
    const n = data.n as Float64Array;
    const mean = data.mean as Float64Array;
    const m2 = data.m2 as Float64Array;
    for (let g = 0; g < n.length; g++) {
      if (n[g] === 0) continue;
      const t = gidMap[g];
      const na = this.n[t];
      const total = na + n[g];
      const delta = mean[g] - this.mean[t];
      this.mean[t] += (delta * n[g]) / total;
      this.m2[t] += m2[g] + (delta * delta * na * n[g]) / total;
      this.n[t] = total;
    }
  }

  finalize(numGroups: number): Column {
    const b = new ColumnBuilder({ name: this.output, dtype: 'float64' });
    for (let g = 0; g < numGroups; g++) {
      const count = this.n[g];
      if (count < 2) b.append(null);
      else {
        const v = this.m2[g] / (count - 1);
        b.append(this.output === 'std' ? Math.sqrt(v) : v);
      }
    }
    return b.finish();
  }
}
