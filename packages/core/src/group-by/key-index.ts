import { growArray } from '../aggregates/state-arrays.js';
import { bitmapByteLength } from '../bitmap.js';
import { type BigIntColumn, BoolColumn, CategoricalColumn, type Column, codeArrayFor, NumberColumn, Utf8Column, type Value } from '../column.js';
import { Dictionary } from '../dictionary.js';
import { type DType, INT_RANGES, type IntDType, isIntegerDType, type NumberArray } from '../dtype.js';
import { newNumberArray } from '../new-number-array.js';
import { hashBytes } from '../utf8.js';
import type { KeyDict, KeyVector } from './partial-aggregate.js';

const KIND_NULL = 0;
const KIND_NUMBER = 1;
const KIND_STRING = 2;
const KIND_BIGINT = 3;
const KIND_BOOL = 4;
const EMPTY = -1;
/** Integer keys in [0, SMALL_INTS) map to ids through a direct table (at most 4 MB). */
const SMALL_INTS = 1 << 20;

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
  private strings = new Dictionary();
  /**
   * The first categorical column's dictionary, taken as this index's own (`strings`) while every string key comes
   * from it: its codes are the string codes, so a new key costs no hash and no copy of its bytes, and the reader's
   * table is the only one (a million 12-byte keys cost 36 MB more in a second table). It belongs to the reader,
   * which appends to it: it is never written here. A key from anywhere else that it holds takes its code there; the
   * first one it lacks makes a copy with the same codes (`ownStrings`).
   */
  private adopted: Dictionary | null = null;
  private stringIds = new Int32Array(16).fill(EMPTY);
  private readonly remaps = new Map<Dictionary, Int32Array>();
  private numKeys = new Float64Array(64);
  private numSlots = new Int32Array(64).fill(EMPTY);
  private numCount = 0;
  private readonly bigIds = new Map<bigint, number>();
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);
  /** One bit per KIND_* that has an id. */
  private kindMask = 0;
  /**
   * Whether every id so far is a string's whose code in `strings` is the id itself: so it stays while the codes are
   * met in the order the reader's dictionary gave them (first appearance), from whatever source, and no null.
   */
  private codesAreIds = true;
  /** The keys [0, fitUpTo) fit `fitDType` (see `keysFit`). */
  private fitDType: DType | undefined;
  private fitUpTo = 0;
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
      (this.adopted === null ? this.strings.byteLength : 0) +
      this.stringIds.byteLength +
      remaps +
      this.numKeys.byteLength +
      this.numSlots.byteLength +
      this.numIdOf.byteLength +
      this.smallIds.byteLength +
      this.bigIds.size * 48
    );
  }

  /**
   * Bytes of the readers' dictionaries this index keeps (the one it uses as its own, and every one its remaps are
   * keyed by: a second reader of the same input, another file), with the index each reader keeps beside its
   * dictionary while it reads: the readers' memory, not counted in `byteLength`.
   */
  get adoptedBytes(): number {
    let n = 0;
    // A dictionary is adopted only as its first chunk is remapped: it is among the remaps' keys.
    for (const dictionary of this.remaps.keys()) n += dictionary.byteLength + dictionary.readerIndexBytes;
    return n;
  }

  /** Writes the key id of rows [0, rows) of `column` into `out`. */
  ids(column: Column, out: Int32Array, rows: number): void {
    if (column.nullCount < column.length || this.dtype === undefined) this.dtype = column.dtype;
    const bits = column.validity;
    if (column instanceof CategoricalColumn) {
      if (this.strings.size === 0 && this.adopted === null) this.adopted = this.strings = column.dictionary;
      const remap = this.remapFor(column.dictionary);
      const codes = column.codes;
      const own = this.adopted === column.dictionary;
      if (own && bits === null && this.codesAreIds && this.codesInOrder(codes, rows, remap)) {
        // The ids are the codes: copied natively, with no lookup a row.
        out.set(codes.subarray(0, rows));
        return;
      }
      for (let i = 0; i < rows; i++) {
        if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) {
          out[i] = this.idOfNull();
          continue;
        }
        const code = codes[i];
        let id = remap[code];
        if (id === EMPTY) {
          if (own) id = this.idOfCode(code);
          else {
            const bytes = column.dictionary.bytesOf(code);
            id = this.idOfBytes(bytes, 0, bytes.length);
          }
          remap[code] = id;
        }
        out[i] = id;
      }
      return;
    }
    if (column instanceof NumberColumn) {
      const values = column.values;
      let direct = this.smallIds;
      for (let i = 0; i < rows; i++) {
        if (bits !== null && ((bits[i >>> 3] >>> (i & 7)) & 1) === 0) {
          out[i] = this.idOfNull();
          continue;
        }
        const v = values[i];
        // Small non-negative integers (the usual integer key) index a direct table: no hashing.
        if (v >>> 0 === v && v < SMALL_INTS) {
          if (v >= direct.length) direct = this.smallIds = growArray(direct, v + 1, EMPTY);
          let id = direct[v];
          if (id === EMPTY) id = direct[v] = this.idOfNumber(v, KIND_NUMBER);
          out[i] = id;
        } else out[i] = this.idOfNumber(v, KIND_NUMBER);
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

  /**
   * Whether codes [0, rows) keep the ids equal to the codes (`codesAreIds`): each code either has its id already or
   * is the next one, met in order, as a reader gives codes to the rows it reads. If so, the new ones get their ids
   * (in that order, so id == code) and true; else nothing changes (a code skipped, as when a filter dropped rows the
   * reader coded: the general loop then gives ids in order of appearance).
   */
  private codesInOrder(codes: ArrayLike<number>, rows: number, remap: Int32Array): boolean {
    const known = this.count;
    let next = known;
    for (let i = 0; i < rows; i++) {
      const code = codes[i];
      if (code < next) continue;
      if (code !== next) return false;
      next++;
    }
    for (let code = known; code < next; code++) remap[code] = this.idOfCode(code);
    return true;
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
        const code = this.adopted?.lookup(value) ?? -1;
        return this.idOfCode(code >= 0 ? code : this.ownStrings().intern(value));
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

  /** The dictionary of string keys (codes are `refs` of string ids). */
  get stringDictionary(): Dictionary {
    return this.strings;
  }

  /**
   * The key column of `n` groups whose key ids are `ids[g]` (or `first + g` when `ids` is null), built
   * straight from the index's storage: string keys share the index's dictionary (no string is decoded),
   * numbers are copied into a typed array. Null when the keys need the general path (mixed kinds,
   * bools, bigints, a dtype the values do not fit).
   */
  column(ids: Int32Array | null, n: number, first = 0): Column | null {
    const dtype = this.dtype;
    if (dtype === undefined || n === 0) return null;
    const mask = this.kindMask & ~(1 << KIND_NULL);
    const kinds = this.kinds;
    const refs = this.refs;
    let validity: Uint8Array | null = null;
    if (this.nullId >= 0) {
      validity = new Uint8Array(bitmapByteLength(n));
      for (let g = 0; g < n; g++) {
        const id = ids === null ? first + g : ids[g];
        if (kinds[id] !== KIND_NULL) validity[g >>> 3] |= 1 << (g & 7);
      }
    }
    if (mask === 1 << KIND_STRING && dtype === 'categorical') {
      const codes = codeArrayFor(this.strings.size, n);
      this.gatherRefs(ids, n, first, codes);
      return new CategoricalColumn(codes, this.strings, validity);
    }
    if (mask === 1 << KIND_STRING && dtype === 'utf8') {
      const from = this.strings.valueOffsets;
      const bytes = this.strings.valueBytes;
      const offsets = new Int32Array(n + 1);
      let size = 0;
      for (let g = 0; g < n; g++) {
        const id = ids === null ? first + g : ids[g];
        if (kinds[id] === KIND_STRING) size += from[refs[id] + 1] - from[refs[id]];
        offsets[g + 1] = size;
      }
      const data = new Uint8Array(size);
      for (let g = 0; g < n; g++) {
        const id = ids === null ? first + g : ids[g];
        if (kinds[id] === KIND_STRING) data.set(bytes.subarray(from[refs[id]], from[refs[id] + 1]), offsets[g]);
      }
      return new Utf8Column(offsets, data, validity);
    }
    if (mask === 1 << KIND_NUMBER && (isIntegerDType(dtype) || dtype === 'float32' || dtype === 'float64' || dtype === 'date')) {
      if (dtype === 'int64') return null;
      // Values outside the dtype (a key column that changed dtype between chunks): the general path.
      if (!this.keysFit(dtype)) return null;
      const out = newNumberArray(dtype === 'float32' ? 'float64' : dtype, n);
      this.gatherRefs(ids, n, first, out);
      return new NumberColumn(dtype === 'float32' ? 'float64' : (dtype as 'float64'), out, validity);
    }
    return null;
  }

  /**
   * `out[g] = refs[id]` for the ids of `n` groups (`first + g` when `ids` is null): a plain gather, or a native copy
   * for consecutive ids. The index's keys are of one kind here (the caller checked `kindMask`) but the null id, whose
   * ref is 0 (`idOfNull`): a null group gets 0, as the column's other null rows. (A test of each key's kind and range
   * per group cost 12 ns a key in q10's output of 1e7 groups of 6 keys: 733 ms.)
   */
  private gatherRefs(ids: Int32Array | null, n: number, first: number, out: NumberArray): void {
    const refs = this.refs;
    if (ids === null) out.set(refs.subarray(first, first + n));
    else for (let g = 0; g < n; g++) out[g] = refs[ids[g]];
  }

  /**
   * Whether every number key fits `dtype` (an integer dtype's range, whole numbers; date as int32; floats always),
   * checked once per key: the keys checked for a dtype are remembered, as `column` is asked chunk by chunk.
   */
  private keysFit(dtype: DType): boolean {
    const range = isIntegerDType(dtype) ? INT_RANGES[dtype as IntDType] : dtype === 'date' ? INT_RANGES.int32 : null;
    if (range === null) return true;
    if (this.fitDType !== dtype) {
      this.fitDType = dtype;
      this.fitUpTo = 0;
    }
    const lo = Number(range[0]);
    const hi = Number(range[1]);
    const kinds = this.kinds;
    const refs = this.refs;
    for (let id = this.fitUpTo; id < this.count; id++) {
      const v = refs[id];
      if (kinds[id] === KIND_NUMBER && !(v >= lo && v <= hi && Number.isInteger(v))) return false;
    }
    this.fitUpTo = this.count;
    return true;
  }

  /** The keys of `n` groups whose key ids are `ids[g]` (or `g`), in the compact form of spills and workers. */
  vector(ids: Int32Array | null, n: number): KeyVector {
    let codes = ids;
    if (codes === null) {
      codes = new Int32Array(n);
      for (let g = 0; g < n; g++) codes[g] = g;
    }
    return { dict: this.dict(null), size: this.count, nullCode: this.nullId, codes };
  }

  /**
   * As `vector`, with a dictionary of only the keys `ids` uses: one spill partition's piece carries its own keys,
   * not every key of the index. `scratch` holds -1 for every id (at least `size` of them) and is left so.
   */
  vectorOf(ids: Int32Array, n: number, scratch: Int32Array): KeyVector {
    const used: number[] = [];
    for (let g = 0; g < n; g++) {
      const id = ids[g];
      if (scratch[id] < 0) {
        scratch[id] = used.length;
        used.push(id);
      }
    }
    const codes = used.length <= 0x100 ? new Uint8Array(n) : used.length <= 0x10000 ? new Uint16Array(n) : new Int32Array(n);
    for (let g = 0; g < n; g++) codes[g] = scratch[ids[g]];
    const nullCode = this.nullId >= 0 ? scratch[this.nullId] : -1;
    for (const id of used) scratch[id] = -1;
    return { dict: this.dict(used), size: used.length, nullCode, codes };
  }

  /** The keys `ids` of this index, in that order, or every key in id order (the null id's entry is a placeholder). */
  private dict(ids: readonly number[] | null): KeyDict {
    const mask = this.kindMask & ~(1 << KIND_NULL);
    const size = ids === null ? this.count : ids.length;
    const kinds = this.kinds;
    const refs = this.refs;
    if (mask === 1 << KIND_STRING || mask === 0) {
      const from = this.strings.valueOffsets;
      const bytes = this.strings.valueBytes;
      const offsets = new Int32Array(size + 1);
      let total = 0;
      for (let c = 0; c < size; c++) {
        const id = ids === null ? c : ids[c];
        if (kinds[id] === KIND_STRING) total += from[refs[id] + 1] - from[refs[id]];
        offsets[c + 1] = total;
      }
      const data = new Uint8Array(total);
      // Byte by byte: keys are short, and a view per key costs more than its copy.
      for (let c = 0; c < size; c++) {
        const id = ids === null ? c : ids[c];
        if (kinds[id] !== KIND_STRING) continue;
        for (let b = from[refs[id]], e = from[refs[id] + 1], p = offsets[c]; b < e; b++) data[p++] = bytes[b];
      }
      return { kind: 'strings', offsets, bytes: data };
    }
    if (mask === 1 << KIND_NUMBER) {
      const values = new Float64Array(size);
      for (let c = 0; c < size; c++) {
        const id = ids === null ? c : ids[c];
        if (kinds[id] === KIND_NUMBER) values[c] = refs[id];
      }
      return { kind: 'numbers', values };
    }
    const values = new Array<Value>(size);
    for (let c = 0; c < size; c++) values[c] = this.value(ids === null ? c : ids[c]);
    return { kind: 'values', values };
  }

  /** Writes the key id of each of the `n` keys of a compact key vector into `out`. */
  idsOfVector(v: KeyVector, out: Int32Array, n: number): void {
    const remap = new Int32Array(v.size);
    const d = v.dict;
    for (let c = 0; c < v.size; c++) {
      if (c === v.nullCode) remap[c] = this.idOfNull();
      else if (d.kind === 'strings') remap[c] = this.idOfBytes(d.bytes, d.offsets[c], d.offsets[c + 1]);
      else if (d.kind === 'numbers') remap[c] = this.idOfNumber(d.values[c], KIND_NUMBER);
      else remap[c] = this.idOf(d.values[c]);
    }
    // One loop per code width keeps each loop's element access monomorphic.
    const codes = v.codes;
    if (codes instanceof Uint8Array) for (let g = 0; g < n; g++) out[g] = remap[codes[g]];
    else if (codes instanceof Uint16Array) for (let g = 0; g < n; g++) out[g] = remap[codes[g]];
    else for (let g = 0; g < n; g++) out[g] = remap[codes[g]];
  }

  /**
   * Mixes a hash of the key of each of `n` groups, whose key ids are `ids[g]` (or `g`), into `hashes`: the same
   * for equal keys in any index (it reads values, never ids), so every thread and every spill cuts a group into
   * the same partition.
   */
  mixHashes(ids: Int32Array | null, hashes: Int32Array, n: number): void {
    const keyHash = new Int32Array(this.count);
    const from = this.strings.valueOffsets;
    const bytes = this.strings.valueBytes;
    const f64 = this.f64;
    const u32 = this.u32;
    for (let id = 0; id < this.count; id++) {
      const kind = this.kinds[id];
      let h = 0x1b873593;
      if (kind === KIND_STRING) {
        const ref = this.refs[id];
        h = hashBytes(bytes, from[ref], from[ref + 1]);
      } else if (kind === KIND_NUMBER) {
        const x = this.refs[id];
        f64[0] = x === 0 ? 0 : x !== x ? NaN : x;
        h = Math.imul(u32[0] ^ Math.imul(u32[1], 0x85ebca6b), 0xc2b2ae35);
      } else if (kind !== KIND_NULL) {
        const s = kind === KIND_BOOL ? `boolean${this.value(id)}` : `bigint${this.value(id)}`;
        h = 0x811c9dc5;
        for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      }
      keyHash[id] = h;
    }
    for (let g = 0; g < n; g++) {
      const h = hashes[g];
      hashes[g] = Math.imul(h ^ keyHash[ids === null ? g : ids[g]], 0x9e3779b1) ^ (h >>> 15);
    }
  }

  private newId(kind: number, ref: number): number {
    const id = this.count++;
    if (kind !== KIND_STRING || ref !== id) this.codesAreIds = false;
    if (id >= this.kinds.length) {
      this.kinds = growArray(this.kinds, id + 1);
      this.refs = growArray(this.refs, id + 1);
    }
    this.kinds[id] = kind;
    this.refs[id] = ref;
    this.kindMask |= 1 << kind;
    return id;
  }

  private idOfNull(): number {
    if (this.nullId < 0) this.nullId = this.newId(KIND_NULL, 0);
    return this.nullId;
  }

  /**
   * The key id of a string's bytes. While the index uses a reader's dictionary as its own, a string already in it keeps
   * its code there: merging another thread's groups, whose keys the reader has mostly met too, then copies no
   * dictionary (Parquet q3: 1e5 keys, 66 ms of a 112 ms merge went to that copy).
   */
  private idOfBytes(bytes: Uint8Array, start: number, end: number): number {
    const hash = hashBytes(bytes, start, end);
    if (this.adopted !== null) {
      const code = this.adopted.lookupBytes(bytes, start, end, hash);
      if (code >= 0) return this.idOfCode(code);
    }
    return this.idOfCode(this.ownStrings().internBytes(bytes, start, end, hash));
  }

  /**
   * The string dictionary, ours to write: an adopted reader's dictionary is first copied, every entry in code order,
   * so the copy's codes are the same and the ids' references stay true.
   */
  private ownStrings(): Dictionary {
    const adopted = this.adopted;
    if (adopted !== null) {
      // Sized for every entry at once: no rehash while a million keys are copied in the middle of a chunk.
      const own = new Dictionary(adopted.size);
      for (let c = 0; c < adopted.size; c++) {
        const bytes = adopted.bytesOf(c);
        own.internBytes(bytes, 0, bytes.length);
      }
      this.strings = own;
      this.adopted = null;
    }
    return this.strings;
  }

  /** The key id of a string already interned in `strings` (Dictionary.intern encodes into a reused buffer). */
  private idOfCode(code: number): number {
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
  private smallIds = new Int32Array(0);

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
