import { BigIntColumn, BoolColumn, type Column, NumberColumn } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import { BYTE_WIDTH, isFloatDType } from '../dtype.js';
import type { AggregateState, StateData } from './aggregate-function.js';
import { growArray, narrowIntColumn, numericValues, validityOfCounts } from './state-arrays.js';

/** Below this every partial sum of integers is exact in a float64. */
const EXACT = 2 ** 52;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Per-group sums and counts. Integer sums are exact: they accumulate in float64 while a bound on
 * every group's magnitude stays below 2^52, and are carried into a BigInt64 per group before it would
 * not; a sum beyond int64 promotes the result to float64 rather than wrap. Float sums use Neumaier's
 * compensated summation so that a mean does not drift on long inputs.
 */
export class SumState implements AggregateState {
  private acc = new Float64Array(0);
  private comp = new Float64Array(0);
  private counts = new Float64Array(0);
  private carry: bigint[] | null = null;
  private integral = true;
  private bound = 0;
  private groups = 0;

  constructor(private readonly output: 'sum' | 'mean') {}

  get byteLength(): number {
    return this.acc.byteLength + this.comp.byteLength + this.counts.byteLength + (this.carry === null ? 0 : this.carry.length * 32);
  }

  resize(numGroups: number): void {
    this.acc = growArray(this.acc, numGroups);
    this.comp = growArray(this.comp, numGroups);
    this.counts = growArray(this.counts, numGroups);
    this.groups = Math.max(this.groups, numGroups);
    if (this.carry !== null) while (this.carry.length < this.acc.length) this.carry.push(0n);
  }

  update(column: Column | null, gids: Int32Array, rows: number): void {
    if (column === null) return;
    const bits = column.validity;
    const counts = this.counts;
    if (column instanceof BigIntColumn) return this.updateBigInt(column, gids, rows);
    const floats = column instanceof NumberColumn && isFloatDType(column.dtype);
    if (floats) this.toFloat();
    const values = column instanceof BoolColumn ? numericValues(column, this.output) : numericValues(column, this.output);
    const acc = this.acc;
    if (!this.integral) {
      const comp = this.comp;
      for (let i = 0; i < rows; i++) {
        if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
        const g = gids[i];
        const v = values[i];
        const s = acc[g];
        const t = s + v;
        comp[g] += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
        acc[g] = t;
        counts[g]++;
      }
      return;
    }
    const width = BYTE_WIDTH[column.dtype] ?? 8;
    const maxAbs = column instanceof BoolColumn ? 1 : 2 ** (8 * width - 1);
    if (this.bound + maxAbs * rows >= EXACT) this.carryOut();
    this.bound += maxAbs * rows;
    if (bits === null) {
      for (let i = 0; i < rows; i++) {
        const g = gids[i];
        acc[g] += values[i];
        counts[g]++;
      }
    } else {
      for (let i = 0; i < rows; i++) {
        if (((bits[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
        const g = gids[i];
        acc[g] += values[i];
        counts[g]++;
      }
    }
  }

  private updateBigInt(column: BigIntColumn, gids: Int32Array, rows: number): void {
    const bits = column.validity;
    if (!this.integral) {
      for (let i = 0; i < rows; i++) {
        if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
        this.acc[gids[i]] += Number(column.values[i]);
        this.counts[gids[i]]++;
      }
      return;
    }
    const carry = this.ensureCarry();
    for (let i = 0; i < rows; i++) {
      if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
      carry[gids[i]] += column.values[i];
      this.counts[gids[i]]++;
    }
  }

  private ensureCarry(): bigint[] {
    if (this.carry === null) this.carry = Array.from({ length: this.acc.length }, () => 0n);
    return this.carry;
  }

  /** Moves the float64 partial sums into the exact per-group BigInts. */
  private carryOut(): void {
    const carry = this.ensureCarry();
    for (let g = 0; g < this.groups; g++) {
      if (this.acc[g] !== 0) {
        carry[g] += BigInt(this.acc[g]);
        this.acc[g] = 0;
      }
    }
    this.bound = 0;
  }

  private toFloat(): void {
    if (!this.integral) return;
    this.integral = false;
    if (this.carry !== null) {
      for (let g = 0; g < this.groups; g++) this.acc[g] += Number(this.carry[g]);
      this.carry = null;
    }
  }

  export(numGroups: number): StateData {
    return {
      integral: this.integral,
      acc: this.acc.slice(0, numGroups),
      comp: this.comp.slice(0, numGroups),
      counts: this.counts.slice(0, numGroups),
      carry: this.carry === null ? null : this.carry.slice(0, numGroups),
    };
  }

  merge(data: StateData, gidMap: Int32Array): void {
    const acc = data.acc as Float64Array;
    const comp = data.comp as Float64Array;
    const counts = data.counts as Float64Array;
    const carry = data.carry as bigint[] | null;
    if (!(data.integral as boolean)) this.toFloat();
    if (this.integral) {
      // Exactness across partial states: carry both sides into BigInts.
      const mine = this.ensureCarry();
      this.carryOut();
      for (let g = 0; g < acc.length; g++) {
        const t = gidMap[g];
        mine[t] += BigInt(acc[g]) + (carry === null ? 0n : carry[g]);
        this.counts[t] += counts[g];
      }
      return;
    }
    for (let g = 0; g < acc.length; g++) {
      const t = gidMap[g];
      this.acc[t] += acc[g] + (carry === null ? 0 : Number(carry[g]));
      this.comp[t] += comp[g];
      this.counts[t] += counts[g];
    }
  }

  finalize(numGroups: number): Column {
    if (this.carry === null && numGroups > 0) {
      // Every total is exact in a float64 here (no BigInt carry): fill typed arrays directly.
      const n = numGroups;
      const { acc, comp, counts } = this;
      const validity = validityOfCounts(counts, n);
      if (this.output === 'mean' || !this.integral) {
        const out = new Float64Array(n);
        if (this.output === 'mean') {
          if (this.integral) for (let g = 0; g < n; g++) out[g] = counts[g] === 0 ? 0 : acc[g] / counts[g];
          else for (let g = 0; g < n; g++) out[g] = counts[g] === 0 ? 0 : (acc[g] + comp[g]) / counts[g];
        } else for (let g = 0; g < n; g++) out[g] = counts[g] === 0 ? 0 : acc[g] + comp[g];
        return new NumberColumn('float64', out, validity);
      }
      const direct = narrowIntColumn(acc, n, validity);
      if (direct !== null) return direct;
    }
    if (this.output === 'mean') {
      const b = new ColumnBuilder({ name: 'mean', dtype: 'float64' });
      for (let g = 0; g < numGroups; g++) {
        const n = this.counts[g];
        b.append(n === 0 ? null : this.total(g) / n);
      }
      return b.finish();
    }
    if (!this.integral) {
      const b = new ColumnBuilder({ name: 'sum', dtype: 'float64' });
      for (let g = 0; g < numGroups; g++) b.append(this.counts[g] === 0 ? null : this.acc[g] + this.comp[g]);
      return b.finish();
    }
    const exact: (bigint | null)[] = [];
    let overflow = false;
    for (let g = 0; g < numGroups; g++) {
      if (this.counts[g] === 0) {
        exact.push(null);
        continue;
      }
      const s = BigInt(this.acc[g]) + (this.carry === null ? 0n : this.carry[g]);
      if (s < INT64_MIN || s > INT64_MAX) overflow = true;
      exact.push(s);
    }
    // Beyond int64 the column is promoted to float64: the magnitude survives, nothing wraps.
    const b = new ColumnBuilder({ name: 'sum', dtype: overflow ? 'float64' : undefined });
    for (const s of exact) b.append(s === null ? null : overflow ? Number(s) : s);
    return b.finish();
  }

  private total(g: number): number {
    if (this.integral) return Number(BigInt(this.acc[g]) + (this.carry === null ? 0n : this.carry[g]));
    return this.acc[g] + this.comp[g];
  }
}
