import { bitmapByteLength } from '../bitmap.js';
import { BigIntColumn, BoolColumn, type Column, NumberColumn } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import { BYTE_WIDTH, isFloatDType, narrowestIntDType } from '../dtype.js';
import { newNumberArray } from '../new-number-array.js';
import type { AggregateState, StateData } from './aggregate-function.js';
import { firstGroups, gatherList, growArray, numericValues } from './state-arrays.js';
import { addSums } from './sum-kernel.js';

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
  readonly flat = true;
  /**
   * Three float64s per group, side by side: the sum, its Neumaier compensation and the count. One
   * row's update then touches one cache line instead of three arrays (it matters with 1e5+ groups).
   */
  private st = new Float64Array(0);
  private carry: bigint[] | null = null;
  private integral = true;
  private bound = 0;
  private groups = 0;

  constructor(private readonly output: 'sum' | 'mean') {}

  get byteLength(): number {
    return this.st.byteLength + (this.carry === null ? 0 : this.carry.length * 32);
  }

  resize(numGroups: number): void {
    this.st = growArray(this.st, 3 * numGroups);
    this.groups = Math.max(this.groups, numGroups);
    if (this.carry !== null) while (this.carry.length < this.st.length / 3) this.carry.push(0n);
  }

  update(column: Column | null, gids: Int32Array, rows: number): void {
    if (column === null) return;
    const bits = column.validity;
    if (column instanceof BigIntColumn) return this.updateBigInt(column, gids, rows);
    const floats = column instanceof NumberColumn && isFloatDType(column.dtype);
    if (floats) this.toFloat();
    const values = numericValues(column, this.output);
    const st = this.st;
    if (!this.integral) {
      if (bits !== null) addCompensatedValid(st, values, gids, rows, bits);
      else if (!addSums(true, st, this.groups, values, gids, rows)) addCompensated(st, values, gids, rows);
      return;
    }
    const width = BYTE_WIDTH[column.dtype] ?? 8;
    const maxAbs = column instanceof BoolColumn ? 1 : 2 ** (8 * width - 1);
    if (this.bound + maxAbs * rows >= EXACT) this.carryOut();
    this.bound += maxAbs * rows;
    if (bits !== null) addExactValid(st, values, gids, rows, bits);
    else if (!addSums(false, st, this.groups, values, gids, rows)) addExact(st, values, gids, rows);
  }

  private updateBigInt(column: BigIntColumn, gids: Int32Array, rows: number): void {
    const bits = column.validity;
    const st = this.st;
    if (!this.integral) {
      for (let i = 0; i < rows; i++) {
        if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
        st[3 * gids[i]] += Number(column.values[i]);
        st[3 * gids[i] + 2]++;
      }
      return;
    }
    const carry = this.ensureCarry();
    for (let i = 0; i < rows; i++) {
      if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
      carry[gids[i]] += column.values[i];
      st[3 * gids[i] + 2]++;
    }
  }

  private ensureCarry(): bigint[] {
    if (this.carry === null) this.carry = Array.from({ length: this.st.length / 3 }, () => 0n);
    return this.carry;
  }

  /** Moves the float64 partial sums into the exact per-group BigInts. */
  private carryOut(): void {
    const carry = this.ensureCarry();
    for (let g = 0; g < this.groups; g++) {
      if (this.st[3 * g] !== 0) {
        carry[g] += BigInt(this.st[3 * g]);
        this.st[3 * g] = 0;
      }
    }
    this.bound = 0;
  }

  private toFloat(): void {
    if (!this.integral) return;
    this.integral = false;
    if (this.carry !== null) {
      for (let g = 0; g < this.groups; g++) this.st[3 * g] += Number(this.carry[g]);
      this.carry = null;
    }
  }

  export(numGroups: number): StateData {
    return this.exportGroups(firstGroups(numGroups));
  }

  clear(): void {
    this.st.fill(0);
    this.carry = null;
    this.integral = true;
    this.bound = 0;
    this.groups = 0;
  }

  exportGroups(groups: Int32Array): StateData {
    const n = groups.length;
    const acc = new Float64Array(n);
    const comp = new Float64Array(n);
    const counts = new Float64Array(n);
    const st = this.st;
    for (let j = 0; j < n; j++) {
      const g = groups[j];
      acc[j] = st[3 * g];
      comp[j] = st[3 * g + 1];
      counts[j] = st[3 * g + 2];
    }
    return { integral: this.integral, acc, comp, counts, carry: this.carry === null ? null : gatherList(this.carry, groups) };
  }

  merge(data: StateData, gidMap: Int32Array): void {
    const acc = data.acc as Float64Array;
    const comp = data.comp as Float64Array;
    const counts = data.counts as Float64Array;
    const carry = data.carry as bigint[] | null;
    if (!(data.integral as boolean)) this.toFloat();
    const st = this.st;
    if (this.integral) {
      // Partial sums that cannot pass 2^52 together add exactly in float64, as `update` adds rows (no BigInt per group:
      // a worker's 1e5-group partial merged in 220 ms that way, and left the result on the BigInt path).
      if (carry === null) {
        const most = largestMagnitude(acc);
        if (this.bound + most < EXACT) {
          addPartials(st, acc, counts, gidMap);
          this.bound += most;
          return;
        }
      }
      // Else exactness across partial states: carry both sides into BigInts.
      const mine = this.ensureCarry();
      this.carryOut();
      for (let g = 0; g < acc.length; g++) {
        const t = gidMap[g];
        mine[t] += BigInt(acc[g]) + (carry === null ? 0n : carry[g]);
        st[3 * t + 2] += counts[g];
      }
      return;
    }
    for (let g = 0; g < acc.length; g++) {
      const b = 3 * gidMap[g];
      st[b] += acc[g] + (carry === null ? 0 : Number(carry[g]));
      st[b + 1] += comp[g];
      st[b + 2] += counts[g];
    }
  }

  finalize(numGroups: number): Column {
    const ranges = this.finalizeRanges(numGroups);
    if (ranges !== null) return ranges(0, numGroups);
    const start = 0;
    const end = numGroups;
    const st = this.st;
    if (this.output === 'mean') {
      const b = new ColumnBuilder({ name: 'mean', dtype: 'float64' });
      for (let g = start; g < end; g++) {
        const count = st[3 * g + 2];
        b.append(count === 0 ? null : this.total(g) / count);
      }
      return b.finish();
    }
    if (!this.integral) {
      const b = new ColumnBuilder({ name: 'sum', dtype: 'float64' });
      for (let g = start; g < end; g++) b.append(st[3 * g + 2] === 0 ? null : st[3 * g] + st[3 * g + 1]);
      return b.finish();
    }
    const exact: (bigint | null)[] = [];
    let overflow = false;
    for (let g = start; g < end; g++) {
      if (st[3 * g + 2] === 0) {
        exact.push(null);
        continue;
      }
      const s = BigInt(st[3 * g]) + (this.carry === null ? 0n : this.carry[g]);
      if (s < INT64_MIN || s > INT64_MAX) overflow = true;
      exact.push(s);
    }
    // Beyond int64 the column is promoted to float64: the magnitude survives, nothing wraps.
    const b = new ColumnBuilder({ name: 'sum', dtype: overflow ? 'float64' : undefined });
    for (const s of exact) b.append(s === null ? null : overflow ? Number(s) : s);
    return b.finish();
  }

  finalizeRanges(numGroups: number): ((start: number, end: number) => Column) | null {
    // Every total is exact in a float64 without a BigInt carry: typed arrays are filled directly.
    if (this.carry !== null || numGroups === 0) return null;
    const st = this.st;
    const mean = this.output === 'mean';
    let dtype: 'int8' | 'int16' | 'int32' | 'int64' | 'float64' = 'float64';
    if (!mean && this.integral) {
      let min = Infinity;
      let max = -Infinity;
      for (let b = 0; b < 3 * numGroups; b += 3) {
        if (st[b + 2] === 0) continue;
        if (st[b] < min) min = st[b];
        if (st[b] > max) max = st[b];
      }
      // All empty (the builder's inference) or past int32: the general path.
      if (min > max) return null;
      dtype = narrowestIntDType(min, max);
      if (dtype === 'int64') return null;
    }
    const integral = this.integral;
    return (start, end) => {
      const n = end - start;
      let validity: Uint8Array | null = null;
      for (let j = 0, b = 3 * start + 2; j < n; j++, b += 3) {
        if (st[b] > 0) continue;
        validity ??= new Uint8Array(bitmapByteLength(n)).fill(0xff);
        validity[j >>> 3] &= ~(1 << (j & 7));
      }
      if (validity !== null && n > 0) validity[(n - 1) >>> 3] &= (1 << (((n - 1) & 7) + 1)) - 1;
      const out = newNumberArray(dtype as 'float64', n);
      if (integral) for (let j = 0, b = 3 * start; j < n; j++, b += 3) out[j] = st[b + 2] === 0 ? 0 : mean ? st[b] / st[b + 2] : st[b];
      else for (let j = 0, b = 3 * start; j < n; j++, b += 3) out[j] = st[b + 2] === 0 ? 0 : mean ? (st[b] + st[b + 1]) / st[b + 2] : st[b] + st[b + 1];
      return new NumberColumn(dtype as 'float64', out, validity);
    };
  }

  private total(g: number): number {
    if (this.integral) return Number(BigInt(this.st[3 * g]) + (this.carry === null ? 0n : this.carry[g]));
    return this.st[3 * g] + this.st[3 * g + 1];
  }
}

// The kernels are free functions, one per case, so that each sees few array types (a float column's
// Float64Array here, an int column's Int8Array there) and stays monomorphic in V8.

/** Neumaier-compensated sums and counts into (sum, compensation, count) triples (exported: the kernel's reference). */
export function addCompensated(st: Float64Array, values: ArrayLike<number>, gids: Int32Array, rows: number): void {
  for (let i = 0; i < rows; i++) {
    const b = 3 * gids[i];
    const v = values[i];
    const s = st[b];
    const t = s + v;
    st[b + 1] += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    st[b] = t;
    st[b + 2]++;
  }
}

function addCompensatedValid(st: Float64Array, values: ArrayLike<number>, gids: Int32Array, rows: number, bits: Uint8Array): void {
  for (let i = 0; i < rows; i++) {
    if (((bits[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
    const b = 3 * gids[i];
    const v = values[i];
    const s = st[b];
    const t = s + v;
    st[b + 1] += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    st[b] = t;
    st[b + 2]++;
  }
}

/** The largest magnitude in `xs` (0 when empty). */
function largestMagnitude(xs: Float64Array): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    const a = Math.abs(xs[i]);
    if (a > m) m = a;
  }
  return m;
}

/** Another state's exact integer sums and counts, added group by group (`gidMap`: their group to ours). */
function addPartials(st: Float64Array, acc: Float64Array, counts: Float64Array, gidMap: Int32Array): void {
  for (let g = 0; g < acc.length; g++) {
    const b = 3 * gidMap[g];
    st[b] += acc[g];
    st[b + 2] += counts[g];
  }
}

/** Integer sums (exact while the bound holds) and counts (exported: the kernel's reference). */
export function addExact(st: Float64Array, values: ArrayLike<number>, gids: Int32Array, rows: number): void {
  for (let i = 0; i < rows; i++) {
    const b = 3 * gids[i];
    st[b] += values[i];
    st[b + 2]++;
  }
}

function addExactValid(st: Float64Array, values: ArrayLike<number>, gids: Int32Array, rows: number, bits: Uint8Array): void {
  for (let i = 0; i < rows; i++) {
    if (((bits[i >>> 3] >>> (i & 7)) & 1) === 0) continue;
    const b = 3 * gids[i];
    st[b] += values[i];
    st[b + 2]++;
  }
}
