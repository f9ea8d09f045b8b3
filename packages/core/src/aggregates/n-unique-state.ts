import type { Column } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import type { AggregateState, StateData } from './aggregate-function.js';
import { firstGroups } from './state-arrays.js';

type Key = number | bigint | string | boolean;

/**
 * Exact count of distinct non-null values per group: a Set per group, so memory grows with the number
 * of distinct (group, value) pairs — about 40 bytes each for numbers, more for long strings.
 * NaN counts as one value (SameValueZero).
 */
export class NUniqueState implements AggregateState {
  private sets: (Set<Key> | undefined)[] = [];
  private entries = 0;

  get byteLength(): number {
    return this.sets.length * 8 + this.entries * 40;
  }

  resize(numGroups: number): void {
    if (this.sets.length < numGroups) this.sets.length = numGroups;
  }

  update(column: Column | null, gids: Int32Array, rows: number): void {
    if (column === null) return;
    for (let i = 0; i < rows; i++) {
      const v = column.get(i);
      if (v === null) continue;
      this.add(gids[i], v);
    }
  }

  private add(g: number, v: Key): void {
    let set = this.sets[g];
    if (set === undefined) {
      set = new Set();
      this.sets[g] = set;
    }
    const before = set.size;
    set.add(v);
    this.entries += set.size - before;
  }

  export(numGroups: number): StateData {
    return this.exportGroups(firstGroups(numGroups));
  }

  exportGroups(groups: Int32Array): StateData {
    // Dense, one list per group: `sets` has holes (groups without a value), which map() would keep and a
    // partition's scatter would turn into undefined entries.
    return { sets: Array.from(groups, (g) => (this.sets[g] === undefined ? [] : [...(this.sets[g] as Set<Key>)])) };
  }

  merge(data: StateData, gidMap: Int32Array): void {
    const sets = data.sets as Key[][];
    sets.forEach((values, g) => {
      for (const v of values) this.add(gidMap[g], v);
    });
  }

  finalize(numGroups: number): Column {
    const b = new ColumnBuilder({ name: 'n_unique' });
    for (let g = 0; g < numGroups; g++) b.append(this.sets[g]?.size ?? 0);
    return b.finish();
  }
}
