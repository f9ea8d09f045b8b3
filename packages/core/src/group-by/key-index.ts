import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, NumberColumn, Utf8Column, type Value } from '../column.js';
import { Dictionary } from '../dictionary.js';
import type { DType } from '../dtype.js';
import { hashBytes } from '../utf8.js';
import { growArray } from '../aggregates/state-arrays.js';

const KIND_NULL = 0;
const KIND_NUMBER = 1;
const KIND_STRING = 2;
const KIND_BIGINT = 3;
const KIND_BOOL = 4;
const EMPTY = -1;

/**
 * Dense ids for the distinct values of one key column, in order of first appearance. Strings are
 * interned from their bytes into a Dictionary; a categorical chunk maps its codes through a per-dictionary
 * table, so a categorical key costs one array lookup per row (DuckDB's perfect hash). Numbers use an
 * open-addressing table over float64 keys; nulls form one group, as pandas' dropna=False and DuckDB do.
 */
export class KeyIndex {
  private kinds = new Uint8Array(16);
  private refs = new Float64Array(16);
  private bigs: bigint[] = [];
  private count = 0;
  private nullId = -1;
  private nanId = -1;
  private readonly boolIds = [-1, -1];
  private readonly strings = new Dictionary();
  private stringIds = new Int32Array(16).fill(EMPTY);
  private readonly remaps = new Map<Dictionary, Int32Array>();
  private numKeys = new Float64Array(64);
  private numSlots = new Int32Array(64).fill(EMPTY);
  private numCount = 0;
  private readonly bigIds = new Map<bigint, number>();
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);
  dtype: DType | undefined;

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    let remaps = 0;
    for (const r of this.remaps.values()) remaps += r.byteLength;
    return (
      this.kinds.byteLength +
      this.refs.byteLength +
      this.strings.byteLength +
      this.stringIds.byteLength +
      remaps +
      this.numKeys.byteLength +
      this.numSlots.byteLength +
      this.bigIds.size * 48
    );
  }

  /** Writes the key id of rows [0, rows) of `column` into `out`. */
  ids(column: Column, out: Int32Array, rows: number): void {
    if (column.nullCount < column.length || this.dtype === undefined) this.dtype = column.dtype;
    const bits = column.validity;
    if (column instanceof CategoricalColumn) {
      const remap = this.remapFor(column.dictionary);
      const codes = column.codes;
      for (let i = 0; i < rows; i++) {
        if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) {
          out[i] = this.idOfNull();
          continue;
        }
        const code = codes[i];
        let id = remap[code];
        if (id === EMPTY) {
          const bytes = column.dictionary.bytesOf(code);
          id = this.idOfBytes(bytes, 0, bytes.length);
          remap[code] = id;
        }
        out[i] = id;
      }
      return;
    }
    if (column instanceof NumberColumn) {
      const values = column.values;
      for (let i = 0; i < rows; i++) {
        out[i] = bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0 ? this.idOfNull() : this.idOfNumber(values[i], KIND_NUMBER);
      }
      return;
    }
    if (column instanceof Utf8Column) {
      const { offsets, data } = column;
      for (let i = 0; i < rows; i++) {
        out[i] = bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0 ? this.idOfNull() : this.idOfBytes(data, offsets[i], offsets[i + 1]);
      }
      return;
    }
    if (column instanceof BoolColumn) {
      for (let i = 0; i < rows; i++) {
        out[i] = !column.isValid(i) ? this.idOfNull() : this.idOfBool((column.values[i >>> 3] >>> (i & 7)) & 1);
      }
      return;
    }
    const bigColumn = column as BigIntColumn;
    for (let i = 0; i < rows; i++) out[i] = bigColumn.isValid(i) ? this.idOfBigInt(bigColumn.values[i]) : this.idOfNull();
  }

  /** The id of a plain value (used when merging partial states that carry key values). */
  idOf(value: Value): number {
    if (value === null) return this.idOfNull();
    switch (typeof value) {
      case 'number':
        return this.idOfNumber(value, KIND_NUMBER);
      case 'boolean':
        return this.idOfBool(value ? 1 : 0);
      case 'bigint':
        return this.idOfBigInt(value);
      default: {
        const bytes = new TextEncoder().encode(value);
        return this.idOfBytes(bytes, 0, bytes.length);
      }
    }
  }

  value(id: number): Value {
    switch (this.kinds[id]) {
      case KIND_NULL:
        return null;
      case KIND_NUMBER:
        return this.refs[id];
      case KIND_BOOL:
        return this.refs[id] !== 0;
      case KIND_BIGINT:
        return this.bigs[this.refs[id]];
      default:
        return this.strings.get(this.refs[id]);
    }
  }

  private newId(kind: number, ref: number): number {
    const id = this.count++;
    if (id >= this.kinds.length) {
      this.kinds = growArray(this.kinds, id + 1);
      this.refs = growArray(this.refs, id + 1);
    }
    this.kinds[id] = kind;
    this.refs[id] = ref;
    return id;
  }

  private idOfNull(): number {
    if (this.nullId < 0) this.nullId = this.newId(KIND_NULL, 0);
    return this.nullId;
  }

  private idOfBytes(bytes: Uint8Array, start: number, end: number): number {
    const code = this.strings.internBytes(bytes, start, end, hashBytes(bytes, start, end));
    if (code >= this.stringIds.length) this.stringIds = growArray(this.stringIds, code + 1, EMPTY);
    let id = this.stringIds[code];
    if (id === EMPTY) {
      id = this.newId(KIND_STRING, code);
      this.stringIds[code] = id;
    }
    return id;
  }

  private idOfBool(bit: number): number {
    if (this.boolIds[bit] < 0) this.boolIds[bit] = this.newId(KIND_BOOL, bit);
    return this.boolIds[bit];
  }

  private remapFor(dict: Dictionary): Int32Array {
    let remap = this.remaps.get(dict);
    if (remap === undefined || remap.length < dict.size) {
      // The source dictionary grows across chunks; known codes keep their ids.
      const grown = new Int32Array(Math.max(16, dict.size * 2)).fill(EMPTY);
      if (remap !== undefined) grown.set(remap);
      remap = grown;
      this.remaps.set(dict, remap);
    }
    return remap;
  }

  private idOfNumber(v: number, kind: number): number {
    if (v !== v) {
      if (this.nanId < 0) this.nanId = this.newId(KIND_NUMBER, NaN);
      return this.nanId;
    }
    // -0 and 0 are one key (they compare equal).
    const key = v === 0 ? 0 : v;
    this.f64[0] = key;
    let h = Math.imul(this.u32[0] ^ Math.imul(this.u32[1], 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    const mask = this.numSlots.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.numSlots[slot];
      if (id === EMPTY) break;
      if (this.numKeys[id] === key) return this.refsIdOf(id);
      slot = (slot + 1) & mask;
    }
    const entry = this.numCount++;
    if (entry >= this.numKeys.length) this.numKeys = growArray(this.numKeys, entry + 1);
    this.numKeys[entry] = key;
    this.numSlots[slot] = entry;
    this.numIdOf = growArray(this.numIdOf, entry + 1);
    const id = this.newId(kind, v);
    this.numIdOf[entry] = id;
    if (this.numCount * 2 > this.numSlots.length) this.rehashNumbers();
    return id;
  }

  private numIdOf = new Int32Array(64);

  private refsIdOf(entry: number): number {
    return this.numIdOf[entry];
  }

  private rehashNumbers(): void {
    const slots = new Int32Array(this.numSlots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let e = 0; e < this.numCount; e++) {
      this.f64[0] = this.numKeys[e];
      let h = Math.imul(this.u32[0] ^ Math.imul(this.u32[1], 0x9e3779b1), 0x85ebca6b);
      h ^= h >>> 15;
      let slot = h & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = e;
    }
    this.numSlots = slots;
  }

  private idOfBigInt(v: bigint): number {
    let id = this.bigIds.get(v);
    if (id === undefined) {
      this.bigs.push(v);
      id = this.newId(KIND_BIGINT, this.bigs.length - 1);
      this.bigIds.set(v, id);
    }
    return id;
  }
}
