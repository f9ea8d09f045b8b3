import type { Column, Value } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import type { DType } from '../dtype.js';
import type { AggregateState, StateData } from './aggregate-function.js';
import { gather, gatherList, growArray } from './state-arrays.js';

/**
 * The first or last value of each group in input order, nulls included (DuckDB's `first`/`last`).
 * Each group keeps its value and its input position, so partial states merge by position.
 */
export class FirstLastState implements AggregateState {
  readonly flat = true;
  private position = new Float64Array(0);
  private values: Value[] = [];
  private dtype: DType | undefined;

  constructor(
    private readonly mode: 'first' | 'last',
    input: DType | undefined,
  ) {
    this.dtype = input;
  }

  get byteLength(): number {
    return this.position.byteLength + this.values.length * 16;
  }

  resize(numGroups: number): void {
    const old = this.position.length;
    this.position = growArray(this.position, numGroups);
    this.position.fill(this.mode === 'first' ? Infinity : -Infinity, old);
  }

  update(column: Column | null, gids: Int32Array, rows: number, firstRow: number): void {
    if (column === null) return;
    if (column.nullCount < column.length) this.dtype = column.dtype;
    const pos = this.position;
    if (this.mode === 'first') {
      for (let i = 0; i < rows; i++) {
        const g = gids[i];
        if (firstRow + i < pos[g]) {
          pos[g] = firstRow + i;
          this.values[g] = column.get(i);
        }
      }
    } else {
      for (let i = 0; i < rows; i++) {
        const g = gids[i];
        if (firstRow + i > pos[g]) {
          pos[g] = firstRow + i;
          this.values[g] = column.get(i);
        }
      }
    }
  }

  export(numGroups: number): StateData {
    return { dtype: this.dtype, position: this.position.slice(0, numGroups), values: this.values.slice(0, numGroups) };
  }

  clear(): void {
    this.position.fill(this.mode === 'first' ? Infinity : -Infinity);
    this.values = [];
  }

  exportGroups(groups: Int32Array): StateData {
    return { dtype: this.dtype, position: gather(this.position, groups), values: gatherList(this.values, groups) };
  }

  merge(data: StateData, gidMap: Int32Array): void {
    const position = data.position as Float64Array;
    const values = data.values as Value[];
    if (this.dtype === undefined) this.dtype = data.dtype as DType | undefined;
    for (let g = 0; g < position.length; g++) {
      const t = gidMap[g];
      const p = position[g];
      if (this.mode === 'first' ? p < this.position[t] : p > this.position[t]) {
        this.position[t] = p;
        this.values[t] = values[g] ?? null;
      }
    }
  }

  finalize(numGroups: number): Column {
    const dtype = this.dtype === 'categorical' || this.dtype === 'utf8' ? undefined : this.dtype;
    const b = new ColumnBuilder({ name: this.mode, dtype: dtype === 'float32' ? 'float64' : dtype });
    for (let g = 0; g < numGroups; g++) b.append(this.values[g] ?? null);
    return b.finish();
  }
}
