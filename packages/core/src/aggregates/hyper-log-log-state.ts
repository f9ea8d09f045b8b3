import type { Column } from '../column.js';
import { ColumnBuilder } from '../column-builder.js';
import type { AggregateState, StateData } from './aggregate-function.js';
import { firstGroups } from './state-arrays.js';

/** 2^P registers of one byte per group. */
const P = 10;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/** The relative standard error of the estimate: 1.04 / sqrt(2^P). */
export const APPROX_N_UNIQUE_ERROR = 1.04 / Math.sqrt(M);

/**
 * Approximate distinct counts with HyperLogLog (Flajolet et al.): a fixed 1 KiB of registers per group
 * whatever the number of values, merged by register-wise max; small counts use linear counting.
 */
export class HyperLogLogState implements AggregateState {
  private registers = new Uint8Array(0);
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);

  get byteLength(): number {
    return this.registers.byteLength;
  }

  resize(numGroups: number): void {
    if (numGroups * M <= this.registers.length) return;
    const grown = new Uint8Array(Math.max(numGroups, (this.registers.length / M) * 2) * M);
    grown.set(this.registers);
    this.registers = grown;
  }

  update(column: Column | null, gids: Int32Array, rows: number): void {
    if (column === null) return;
    for (let i = 0; i < rows; i++) {
      const v = column.get(i);
      if (v === null) continue;
      this.add(gids[i], this.hash(v));
    }
  }

  private add(g: number, h: number): void {
    const index = h >>> (32 - P);
    const rest = (h << P) >>> 0;
    const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    const at = g * M + index;
    if (rank > this.registers[at]) this.registers[at] = rank;
  }

  private hash(v: number | bigint | string | boolean): number {
    let h = 0x811c9dc5;
    if (typeof v === 'number') {
      this.f64[0] = v === 0 ? 0 : v;
      h = Math.imul(h ^ this.u32[0], 0x01000193);
      h = Math.imul(h ^ this.u32[1], 0x01000193);
    } else {
      // Hash UTF-16 units straight from the string: no bytes are made per value.
      const text = typeof v === 'string' ? v : `${typeof v}:${v}`;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    }
    // FNV's low bits mix poorly: finish with murmur3's avalanche.
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }

  export(numGroups: number): StateData {
    return this.exportGroups(firstGroups(numGroups));
  }

  exportGroups(groups: Int32Array): StateData {
    return { registers: Array.from(groups, (g) => this.registers.slice(g * M, (g + 1) * M)) };
  }

  merge(data: StateData, gidMap: Int32Array): void {
    (data.registers as Uint8Array[]).forEach((regs, g) => {
      const base = gidMap[g] * M;
      for (let j = 0; j < M; j++) if (regs[j] > this.registers[base + j]) this.registers[base + j] = regs[j];
    });
  }

  finalize(numGroups: number): Column {
    const b = new ColumnBuilder({ name: 'approx_n_unique' });
    for (let g = 0; g < numGroups; g++) {
      let sum = 0;
      let zeros = 0;
      for (let j = 0; j < M; j++) {
        const r = this.registers[g * M + j];
        sum += 2 ** -r;
        if (r === 0) zeros++;
      }
      const raw = (ALPHA * M * M) / sum;
      b.append(Math.round(raw <= 2.5 * M && zeros > 0 ? M * Math.log(M / zeros) : raw));
    }
    return b.finish();
  }
}
