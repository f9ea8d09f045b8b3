import { isUtf8 } from 'node:buffer';
import { type Column, type DType, INT_RANGES, type IntDType, isIntegerDType, type NumberArray, narrowestIntDType, supertype } from '@df-stream/core';
import {
  BigIntColumn,
  BoolColumn,
  bitmapByteLength,
  CategoricalColumn,
  codeArrayFor,
  Dictionary,
  hashBytes,
  NumberColumn,
  newNumberArray,
  Utf8Column,
} from '@df-stream/core/internal';
import type { BatchContext } from './batch-context.js';
import { type FieldRefs, MISSING } from './csv-tokenizer.js';
import { findInvalidUtf8 } from './find-invalid-utf8.js';
import type { NullMatcher } from './null-matcher.js';
import { asciiString, INT_OVERFLOW, isNanText, parseBool, parseFloatBytes, parseInteger, parsePlainDecimal } from './parse-number.js';

/** What a column holds so far; it only moves up: null -> bool | int -> float -> string. */
export type ColumnKind = 'null' | 'bool' | 'int' | 'float' | 'string' | 'date' | 'timestamp';

export interface ColumnPlan {
  name: string;
  /** Kind inferred from the sample (or implied by a user dtype). */
  kind: ColumnKind;
  /** Dtype announced in the schema: the lower bound of every chunk's integer dtype. */
  dtype: DType;
  /** A user-given dtype: fixed, values that do not parse are errors. */
  fixed: DType | undefined;
}

const MS_PER_DAY = 86_400_000;

/**
 * Phase two of parsing: turns one column's field offsets (from `CsvTokenizer`) into values, a batch at a
 * time, and builds one core `Column` per chunk. Hot loops per kind write straight into typed arrays;
 * anything unusual (nulls, quotes, a value that widens the column) goes through `parseValue`.
 *
 * Integers are parsed into a float64 scratch array (exact up to 2^53; a bigint array takes over beyond) and
 * emitted in the narrowest dtype holding the chunk, never narrower than an earlier chunk. Strings are interned
 * into one `Dictionary` shared by all chunks until it passes the cap, then stored as utf8. A column that widens
 * from numbers to strings becomes utf8 and formats earlier values as `String(value)`, which is what unifying
 * chunks does with earlier chunks, so the result does not depend on the chunk size.
 */
export class CsvColumnParser {
  readonly name: string;
  private kind: ColumnKind;
  private readonly fixed: DType | undefined;
  private readonly announced: DType;
  private readonly cap: number;
  private readonly nulls: NullMatcher;
  private readonly chunkSize: number;
  /** Rows the scratch arrays hold now: they grow up to `chunkSize`, so small inputs stay small. */
  private capacity: number;
  /** Range of a fixed integer dtype (±Infinity when inferred). */
  private readonly lo: number;
  private readonly hi: number;
  private intFloor: DType | null;
  private utf8 = false;
  private capExceeded = false;
  private values: Float64Array;
  private bigs: BigInt64Array | null = null;
  private min = Infinity;
  private max = -Infinity;
  private bigMin = 0n;
  private bigMax = 0n;
  private validity: Uint8Array;
  private nullCount = 0;
  private codes: Uint32Array | null = null;
  private dict: Dictionary = new Dictionary();
  private offsets: Int32Array | null = null;
  private data: Uint8Array = new Uint8Array(0);
  private dataEnd = 0;
  private scratch = new Uint8Array(64);
  /** Field hashes of a block (`bigCategoricalLoop`), and what the touches returned (kept, never read). */
  private readonly hashes = new Int32Array(TOUCH_BLOCK);
  private touched = 0;
  /** Fields interned by hash, not through `keys` (over 16 bytes, or at the end of the buffer), to choose a loop. */
  private longFields = 0;
  /** Whether over 1/LONG_HEAVY of the last batch's fields were such: then a big dictionary goes by blocks. */
  private longHeavy = false;
  /** Per row of a block (`bigCategoricalLoop`): the short field's key (as in `keys`, length 0 for others) and its first entry. */
  private readonly blockKeys = new Int32Array(6 * TOUCH_BLOCK);
  /**
   * The index of the column's short fields (1..16 bytes) into `dict`, beside the dictionary's own: one probe
   * reads one entry and compares five ints, where the dictionary's index reads a slot, the entry's offsets and
   * its bytes. Open addressing, linear probing, at most half full, doubling with the dictionary up to
   * KEY_TABLE_MAX_ENTRIES. Per entry 6 ints: the field's four zero-padded words, its length (0: empty entry)
   * and its code; 24 bytes an entry, so 48 to 96 bytes per distinct short value.
   */
  private keys = new Int32Array(6 * KEY_TABLE_MIN_ENTRIES);
  /** 32 - log2(entries of `keys`), for `keySlot`. */
  private keyShift = 32 - Math.log2(KEY_TABLE_MIN_ENTRIES);
  private keyCount = 0;
  private viewBuf: Uint8Array | null = null;
  private view: DataView = new DataView(new ArrayBuffer(0));

  constructor(plan: ColumnPlan, chunkSize: number, categoricalCap: number, nulls: NullMatcher) {
    this.name = plan.name;
    this.fixed = plan.fixed;
    this.kind = plan.fixed === undefined ? plan.kind : kindOfDType(plan.fixed);
    this.announced = plan.fixed ?? plan.dtype;
    this.cap = categoricalCap;
    this.nulls = nulls;
    this.chunkSize = chunkSize;
    this.capacity = Math.min(chunkSize, 1024);
    this.values = new Float64Array(this.capacity);
    this.validity = new Uint8Array(bitmapByteLength(this.capacity)).fill(0xff);
    this.intFloor = isIntegerDType(this.announced) ? this.announced : null;
    if (plan.fixed !== undefined && isIntegerDType(plan.fixed) && plan.fixed !== 'int64') {
      const [lo, hi] = INT_RANGES[plan.fixed];
      this.lo = Number(lo);
      this.hi = Number(hi);
    } else {
      this.lo = -Infinity;
      this.hi = Infinity;
    }
    if (this.kind === 'string') this.startStrings(0, plan.fixed === 'utf8' || plan.dtype === 'utf8');
  }

  /** Parses the batch's `count` fields (`fields`, see `FieldRefs`) into chunk rows `row0 + r`. */
  parseBatch(buf: Uint8Array, fields: FieldRefs, count: number, row0: number, ctx: BatchContext): void {
    if (row0 + count > this.capacity) this.grow(row0 + count);
    const longBefore = this.longFields;
    let r = 0;
    while (r < count) {
      switch (this.kind) {
        case 'int':
          r = this.bigs === null ? this.intLoop(buf, fields, r, count, row0, ctx) : this.genericLoop(buf, fields, r, count, row0, ctx);
          break;
        case 'float':
          r = this.floatLoop(buf, fields, r, count, row0, ctx);
          break;
        case 'string':
          r = this.utf8
            ? this.utf8Loop(buf, fields, r, count, row0, ctx)
            : this.dict.size >= BIG_DICTIONARY && (this.longHeavy || this.keys.length >= 6 * BIG_KEY_TABLE)
              ? this.bigCategoricalLoop(buf, fields, r, count, row0, ctx)
              : this.categoricalLoop(buf, fields, r, count, row0, ctx);
          break;
        default:
          r = this.genericLoop(buf, fields, r, count, row0, ctx);
      }
    }
    this.longHeavy = (this.longFields - longBefore) * LONG_HEAVY > count;
  }

  /** `buf` as a DataView (unaligned little-endian words). */
  private viewOf(buf: Uint8Array): DataView {
    if (buf !== this.viewBuf) {
      this.viewBuf = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    return this.view;
  }

  private intLoop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const values = this.values;
    const lo = this.lo;
    const hi = this.hi;
    let min = this.min;
    let max = this.max;
    for (; r < count; r++) {
      const s = starts[startAt + r * stride] + startAdd;
      const e = ends[endAt + r * stride];
      // At most 15 characters: up to 15 digits, exact in a double.
      if (s >= 0 && e > s && e - s <= 15) {
        let i = s;
        let c = buf[i];
        const neg = c === 0x2d;
        if (neg) c = buf[++i];
        let v = c - 0x30;
        if (i < e && v >= 0 && v <= 9) {
          for (i++; i < e; i++) {
            const d = buf[i] - 0x30;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
          }
          if (i === e) {
            if (neg) v = -v;
            if (v >= lo && v <= hi) {
              values[row0 + r] = v;
              if (v < min) min = v;
              if (v > max) max = v;
              continue;
            }
          }
        }
      }
      this.min = min;
      this.max = max;
      this.parseValue(buf, s, e, row0 + r, ctx);
      if (this.kind !== 'int' || this.bigs !== null) return r + 1;
      min = this.min;
      max = this.max;
    }
    this.min = min;
    this.max = max;
    return count;
  }

  private floatLoop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const values = this.values;
    for (; r < count; r++) {
      const s = starts[startAt + r * stride] + startAdd;
      const e = ends[endAt + r * stride];
      const v = s >= 0 ? parsePlainDecimal(buf, s, e) : NaN;
      if (v === v) {
        values[row0 + r] = v;
        continue;
      }
      this.parseValue(buf, s, e, row0 + r, ctx);
      if (this.kind !== 'float') return r + 1;
    }
    return count;
  }

  private categoricalLoop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const dict = this.dict;
    const codes = this.codes as Uint32Array;
    const nulls = this.nulls;
    const view = this.viewOf(buf);
    // Fields of up to 16 bytes whose 16-byte window fits in the buffer go through the key table.
    const viewEnd = buf.length - 16;
    let keys = this.keys;
    let shift = this.keyShift;
    for (; r < count; r++) {
      const s = starts[startAt + r * stride] + startAdd;
      const e = ends[endAt + r * stride];
      const len = e - s;
      if (s >= 0 && len > 0 && len <= 16 && s <= viewEnd && !nulls.maybeNull(len)) {
        // The field as four zero-padded little-endian words and its length: equal tuples are equal bytes, so
        // an entry that matches all five holds the field's code, with no byte loop and no trip to the dictionary.
        const w0 = view.getInt32(s, true) & KEY_MASKS[len * 4];
        const w1 = view.getInt32(s + 4, true) & KEY_MASKS[len * 4 + 1];
        const w2 = view.getInt32(s + 8, true) & KEY_MASKS[len * 4 + 2];
        const w3 = view.getInt32(s + 12, true) & KEY_MASKS[len * 4 + 3];
        const slot = findKey(keys, keySlot(w0, w1, w2, w3, len, shift), w0, w1, w2, w3, len);
        if (keys[slot + 4] !== 0) {
          codes[row0 + r] = keys[slot + 5];
          continue;
        }
        if (!this.addShortField(buf, s, e, row0 + r, ctx, slot, w0, w1, w2, w3)) return r + 1;
        // Adding may have doubled the table.
        keys = this.keys;
        shift = this.keyShift;
        continue;
      }
      if (s >= 0 && e > s && !nulls.maybeNull(e - s)) {
        this.longFields++;
        const known = dict.size;
        const code = dict.internBytes(buf, s, e);
        codes[row0 + r] = code;
        if (code >= known) {
          this.checkNewEntry(buf, s, e, row0 + r, s, ctx);
          if (this.utf8) return r + 1;
        }
        continue;
      }
      this.parseValue(buf, s, e, row0 + r, ctx);
      if (this.kind !== 'string' || this.utf8) return r + 1;
    }
    return count;
  }

  /**
   * `categoricalLoop` for a dictionary too big for the caches. Per block of rows, first the keys of the short
   * fields (kept in `blockKeys`) and their first entries in the key table, and the hashes of the longer ones;
   * then a tight loop reads those table entries and `Dictionary.touch` the longer fields' slots and entries, so
   * that the cache misses of the block overlap (in the interning loop each one would wait for the last);
   * then intern, with the keys and hashes kept.
   */
  private bigCategoricalLoop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const dict = this.dict;
    const codes = this.codes as Uint32Array;
    const nulls = this.nulls;
    const hashes = this.hashes;
    const blockKeys = this.blockKeys;
    const view = this.viewOf(buf);
    const viewEnd = buf.length - 16;
    while (r < count) {
      const first = r;
      const blockEnd = Math.min(count, r + TOUCH_BLOCK);
      const shift = this.keyShift;
      let longs = 0;
      for (let q = r; q < blockEnd; q++) {
        const s = starts[startAt + q * stride] + startAdd;
        const e = ends[endAt + q * stride];
        const len = e - s;
        const k = (q - first) * 6;
        if (s >= 0 && len > 0 && len <= 16 && s <= viewEnd && !nulls.maybeNull(len)) {
          // The field's key as in `categoricalLoop`.
          const w0 = view.getInt32(s, true) & KEY_MASKS[len * 4];
          const w1 = view.getInt32(s + 4, true) & KEY_MASKS[len * 4 + 1];
          const w2 = view.getInt32(s + 8, true) & KEY_MASKS[len * 4 + 2];
          const w3 = view.getInt32(s + 12, true) & KEY_MASKS[len * 4 + 3];
          blockKeys[k] = w0;
          blockKeys[k + 1] = w1;
          blockKeys[k + 2] = w2;
          blockKeys[k + 3] = w3;
          blockKeys[k + 4] = len;
          blockKeys[k + 5] = keySlot(w0, w1, w2, w3, len, shift);
          continue;
        }
        blockKeys[k + 4] = 0;
        if (s >= 0 && e > s && !nulls.maybeNull(len)) {
          hashes[longs++] = hashBytes(buf, s, e);
        }
      }
      let touched = 0;
      const keys = this.keys;
      for (let k = 0, end = (blockEnd - first) * 6; k < end; k += 6) if (blockKeys[k + 4] !== 0) touched ^= keys[blockKeys[k + 5] + 4];
      if (longs > 0) touched ^= dict.touch(hashes, longs);
      this.touched ^= touched;
      let next = 0;
      for (; r < blockEnd; r++) {
        const k = (r - first) * 6;
        const len = blockKeys[k + 4];
        const s = starts[startAt + r * stride] + startAdd;
        const e = ends[endAt + r * stride];
        if (len !== 0) {
          const w0 = blockKeys[k];
          const w1 = blockKeys[k + 1];
          const w2 = blockKeys[k + 2];
          const w3 = blockKeys[k + 3];
          // A miss earlier in the block may have doubled the table, which moves the keys.
          const keys = this.keys;
          const slot = findKey(keys, this.keyShift === shift ? blockKeys[k + 5] : keySlot(w0, w1, w2, w3, len, this.keyShift), w0, w1, w2, w3, len);
          if (keys[slot + 4] !== 0) codes[row0 + r] = keys[slot + 5];
          else if (!this.addShortField(buf, s, e, row0 + r, ctx, slot, w0, w1, w2, w3)) return r + 1;
          continue;
        }
        if (s >= 0 && e > s && !nulls.maybeNull(e - s)) {
          this.longFields++;
          const known = dict.size;
          const code = dict.internBytes(buf, s, e, hashes[next++] >>> 0);
          codes[row0 + r] = code;
          if (code >= known) {
            this.checkNewEntry(buf, s, e, row0 + r, s, ctx);
            if (this.utf8) return r + 1;
          }
          continue;
        }
        this.parseValue(buf, s, e, row0 + r, ctx);
        if (this.kind !== 'string' || this.utf8) return r + 1;
      }
    }
    return count;
  }

  /** A short field missed the key table: intern it, and add its key (w0..w3 as in `keys`) at the free entry `slot`. */
  private addShortField(buf: Uint8Array, s: number, e: number, row: number, ctx: BatchContext, slot: number, w0: number, w1: number, w2: number, w3: number): boolean {
    const known = this.dict.size;
    // A miss need not be a new value: quoted fields, fields at the end of the buffer and fields met once the
    // table stopped growing are interned without a key.
    const code = this.dict.internBytes(buf, s, e);
    (this.codes as Uint32Array)[row] = code;
    if (code >= known) {
      this.checkNewEntry(buf, s, e, row, s, ctx);
      if (this.utf8) return false;
    }
    const keys = this.keys;
    // Half full only at KEY_TABLE_MAX_ENTRIES: from there on the table keeps the keys it has, and misses intern.
    if (this.keyCount * 12 >= keys.length) return true;
    keys[slot] = w0;
    keys[slot + 1] = w1;
    keys[slot + 2] = w2;
    keys[slot + 3] = w3;
    keys[slot + 4] = e - s;
    keys[slot + 5] = code;
    if (++this.keyCount * 12 >= keys.length && keys.length < 6 * KEY_TABLE_MAX_ENTRIES) this.growKeys();
    return true;
  }

  /** Doubles the key table, re-placing its entries from their words (the fields' bytes are gone by now). */
  private growKeys(): void {
    const old = this.keys;
    const keys = new Int32Array(old.length * 2);
    const shift = this.keyShift - 1;
    for (let j = 0; j < old.length; j += 6) {
      const len = old[j + 4];
      if (len === 0) continue;
      // The keys are distinct, so the probe ends at a free entry.
      const slot = findKey(keys, keySlot(old[j], old[j + 1], old[j + 2], old[j + 3], len, shift), old[j], old[j + 1], old[j + 2], old[j + 3], len);
      for (let k = 0; k < 6; k++) keys[slot + k] = old[j + k];
    }
    this.keys = keys;
    this.keyShift = shift;
  }

  private utf8Loop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const offsets = this.offsets as Int32Array;
    const nulls = this.nulls;
    const first = r;
    const firstByte = this.dataEnd;
    for (; r < count; r++) {
      const s = starts[startAt + r * stride] + startAdd;
      const e = ends[endAt + r * stride];
      if (s >= 0 && e > s && !nulls.maybeNull(e - s)) {
        const len = e - s;
        let end = this.dataEnd;
        if (end + len > this.data.length) this.growData(end + len);
        const data = this.data;
        if (len < 32) for (let i = s; i < e; i++) data[end++] = buf[i];
        else {
          data.set(buf.subarray(s, e), end);
          end += len;
        }
        this.dataEnd = end;
        offsets[row0 + r + 1] = end;
        continue;
      }
      this.parseValue(buf, s, e, row0 + r, ctx);
    }
    // Validate the batch's bytes at once (native), and only look for the culprit when they are bad.
    if (!isUtf8(this.data.subarray(firstByte, this.dataEnd))) this.findBadUtf8Row(buf, fields, first, count, row0, ctx);
    return count;
  }

  private genericLoop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const kind = this.kind;
    const big = this.bigs !== null;
    for (; r < count; r++) {
      this.parseValue(buf, starts[startAt + r * stride] + startAdd, ends[endAt + r * stride], row0 + r, ctx);
      if (this.kind !== kind || (this.bigs !== null) !== big) return r + 1;
    }
    return count;
  }

  /** One field, any shape: missing, quoted, escaped, null, or a value that widens the column. */
  private parseValue(buf: Uint8Array, s: number, e: number, row: number, ctx: BatchContext): void {
    if (s === MISSING) return this.setNull(row);
    let quoted = false;
    let pos = s;
    if (s < 0) {
      quoted = true;
      s = ~s;
      pos = s - 1;
    }
    let bytes = buf;
    if (e < 0) {
      e = this.unescape(buf, s, ~e);
      s = 0;
      bytes = this.scratch;
    }
    // A quoted field is a string: in a string column `""` is the empty string, not null.
    const stringColumn = this.kind === 'string' || this.fixed === 'utf8' || this.fixed === 'categorical';
    if (!(quoted && stringColumn) && this.nulls.matches(bytes, s, e)) return this.setNull(row);
    this.store(bytes, s, e, row, ctx, pos, bytes === buf);
  }

  private store(b: Uint8Array, s: number, e: number, row: number, ctx: BatchContext, pos: number, inBuffer: boolean): void {
    switch (this.kind) {
      case 'null': {
        if (parseBool(b, s, e) >= 0) this.kind = 'bool';
        else {
          const i = parseInteger(b, s, e);
          if (i !== undefined && i !== INT_OVERFLOW) this.kind = 'int';
          else if (i === INT_OVERFLOW || isFloat(b, s, e)) this.kind = 'float';
          else this.startStrings(row, false);
        }
        return this.store(b, s, e, row, ctx, pos, inBuffer);
      }
      case 'bool': {
        const v = parseBool(b, s, e);
        if (v >= 0) {
          this.values[row] = v;
          return;
        }
        break;
      }
      case 'int': {
        const v = parseInteger(b, s, e);
        if (typeof v === 'number') {
          if (v >= this.lo && v <= this.hi) {
            this.values[row] = v;
            if (v < this.min) this.min = v;
            if (v > this.max) this.max = v;
            if (this.bigs !== null) this.bigs[row] = BigInt(v);
            return;
          }
          return this.badValue(b, s, e, row, ctx, pos);
        }
        if (typeof v === 'bigint') {
          if (this.fixed !== undefined && this.fixed !== 'int64') return this.badValue(b, s, e, row, ctx, pos);
          const bigs = this.ensureBigs(row);
          bigs[row] = v;
          this.values[row] = Number(v);
          if (v < this.bigMin) this.bigMin = v;
          if (v > this.bigMax) this.bigMax = v;
          return;
        }
        if (this.fixed === undefined && (v === INT_OVERFLOW || isFloat(b, s, e))) {
          // Beyond int64 or fractional: the column becomes float64 (never wraps).
          this.kind = 'float';
          this.bigs = null;
          this.values[row] = parseFloatBytes(b, s, e);
          return;
        }
        break;
      }
      case 'float': {
        const v = parseFloatBytes(b, s, e);
        if (v === v || isNanText(b, s, e)) {
          this.values[row] = v;
          return;
        }
        break;
      }
      case 'date': {
        const ms = Date.parse(asciiOrEmpty(b, s, e));
        if (ms === ms) {
          this.values[row] = Math.floor(ms / MS_PER_DAY);
          return;
        }
        break;
      }
      case 'timestamp': {
        const ms = Date.parse(asciiOrEmpty(b, s, e));
        if (ms === ms) {
          this.ensureBigs(row)[row] = BigInt(ms) * 1000n;
          return;
        }
        break;
      }
      case 'string':
        return this.storeString(b, s, e, row, ctx, pos, inBuffer);
    }
    if (this.fixed !== undefined) return this.badValue(b, s, e, row, ctx, pos);
    this.widenToUtf8(row);
    this.storeString(b, s, e, row, ctx, pos, inBuffer);
  }

  private storeString(b: Uint8Array, s: number, e: number, row: number, ctx: BatchContext, pos: number, inBuffer: boolean): void {
    if (!this.utf8) {
      const known = this.dict.size;
      const code = this.dict.internBytes(b, s, e);
      (this.codes as Uint32Array)[row] = code;
      if (code >= known) this.checkNewEntry(b, s, e, row, inBuffer ? s : pos, ctx);
      return;
    }
    const bad = findInvalidUtf8(b, s, e);
    if (bad >= 0) ctx.fail('invalid-utf8', 'invalid UTF-8', this.name, row, inBuffer ? bad : pos, "pass encoding: 'latin1' if the file is not UTF-8");
    const len = e - s;
    if (this.dataEnd + len > this.data.length) this.growData(this.dataEnd + len);
    this.data.set(b.subarray(s, e), this.dataEnd);
    this.dataEnd += len;
    (this.offsets as Int32Array)[row + 1] = this.dataEnd;
  }

  /** A new dictionary entry: validate its UTF-8 once, and fall back to utf8 when the dictionary passes the cap. */
  private checkNewEntry(b: Uint8Array, s: number, e: number, row: number, pos: number, ctx: BatchContext): void {
    const bad = findInvalidUtf8(b, s, e);
    if (bad >= 0) {
      ctx.fail('invalid-utf8', 'invalid UTF-8', this.name, row, pos + (bad - s), "pass encoding: 'latin1' if the file is not UTF-8");
    }
    if (this.dict.size > this.cap && this.fixed !== 'categorical') this.categoricalToUtf8(row + 1);
  }

  private setNull(row: number): void {
    this.validity[row >>> 3] &= ~(1 << (row & 7));
    this.nullCount++;
    switch (this.kind) {
      case 'string':
        if (this.utf8) (this.offsets as Int32Array)[row + 1] = this.dataEnd;
        else (this.codes as Uint32Array)[row] = 0;
        return;
      case 'timestamp':
        this.ensureBigs(row)[row] = 0n;
        return;
      default:
        this.values[row] = 0;
        if (this.bigs !== null) this.bigs[row] = 0n;
    }
  }

  private badValue(b: Uint8Array, s: number, e: number, row: number, ctx: BatchContext, pos: number): never {
    const text = new TextDecoder().decode(b.subarray(s, Math.min(e, s + 40)));
    const dtype = this.fixed ?? this.announced;
    ctx.fail(
      'bad-value',
      `cannot parse '${text}${e - s > 40 ? '…' : ''}' as ${dtype}`,
      this.name,
      row,
      pos,
      `the dtypes option asks for ${dtype}; use 'utf8' to read the column as text`,
    );
  }

  /** Rows [0, row) become strings: the column holds numbers and text, so it becomes utf8 for good. */
  private widenToUtf8(row: number): void {
    const from = this.kind;
    const texts: (string | null)[] = [];
    for (let i = 0; i < row; i++) {
      if ((this.validity[i >>> 3] & (1 << (i & 7))) === 0) texts.push(null);
      else if (from === 'bool') texts.push(this.values[i] !== 0 ? 'true' : 'false');
      else if (this.bigs !== null) texts.push(String(this.bigs[i]));
      else texts.push(String(this.values[i]));
    }
    this.startStrings(row, true);
    const offsets = this.offsets as Int32Array;
    const encoder = new TextEncoder();
    let end = 0;
    for (let i = 0; i < row; i++) {
      const t = texts[i];
      if (t !== null) {
        if (end + t.length * 3 > this.data.length) this.growData(end + t.length * 3);
        end += encoder.encodeInto(t, this.data.subarray(end)).written;
      }
      offsets[i + 1] = end;
    }
    this.dataEnd = end;
    this.bigs = null;
    this.intFloor = null;
  }

  /** Switches to string storage; rows before `row` are all null (kind 'null') or rewritten by the caller. */
  private startStrings(row: number, utf8: boolean): void {
    this.kind = 'string';
    this.utf8 = utf8;
    if (utf8) {
      if (this.offsets === null) this.offsets = new Int32Array(this.capacity + 1);
      this.offsets.fill(0, 0, row + 1);
      this.dataEnd = 0;
      if (this.data.length === 0) this.data = new Uint8Array(1 << 16);
    } else {
      if (this.codes === null) this.codes = new Uint32Array(this.capacity);
      this.codes.fill(0, 0, row);
    }
  }

  /** The dictionary passed the cap: rows [0, rows) of this chunk are re-encoded as utf8 bytes. */
  private categoricalToUtf8(rows: number): void {
    const codes = this.codes as Uint32Array;
    this.startStrings(0, true);
    const offsets = this.offsets as Int32Array;
    let end = 0;
    for (let i = 0; i < rows; i++) {
      if ((this.validity[i >>> 3] & (1 << (i & 7))) !== 0) {
        const bytes = this.dict.bytesOf(codes[i]);
        if (end + bytes.length > this.data.length) {
          // growData keeps data[0, dataEnd): the bytes copied so far must count.
          this.dataEnd = end;
          this.growData(end + bytes.length);
        }
        this.data.set(bytes, end);
        end += bytes.length;
      }
      offsets[i + 1] = end;
    }
    this.dataEnd = end;
    // Chunks already emitted keep the dictionary; this column needs it no more.
    this.dict = new Dictionary();
    this.keys = new Int32Array(6 * KEY_TABLE_MIN_ENTRIES);
    this.keyShift = 32 - Math.log2(KEY_TABLE_MIN_ENTRIES);
    this.keyCount = 0;
    this.capExceeded = true;
  }

  private ensureBigs(row: number): BigInt64Array {
    if (this.bigs === null) {
      const bigs = new BigInt64Array(this.capacity);
      for (let i = 0; i < row; i++) bigs[i] = BigInt(this.values[i]);
      this.bigs = bigs;
      this.bigMin = this.min === Infinity ? 2n ** 63n - 1n : BigInt(this.min);
      this.bigMax = this.max === -Infinity ? -(2n ** 63n) : BigInt(this.max);
    }
    return this.bigs;
  }

  private unescape(buf: Uint8Array, s: number, e: number): number {
    if (this.scratch.length < e - s) this.scratch = new Uint8Array(Math.max(e - s, this.scratch.length * 2));
    const out = this.scratch;
    let n = 0;
    for (let i = s; i < e; i++) {
      const c = buf[i];
      out[n++] = c;
      // Inside a quoted field a quote only appears doubled; keep one.
      if (c === buf[s - 1]) i++;
    }
    return n;
  }

  private grow(rows: number): void {
    const cap = Math.min(this.chunkSize, Math.max(rows, this.capacity * 2));
    const values = new Float64Array(cap);
    values.set(this.values);
    this.values = values;
    const validity = new Uint8Array(bitmapByteLength(cap)).fill(0xff);
    validity.set(this.validity);
    this.validity = validity;
    if (this.codes !== null) {
      const codes = new Uint32Array(cap);
      codes.set(this.codes);
      this.codes = codes;
    }
    if (this.offsets !== null) {
      const offsets = new Int32Array(cap + 1);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    if (this.bigs !== null) {
      const bigs = new BigInt64Array(cap);
      bigs.set(this.bigs);
      this.bigs = bigs;
    }
    this.capacity = cap;
  }

  private growData(need: number): void {
    const data = new Uint8Array(Math.max(need, this.data.length * 2, 1 << 16));
    data.set(this.data.subarray(0, this.dataEnd));
    this.data = data;
  }

  private findBadUtf8Row(buf: Uint8Array, fields: FieldRefs, first: number, count: number, row0: number, ctx: BatchContext): void {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    for (let r = first; r < count; r++) {
      let s = starts[startAt + r * stride] + startAdd;
      let e = ends[endAt + r * stride];
      if (s === MISSING) continue;
      if (s < 0) s = ~s;
      if (e < 0) e = ~e;
      const bad = findInvalidUtf8(buf, s, e);
      if (bad >= 0) ctx.fail('invalid-utf8', 'invalid UTF-8', this.name, row0 + r, bad, "pass encoding: 'latin1' if the file is not UTF-8");
    }
  }

  /** What a sample of `n` rows says about the column: its kind and the dtype to announce. */
  inferPlan(n: number): { kind: ColumnKind; dtype: DType } {
    const kind = this.kind;
    const column = this.finish(n);
    if (kind === 'null') return { kind, dtype: 'utf8' };
    // Text mixed with numbers in the sample is still text as written: categorical unless past the cap.
    if (kind === 'string') return { kind, dtype: this.capExceeded || this.fixed === 'utf8' ? 'utf8' : 'categorical' };
    return { kind, dtype: column.dtype };
  }

  /** Emits rows [0, n) as one column and starts the next chunk. */
  finish(n: number): Column {
    const validity = this.nullCount === 0 ? null : this.validity.slice(0, bitmapByteLength(n));
    if (validity !== null && (n & 7) !== 0) validity[validity.length - 1] &= (1 << (n & 7)) - 1;
    const column = this.build(n, validity);
    if (this.nullCount > 0) this.validity.fill(0xff);
    this.nullCount = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.bigs = null;
    this.dataEnd = 0;
    return column;
  }

  private build(n: number, validity: Uint8Array | null): Column {
    const nullCount = this.nullCount;
    switch (this.kind) {
      case 'int': {
        const dtype = this.intDType(n);
        if (dtype === 'int64') {
          const out = new BigInt64Array(n);
          if (this.bigs !== null) out.set(this.bigs.subarray(0, n));
          else for (let i = 0; i < n; i++) out[i] = BigInt(this.values[i]);
          return new BigIntColumn('int64', out, validity, nullCount);
        }
        const out = newNumberArray(dtype as IntDType, n);
        narrowInto(out, this.values, n);
        return new NumberColumn(dtype as Exclude<IntDType, 'int64'>, out, validity, nullCount);
      }
      case 'float': {
        if (this.fixed === 'float32') return new NumberColumn('float32', Float32Array.from(this.values.subarray(0, n)), validity, nullCount);
        // A full chunk hands its scratch array over instead of copying it.
        const out = n === this.capacity ? this.values : this.values.slice(0, n);
        if (out === this.values) this.values = new Float64Array(this.capacity);
        return new NumberColumn('float64', out, validity, nullCount);
      }
      case 'bool': {
        const bits = new Uint8Array(bitmapByteLength(n));
        for (let i = 0; i < n; i++) if (this.values[i] !== 0) bits[i >>> 3] |= 1 << (i & 7);
        return new BoolColumn(bits, n, validity, nullCount);
      }
      case 'date':
        return new NumberColumn('date', Int32Array.from(this.values.subarray(0, n)), validity, nullCount);
      case 'timestamp': {
        const out = new BigInt64Array(n);
        if (this.bigs !== null) out.set(this.bigs.subarray(0, n));
        return new BigIntColumn('timestamp', out, validity, nullCount);
      }
      case 'string':
        if (this.utf8) {
          const offsets = (this.offsets as Int32Array).slice(0, n + 1);
          return new Utf8Column(offsets, this.data.slice(0, this.dataEnd), validity, nullCount);
        } else {
          const codes = codeArrayFor(this.dict.size, n);
          codes.set((this.codes as Uint32Array).subarray(0, n));
          return new CategoricalColumn(codes, this.dict, validity, nullCount);
        }
      case 'null':
        return allNullColumn(this.announced, n, this.dict);
    }
  }

  /** The chunk's integer dtype: the narrowest holding its values, never narrower than earlier chunks. */
  private intDType(n: number): DType {
    if (this.fixed !== undefined) return this.fixed;
    const seen = this.bigs !== null ? this.bigMin <= this.bigMax : this.min <= this.max;
    if (!seen || n === this.nullCount) return this.intFloor ?? 'int8';
    const dtype = this.bigs !== null ? narrowestIntDType(this.bigMin, this.bigMax) : narrowestIntDType(this.min, this.max);
    const widened = this.intFloor === null ? dtype : supertype(this.intFloor, dtype);
    this.intFloor = widened;
    return widened;
  }
}

/**
 * Dictionary size from which interning goes by blocks (`bigCategoricalLoop`): beyond what L1/L2 hold. That
 * is for fields interned by hash (three reads a field); short fields (one read in `keys`) only gain from
 * blocks once their table passes BIG_KEY_TABLE entries: measured on 12-byte keys, blocks lose at 1.5 and
 * 6 MiB of table (30k and 100k keys), break even at 24 MiB (300k) and win by a fifth at 48 MiB (900k).
 */
const BIG_DICTIONARY = 1 << 14;
const BIG_KEY_TABLE = 1 << 19;
/** See `CsvColumnParser.longHeavy`. */
const LONG_HEAVY = 8;
/**
 * Entries of a column's key table (`CsvColumnParser.keys`): it starts small (a column of few values stays in
 * L1) and stops doubling at 2^21 entries (48 MiB), enough for the default categorical cap of 1M values.
 */
const KEY_TABLE_MIN_ENTRIES = 64;
const KEY_TABLE_MAX_ENTRIES = 1 << 21;
/** For a field of length n (1..16), the masks keeping its bytes of words 0..3: `KEY_MASKS[n * 4 + k]`. */
const KEY_MASKS = Int32Array.from({ length: 68 }, (_, i) => {
  const bytes = Math.max(0, Math.min(4, (i >> 2) - (i & 3) * 4));
  return bytes === 4 ? -1 : (1 << (bytes * 8)) - 1;
});
/**
 * The entry (its index in the table's Int32Array) where the key table with 2^(32 - shift) entries starts
 * looking for the key (w0..w3, len): the words mixed, then Fibonacci hashing (high bits of a golden multiply).
 */
function keySlot(w0: number, w1: number, w2: number, w3: number, len: number, shift: number): number {
  const mix = w0 ^ Math.imul(w1, 0x27d4eb2d) ^ Math.imul(w2 ^ len, 0x165667b1) ^ Math.imul(w3, 0x85ebca6b);
  return (Math.imul(mix, 0x9e3779b1) >>> shift) * 6;
}
/**
 * The entry of the key (w0..w3, len) in a key table, probing from `slot`: its own, or the free entry where it
 * belongs (length 0). The table is never full, so the probe ends.
 */
function findKey(keys: Int32Array, slot: number, w0: number, w1: number, w2: number, w3: number, len: number): number {
  for (;;) {
    const l = keys[slot + 4];
    if (l === 0 || (l === len && keys[slot] === w0 && keys[slot + 1] === w1 && keys[slot + 2] === w2 && keys[slot + 3] === w3)) return slot;
    slot = slot + 6 === keys.length ? 0 : slot + 6;
  }
}
/** Rows per block of `bigCategoricalLoop`: 64 read 900k short keys a tenth faster than 256, long fields alike. */
const TOUCH_BLOCK = 64;

/**
 * `out.set(values.subarray(0, n))` for integer values that fit `out`: V8's `set` from float64 into a narrower
 * integer array took 3.3 ns a value (2.2 into int32), this loop 1.6; 5e7 values in db-benchmark's file.
 * `| 0` turns a uint32 value past 2^31 negative; the Uint32Array store wraps it back.
 */
function narrowInto(out: NumberArray, values: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = values[i] | 0;
}

function kindOfDType(dtype: DType): ColumnKind {
  switch (dtype) {
    case 'bool':
      return 'bool';
    case 'float32':
    case 'float64':
      return 'float';
    case 'utf8':
    case 'categorical':
      return 'string';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    default:
      return 'int';
  }
}

function isFloat(b: Uint8Array, s: number, e: number): boolean {
  const v = parseFloatBytes(b, s, e);
  return v === v || isNanText(b, s, e);
}

function asciiOrEmpty(b: Uint8Array, s: number, e: number): string {
  return e - s > 64 ? '' : asciiString(b, s, e);
}

/** A chunk of a column that has seen no value yet, in the dtype the schema announced. */
function allNullColumn(dtype: DType, n: number, dict: Dictionary): Column {
  const validity = new Uint8Array(bitmapByteLength(n));
  switch (dtype) {
    case 'utf8':
      return new Utf8Column(new Int32Array(n + 1), new Uint8Array(0), validity, n);
    case 'categorical':
      return new CategoricalColumn(new Uint8Array(n), dict, validity, n);
    case 'bool':
      return new BoolColumn(new Uint8Array(bitmapByteLength(n)), n, validity, n);
    case 'int64':
    case 'timestamp':
      return new BigIntColumn(dtype, new BigInt64Array(n), validity, n);
    case 'float32':
      return new NumberColumn('float32', new Float32Array(n), validity, n);
    case 'float64':
      return new NumberColumn('float64', new Float64Array(n), validity, n);
    case 'date':
      return new NumberColumn('date', new Int32Array(n), validity, n);
    default:
      return new NumberColumn(dtype, newNumberArray(dtype as IntDType, n), validity, n);
  }
}
