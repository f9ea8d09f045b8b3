import { isUtf8 } from 'node:buffer';
import { type Column, type DType, INT_RANGES, isIntegerDType } from '@df-stream/core';
import {
  type CategoricalBuilder,
  entryCode,
  findKey,
  hashBytes,
  isFree,
  KEY_MASKS,
  keySlot,
  type NumberBuilder,
  TypedColumnBuilder,
  type Utf8Builder,
  utf8Decoder,
  type ValidityBuilder,
  type ValueKind,
} from '@df-stream/core/internal';
import { KeyProbe } from '../../columnar/key-probe.js';
import type { BatchContext } from './batch-context.js';
import { type FieldRefs, MISSING } from './csv-tokenizer.js';
import { findInvalidUtf8 } from './find-invalid-utf8.js';
import type { NullMatcher } from './null-matcher.js';
import { bigTimestamp, MAX_EXACT_MICROS } from './parse-date.js';
import { hasLeadingZero, INT_OVERFLOW, isNanText, parseBool, parseFloatBytes, parseInteger, parsePlainDecimal, tooManyDigits } from './parse-number.js';
import type { ValueRules } from './value-rules.js';

export interface ColumnPlan {
  name: string;
  /** Kind inferred from the sample (or implied by a user dtype). */
  kind: ValueKind;
  /** Dtype announced in the schema: the lower bound of every chunk's integer dtype. */
  dtype: DType;
  /** A user-given dtype: fixed, values that do not parse are errors. */
  fixed: DType | undefined;
  /** Tokenized but never shown: the empty last column of a file whose lines all end with a delimiter. */
  hidden?: boolean;
  /** Why inference chose the kind, when that is worth telling (`text: leading zero in '00501' at line 2`). */
  note?: string;
}

/**
 * Phase two of parsing: turns one column's field offsets (from `CsvTokenizer`) into values, a batch at a
 * time, one core `Column` per chunk. This file holds the byte loops per kind, which write straight into the
 * typed arrays of core's `TypedColumnBuilder` (its `NumberBuilder`, `CategoricalBuilder` with the
 * `ShortKeyTable`, `Utf8Builder`, `ValidityBuilder`); anything unusual (nulls, quotes, a value that widens the
 * column) goes through `parseValue`. The typed builder owns the layout and its rules (narrowing, the dictionary
 * and its cap, widening to utf8, validity, all-null chunks); this file only turns bytes into values.
 */
export class CsvColumnParser {
  readonly name: string;
  private readonly fixed: DType | undefined;
  private readonly rules: ValueRules;
  /** The kind the plan starts the column with ('null' for a column the sample saw no value in). */
  private readonly planKind: ValueKind;
  /** This parser infers the plan from the sample: its null texts follow the kind as it is found. */
  private readonly sampling: boolean;
  /** The hidden last column of a trailing-delimiter file: only checked to be empty. */
  private readonly hidden: boolean;
  /** Why the column is what it is, when the reason is worth telling (`text: leading zero in '00501' at line 2`). */
  private note: string | undefined;
  /** Non-empty null texts met while the column had no kind: a column of only `NA`s is text (see `inferPlan`). */
  private nullTexts = 0;
  /** Range of a fixed integer dtype (±Infinity when inferred). */
  private readonly lo: number;
  private readonly hi: number;
  /** The chunk being built; `num`, `valid` and `cat` are its storage, named here for the byte loops. */
  private readonly col: TypedColumnBuilder;
  private readonly num: NumberBuilder;
  private readonly valid: ValidityBuilder;
  private readonly cat: CategoricalBuilder;
  private scratch = new Uint8Array(64);
  /** Field hashes of a block (`bigCategoricalLoop`), and what the touches returned (kept, never read). */
  private hashes: Int32Array | null = null;
  private touched = 0;
  /** Fields interned by hash, not through `keys` (over 16 bytes, or at the end of the buffer), to choose a loop. */
  private longFields = 0;
  /** Whether over 1/LONG_HEAVY of the last batch's fields were such: then a big dictionary goes by blocks. */
  private longHeavy = false;
  /** Per row of a block (`bigCategoricalLoop`): the short field's key (as in `keys`, length 0 for others) and its first entry. */
  private blockKeys: Int32Array | null = null;
  /** The WebAssembly probe holding the key table's entries (`probedCategoricalLoop`; null until used). */
  private probe: KeyProbe | null = null;
  private viewBuf: Uint8Array | null = null;
  private view: DataView = new DataView(new ArrayBuffer(0));

  /** `initialRows`: the rows of one batch, which the storage starts with (see `TypedColumnOptions.initialRows`). */
  constructor(plan: ColumnPlan, chunkSize: number, categoricalCap: number, rules: ValueRules, sampling = false, initialRows?: number) {
    this.name = plan.name;
    this.fixed = plan.fixed;
    this.rules = rules;
    this.col = new TypedColumnBuilder({ kind: plan.kind, announced: plan.dtype, fixed: plan.fixed, chunkSize, categoricalCap, initialRows });
    this.sampling = sampling;
    this.hidden = plan.hidden === true && !sampling;
    this.planKind = this.col.kind;
    this.num = this.col.num;
    this.valid = this.col.valid;
    this.cat = this.col.cat;
    if (!sampling) this.cat.reportTable();
    if (plan.fixed !== undefined && isIntegerDType(plan.fixed) && plan.fixed !== 'int64') {
      const [lo, hi] = INT_RANGES[plan.fixed];
      this.lo = Number(lo);
      this.hi = Number(hi);
    } else {
      this.lo = -Infinity;
      this.hi = Infinity;
    }
  }

  /** Parses the batch's `count` fields (`fields`, see `FieldRefs`) into chunk rows `row0 + r`. */
  parseBatch(buf: Uint8Array, fields: FieldRefs, count: number, row0: number, ctx: BatchContext): void {
    if (this.hidden) return this.checkEmpty(buf, fields, count, row0, ctx);
    this.col.reserve(row0 + count);
    const longBefore = this.longFields;
    let r = 0;
    while (r < count) {
      switch (this.col.kind) {
        case 'int':
          r = this.num.bigs === null ? this.intLoop(buf, fields, r, count, row0, ctx) : this.genericLoop(buf, fields, r, count, row0, ctx);
          break;
        case 'float':
          r = this.floatLoop(buf, fields, r, count, row0, ctx);
          break;
        case 'string':
          r = this.col.utf8
            ? this.utf8Loop(buf, fields, r, count, row0, ctx)
            : this.cat.dict.size >= BIG_DICTIONARY && (this.longHeavy || this.cat.keys.entries >= BIG_KEY_TABLE)
              ? this.bigCategoricalLoop(buf, fields, r, count, row0, ctx)
              : KeyProbe.available
                ? this.probedCategoricalLoop(buf, fields, r, count, row0, ctx)
                : this.categoricalLoop(buf, fields, r, count, row0, ctx);
          break;
        default:
          r = this.genericLoop(buf, fields, r, count, row0, ctx);
      }
    }
    this.longHeavy = (this.longFields - longBefore) * LONG_HEAVY > count;
  }

  /**
   * The hidden column a trailing delimiter makes holds nothing: a value there would be lost without a word, so it is
   * an error (the sniffer decided on the sampled lines, which all ended with a delimiter).
   */
  private checkEmpty(buf: Uint8Array, fields: FieldRefs, count: number, row0: number, ctx: BatchContext): void {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    for (let r = 0; r < count; r++) {
      const s = starts[startAt + r * stride] + startAdd;
      const e = ends[endAt + r * stride];
      if (s === MISSING || (s >= 0 && e === s)) continue;
      const from = s < 0 ? ~s : s;
      const to = e < 0 ? ~e : e;
      ctx.fail(
        'trailing-value',
        `a value after the last column ('${shown(buf, from, to)}'), where every sampled line ended with a delimiter`,
        undefined,
        row0 + r,
        from,
        'to read that column, pass columns with a name for it too (one more name than the header has)',
      );
    }
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
    const values = this.num.values;
    const lo = this.lo;
    const hi = this.hi;
    let min = this.num.min;
    let max = this.num.max;
    for (; r < count; r++) {
      const s = starts[startAt + r * stride] + startAdd;
      const e = ends[endAt + r * stride];
      // At most 15 characters: up to 15 digits, exact in a double. A leading zero (`007`) takes the general path.
      if (s >= 0 && e > s && e - s <= 15 && (buf[s] !== 0x30 || e - s === 1)) {
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
      this.num.min = min;
      this.num.max = max;
      this.parseValue(buf, s, e, row0 + r, ctx);
      if (this.col.kind !== 'int' || this.num.bigs !== null) return r + 1;
      min = this.num.min;
      max = this.num.max;
    }
    this.num.min = min;
    this.num.max = max;
    return count;
  }

  private floatLoop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const values = this.num.values;
    for (; r < count; r++) {
      const s = starts[startAt + r * stride] + startAdd;
      const e = ends[endAt + r * stride];
      const v = s >= 0 ? parsePlainDecimal(buf, s, e) : NaN;
      if (v === v) {
        values[row0 + r] = v;
        continue;
      }
      this.parseValue(buf, s, e, row0 + r, ctx);
      if (this.col.kind !== 'float') return r + 1;
    }
    return count;
  }

  /**
   * `categoricalLoop` with the key table probed in WebAssembly (`KeyProbe`), a block of rows at a time: each row the
   * probe cannot do (a new key, a longer one, one that may be null, a quoted field) goes through `categoricalLoop`,
   * and so do blocks whose bytes the probe would not copy in. Returns as `categoricalLoop` does: `count`, or the row
   * after one that made the column something else than categorical.
   */
  private probedCategoricalLoop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const nullLengths = this.nullsOfKind().lengthBits;
    const stillCategorical = (): boolean => this.col.kind === 'string' && !this.col.utf8;
    const other = (i: number): boolean => {
      this.categoricalLoop(buf, fields, i, i + 1, row0, ctx);
      return stillCategorical();
    };
    const empty = (): number => -1;
    // A few rows (a wide file's columns) are not worth a WebAssembly memory.
    if (this.probe === null && count - r < MIN_PROBE_ROWS) return this.categoricalLoop(buf, fields, r, count, row0, ctx);
    while (r < count && stillCategorical()) {
      const to = Math.min(count, r + KeyProbe.rowsAtOnce(fields));
      const span = KeyProbe.span(fields, r, to);
      // Blocks whose bytes the probe would not copy in, and all once no probe is to be had, go through the JS loop.
      const probe = KeyProbe.fits(span) ? (this.probe = KeyProbe.holding(this.probe, this.cat.keys, span)) : null;
      r =
        probe === null
          ? this.categoricalLoop(buf, fields, r, to, row0, ctx)
          : probe.run(this.cat.keys, buf, fields, r, to, this.cat.codes, row0, empty, nullLengths, other);
    }
    // A column that went utf8 (its table reset) lets the probe's memory, with the old table in it, go.
    if (!stillCategorical()) this.probe = null;
    return r;
  }

  private categoricalLoop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const dict = this.cat.dict;
    const codes = this.cat.codes;
    const nulls = this.nullsOfKind();
    const view = this.viewOf(buf);
    // Fields of up to 16 bytes whose 16-byte window fits in the buffer go through the key table.
    const viewEnd = buf.length - 16;
    let keys = this.cat.keys.keys;
    let tails = this.cat.keys.tails;
    let shift = this.cat.keys.shift;
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
        const slot = findKey(keys, tails, keySlot(w0, w1, w2, w3, len, shift), w0, w1, w2, w3, len);
        if (!isFree(keys, slot)) {
          codes[row0 + r] = entryCode(keys, slot);
          continue;
        }
        if (!this.addShortField(buf, s, e, row0 + r, ctx, slot, w0, w1, w2, w3)) return r + 1;
        // Adding may have doubled the table or grown its tails.
        keys = this.cat.keys.keys;
        tails = this.cat.keys.tails;
        shift = this.cat.keys.shift;
        continue;
      }
      if (s >= 0 && e > s && !nulls.maybeNull(e - s)) {
        this.longFields++;
        const known = dict.size;
        const code = dict.internBytes(buf, s, e);
        codes[row0 + r] = code;
        if (code >= known) {
          this.checkNewEntry(buf, s, e, row0 + r, s, ctx);
          if (this.col.utf8) return r + 1;
        }
        continue;
      }
      this.parseValue(buf, s, e, row0 + r, ctx);
      if (this.col.kind !== 'string' || this.col.utf8) return r + 1;
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
    const dict = this.cat.dict;
    const codes = this.cat.codes;
    const nulls = this.nullsOfKind();
    // Made on first use: most columns never take this loop, and a file may have 100,000 columns.
    const hashes = (this.hashes ??= new Int32Array(TOUCH_BLOCK));
    const blockKeys = (this.blockKeys ??= new Int32Array(6 * TOUCH_BLOCK));
    const view = this.viewOf(buf);
    const viewEnd = buf.length - 16;
    while (r < count) {
      const first = r;
      const blockEnd = Math.min(count, r + TOUCH_BLOCK);
      const shift = this.cat.keys.shift;
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
      const keys = this.cat.keys.keys;
      for (let k = 0, end = (blockEnd - first) * 6; k < end; k += 6) if (blockKeys[k + 4] !== 0) touched ^= keys[blockKeys[k + 5]];
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
          const table = this.cat.keys;
          const keys = table.keys;
          const slot = findKey(keys, table.tails, table.shift === shift ? blockKeys[k + 5] : keySlot(w0, w1, w2, w3, len, table.shift), w0, w1, w2, w3, len);
          if (!isFree(keys, slot)) codes[row0 + r] = entryCode(keys, slot);
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
            if (this.col.utf8) return r + 1;
          }
          continue;
        }
        this.parseValue(buf, s, e, row0 + r, ctx);
        if (this.col.kind !== 'string' || this.col.utf8) return r + 1;
      }
    }
    return count;
  }

  /** A short field missed the key table: intern it, and add its key (w0..w3 as in the table) at the free entry `slot`. */
  private addShortField(buf: Uint8Array, s: number, e: number, row: number, ctx: BatchContext, slot: number, w0: number, w1: number, w2: number, w3: number): boolean {
    const known = this.cat.dict.size;
    // A miss need not be a new value: quoted fields, fields at the end of the buffer and fields met once the
    // table stopped growing are interned without a key.
    const code = this.cat.dict.internBytes(buf, s, e);
    this.cat.codes[row] = code;
    if (code >= known) {
      this.checkNewEntry(buf, s, e, row, s, ctx);
      if (this.col.utf8) return false;
    }
    this.cat.keys.add(slot, w0, w1, w2, w3, e - s, code);
    return true;
  }

  private utf8Loop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const str = this.col.str as Utf8Builder;
    const offsets = str.offsets;
    const nulls = this.nullsOfKind();
    const first = r;
    const firstByte = str.dataEnd;
    for (; r < count; r++) {
      const s = starts[startAt + r * stride] + startAdd;
      const e = ends[endAt + r * stride];
      if (s >= 0 && e > s && !nulls.maybeNull(e - s)) {
        const len = e - s;
        let end = str.dataEnd;
        if (end + len > str.data.length) str.growData(end + len);
        const data = str.data;
        if (len < 32) for (let i = s; i < e; i++) data[end++] = buf[i];
        else {
          data.set(buf.subarray(s, e), end);
          end += len;
        }
        str.dataEnd = end;
        offsets[row0 + r + 1] = end;
        continue;
      }
      this.parseValue(buf, s, e, row0 + r, ctx);
    }
    // Validate the batch's bytes at once (native), and only look for the culprit when they are bad.
    if (!isUtf8(str.data.subarray(firstByte, str.dataEnd))) this.findBadUtf8Row(buf, fields, first, count, row0, ctx);
    return count;
  }

  private genericLoop(buf: Uint8Array, fields: FieldRefs, r: number, count: number, row0: number, ctx: BatchContext): number {
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const kind = this.col.kind;
    const big = this.num.bigs !== null;
    for (; r < count; r++) {
      this.parseValue(buf, starts[startAt + r * stride] + startAdd, ends[endAt + r * stride], row0 + r, ctx);
      if (this.col.kind !== kind || (this.num.bigs !== null) !== big) return r + 1;
    }
    return count;
  }

  /** One field, any shape: missing, quoted, escaped, null, or a value that widens the column. */
  private parseValue(buf: Uint8Array, s: number, e: number, row: number, ctx: BatchContext): void {
    if (s === MISSING) return this.col.setNull(row);
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
    const stringColumn = this.col.kind === 'string' || this.fixed === 'utf8' || this.fixed === 'categorical';
    if (!(quoted && stringColumn) && this.nullsOfKind().matches(bytes, s, e)) {
      if (this.col.kind === 'null' && e > s) this.nullTexts++;
      return this.col.setNull(row);
    }
    this.store(bytes, s, e, row, ctx, pos, bytes === buf);
  }

  /**
   * The null texts of the column: in text only the empty field by default, `NaN` a value in floats. Chosen by the
   * kind the plan gives (the sample's), not the kind the column has widened to, so that every reader of a split
   * file, starting wherever its range starts, reads the same text the same way (a column the sample saw no value
   * in takes the float rule). Only while sampling does it follow the kind as it is found.
   */
  private nullsOfKind(): NullMatcher {
    const kind = this.sampling ? this.col.kind : this.planKind;
    return kind === 'string' ? this.rules.textNulls : kind === 'float' || kind === 'null' ? this.rules.floatNulls : this.rules.typedNulls;
  }

  /** One value into the column of its kind; a value the kind cannot hold widens the column (or, when fixed, is an error). */
  private store(b: Uint8Array, s: number, e: number, row: number, ctx: BatchContext, pos: number, inBuffer: boolean): void {
    const inferred = this.fixed === undefined;
    switch (this.col.kind) {
      case 'null': {
        this.col.kind = this.kindOfFirst(b, s, e);
        if (this.col.kind === 'string') {
          this.col.startStrings(row, false);
          const why = lossyNumber(b, s, e);
          if (why !== undefined) this.noteAt(`text: ${why}`, row, ctx);
        }
        return this.store(b, s, e, row, ctx, pos, inBuffer);
      }
      case 'bool': {
        const v = parseBool(b, s, e);
        if (v >= 0) {
          this.num.values[row] = v;
          return;
        }
        break;
      }
      case 'int': {
        const v = parseInteger(b, s, e);
        if (inferred && v !== undefined && v !== INT_OVERFLOW && hasLeadingZero(b, s, e)) break;
        if (typeof v === 'number') {
          if (v >= this.lo && v <= this.hi) {
            this.num.values[row] = v;
            if (v < this.num.min) this.num.min = v;
            if (v > this.num.max) this.num.max = v;
            if (this.num.bigs !== null) this.num.bigs[row] = BigInt(v);
            return;
          }
          return this.badValue(b, s, e, row, ctx, pos);
        }
        if (typeof v === 'bigint') {
          if (!inferred && this.fixed !== 'int64') return this.badValue(b, s, e, row, ctx, pos);
          const bigs = this.num.ensureBigs(row);
          bigs[row] = v;
          this.num.values[row] = Number(v);
          if (v < this.num.bigMin) this.num.bigMin = v;
          if (v > this.num.bigMax) this.num.bigMax = v;
          return;
        }
        if (inferred && v === undefined && isFloat(b, s, e) && !tooManyDigits(b, s, e)) {
          // Fractional: the column becomes float64 (an integer beyond int64 stays text, never a rounded float).
          this.col.kind = 'float';
          this.num.bigs = null;
          this.num.values[row] = parseFloatBytes(b, s, e);
          return;
        }
        break;
      }
      case 'float': {
        const v = parseFloatBytes(b, s, e);
        if ((v === v || isNanText(b, s, e)) && (!inferred || !(tooManyDigits(b, s, e) || hasLeadingZero(b, s, e)))) {
          this.num.values[row] = v;
          return;
        }
        break;
      }
      case 'date': {
        const days = this.rules.parseDate(b, s, e);
        if (days === days) {
          this.num.values[row] = days;
          return;
        }
        if (inferred && this.rules.timestampTakesDates && !Number.isNaN(this.rules.parseTimestamp(b, s, e))) {
          this.col.datesToTimestamps(row);
          return this.store(b, s, e, row, ctx, pos, inBuffer);
        }
        break;
      }
      case 'timestamp': {
        const us = this.rules.parseTimestamp(b, s, e);
        if (us === us) {
          if (Math.abs(us) < MAX_EXACT_MICROS) this.num.setInt64(row, us);
          else this.num.ensureBigs(row)[row] = bigTimestamp();
          return;
        }
        break;
      }
      case 'string':
        return this.storeString(b, s, e, row, ctx, pos, inBuffer);
    }
    if (!inferred) return this.badValue(b, s, e, row, ctx, pos);
    this.noteAt(`text: ${lossyNumber(b, s, e) ?? `'${shown(b, s, e)}' is not ${this.col.kind === 'int' ? 'an int' : `a ${this.col.kind}`}`}`, row, ctx);
    this.col.numbersToUtf8(row);
    this.storeString(b, s, e, row, ctx, pos, inBuffer);
  }

  /**
   * The kind the first value of a column asks for: bool, int, float, date, timestamp, else text. Integers with a
   * leading zero (zip codes, ids) and numbers with more digits than a float64 keeps are text: reading them as
   * numbers would lose what they say.
   */
  private kindOfFirst(b: Uint8Array, s: number, e: number): ValueKind {
    if (parseBool(b, s, e) >= 0) return 'bool';
    const i = parseInteger(b, s, e);
    if (i !== undefined) return i === INT_OVERFLOW || hasLeadingZero(b, s, e) ? 'string' : 'int';
    if (isFloat(b, s, e)) return tooManyDigits(b, s, e) || hasLeadingZero(b, s, e) ? 'string' : 'float';
    const days = this.rules.parseDate(b, s, e);
    if (days === days) return 'date';
    const us = this.rules.parseTimestamp(b, s, e);
    return us === us ? 'timestamp' : 'string';
  }

  private storeString(b: Uint8Array, s: number, e: number, row: number, ctx: BatchContext, pos: number, inBuffer: boolean): void {
    if (!this.col.utf8) {
      const known = this.cat.dict.size;
      const code = this.cat.dict.internBytes(b, s, e);
      this.cat.codes[row] = code;
      if (code >= known) this.checkNewEntry(b, s, e, row, inBuffer ? s : pos, ctx);
      return;
    }
    const bad = findInvalidUtf8(b, s, e);
    if (bad >= 0) ctx.fail('invalid-utf8', 'invalid UTF-8', this.name, row, inBuffer ? bad : pos, "pass encoding: 'latin1' if the file is not UTF-8");
    (this.col.str as Utf8Builder).appendBytes(b, s, e, row);
  }

  /** A new dictionary entry: validate its UTF-8 once, and fall back to utf8 when the dictionary passes the cap. */
  private checkNewEntry(b: Uint8Array, s: number, e: number, row: number, pos: number, ctx: BatchContext): void {
    const bad = findInvalidUtf8(b, s, e);
    if (bad >= 0) {
      ctx.fail('invalid-utf8', 'invalid UTF-8', this.name, row, pos + (bad - s), "pass encoding: 'latin1' if the file is not UTF-8");
    }
    if (this.cat.overCap) this.col.categoricalToUtf8(row + 1);
  }

  private badValue(b: Uint8Array, s: number, e: number, row: number, ctx: BatchContext, pos: number): never {
    const dtype = this.col.announced;
    ctx.fail(
      'bad-value',
      `cannot parse '${shown(b, s, e)}' as ${dtype}`,
      this.name,
      row,
      pos,
      `the dtypes option asks for ${dtype}; use 'utf8' to read the column as text`,
    );
  }

  private unescape(buf: Uint8Array, s: number, e: number): number {
    if (this.scratch.length < e - s) this.scratch = new Uint8Array(Math.max(e - s, this.scratch.length * 2));
    const out = this.scratch;
    let n = 0;
    const esc = this.rules.escape;
    const quote = buf[s - 1];
    for (let i = s; i < e; i++) {
      const c = buf[i];
      if (c === esc && esc !== quote) {
        // `\x` is x.
        out[n++] = buf[++i];
        continue;
      }
      out[n++] = c;
      // Inside a quoted field a quote only appears doubled; keep one.
      if (c === quote) i++;
    }
    return n;
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

  /** What a sample of `n` rows says about the column: its kind, the dtype to announce, and why when that is not plain. */
  inferPlan(n: number): { kind: ValueKind; dtype: DType; note?: string } {
    const plan = this.col.samplePlan(n);
    // Only null texts (`NA`, `null`) and no value: text that happens to look like a null (a country code).
    if (plan.kind === 'null' && this.nullTexts > 0 && this.fixed === undefined)
      return { kind: 'string', dtype: 'categorical', note: 'text: only null-like texts such as NA, kept as text' };
    return this.note === undefined ? plan : { ...plan, note: this.note };
  }

  /** Keeps the first reason worth telling, with the line it was met at. */
  private noteAt(text: string, row: number, ctx: BatchContext): void {
    this.note ??= `${text} at line ${ctx.lineOf(row)}`;
  }

  /** Emits rows [0, n) as one column and starts the next chunk. */
  finish(n: number): Column {
    return this.col.finish(n);
  }

  /** The scan is over: the dictionary no longer counts the key table (see `CategoricalBuilder.release`). */
  release(): void {
    this.cat.release();
  }
}

/**
 * Dictionary size from which interning goes by blocks (`bigCategoricalLoop`): beyond what L1/L2 hold. That
 * is for fields interned by hash (three reads a field); short fields (one read in `keys`) only gain from
 * blocks once their table passes BIG_KEY_TABLE entries: measured on 12-byte keys (with entries of 24 bytes then),
 * blocks lose at 30k and 100k keys, break even at 300k and win by a fifth at 900k.
 */
const BIG_DICTIONARY = 1 << 14;
const BIG_KEY_TABLE = 1 << 19;
/** See `CsvColumnParser.longHeavy`. */
const LONG_HEAVY = 8;
/** Rows per block of `bigCategoricalLoop`: 64 read 900k short keys a tenth faster than 256, long fields alike. */
const TOUCH_BLOCK = 64;
/** Rows of a batch that make a column's first key probe worth its memory (see `probedCategoricalLoop`). */
const MIN_PROBE_ROWS = 256;

function isFloat(b: Uint8Array, s: number, e: number): boolean {
  const v = parseFloatBytes(b, s, e);
  return v === v || isNanText(b, s, e);
}

/** Why a number-like text is kept as text, if it is one: reading it as a number would lose what it says. */
function lossyNumber(b: Uint8Array, s: number, e: number): string | undefined {
  if (hasLeadingZero(b, s, e)) return `leading zero in '${shown(b, s, e)}'`;
  if (parseInteger(b, s, e) === INT_OVERFLOW) return `'${shown(b, s, e)}' is beyond int64`;
  if (isFloat(b, s, e) && tooManyDigits(b, s, e)) return `'${shown(b, s, e)}' has more digits than a float64 keeps`;
  return undefined;
}

/** A field's text for a message, cut at 40 bytes. */
function shown(b: Uint8Array, s: number, e: number): string {
  const text = utf8Decoder.decode(b.subarray(s, Math.min(e, s + 40)));
  return e - s > 40 ? `${text}…` : text;
}
