import { bitmapByteLength } from './bitmap.js';
import { BigIntColumn, BoolColumn, CategoricalColumn, type Column, codeArrayFor, NumberColumn, Utf8Column } from './column.js';
import { Dictionary } from './dictionary.js';
import { type DType, INT_RANGES, type IntDType, narrowestIntDType, supertype } from './dtype.js';
import { DfError } from './errors/df-error.js';
import { newNumberArray } from './new-number-array.js';
import { utf8Decoder, utf8Encoder } from './utf8.js';

export interface ColumnBuilderOptions {
  /** Column name, used in error messages. */
  name?: string;
  /** Store as this dtype instead of inferring one; values that do not fit are an error. */
  dtype?: DType;
  /** Distinct strings above which an inferred string column falls back from categorical to utf8. */
  categoricalCap?: number;
  /** Dictionary to share with other columns or builders. */
  dictionary?: Dictionary;
}

export const DEFAULT_CATEGORICAL_CAP = 1_000_000;
/** A first chunk where more than this share of values is distinct is treated as free text, not a category. */
const CATEGORICAL_MAX_DISTINCT_SHARE = 0.5;
const CATEGORICAL_SHARE_MIN_ROWS = 1024;

type Kind = 'empty' | 'bool' | 'int' | 'float' | 'string' | 'timestamp';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const INT64_MIN = INT_RANGES.int64[0];
const INT64_MAX = INT_RANGES.int64[1];

/**
 * Turns values (numbers, bigints, strings, booleans, Dates, null) into compact columns, one chunk per
 * `finish()`. Decisions persist across chunks: the integer width only grows, a categorical column keeps
 * one dictionary, and a column that fell back to utf8 stays utf8.
 */
export class ColumnBuilder {
  readonly name: string;
  private readonly requested: DType | undefined;
  private readonly cap: number;
  private kind: Kind = 'empty';
  private length = 0;
  private nulls = 0;
  private validity: Uint8Array = new Uint8Array(8);
  private nums = new Float64Array(64);
  private bigs: BigInt64Array | null = null;
  private min = Infinity;
  private max = -Infinity;
  private bigMin = INT64_MAX;
  private bigMax = INT64_MIN;
  private codes = new Uint32Array(64);
  private offsets = new Int32Array(65);
  private bytes: Uint8Array = new Uint8Array(256);
  private byteEnd = 0;
  private categorical: boolean;
  private forcedCategorical: boolean;
  private dict: Dictionary;
  private floor: DType | null = null;
  private chunksFinished = 0;
  /** Rows emitted by earlier `finish()` calls, so that errors name the row of the whole column. */
  private rowsBefore = 0;

  constructor(options: ColumnBuilderOptions = {}) {
    this.name = options.name ?? 'column';
    this.requested = options.dtype;
    this.cap = options.categoricalCap ?? DEFAULT_CATEGORICAL_CAP;
    this.categorical = options.dtype !== 'utf8';
    this.forcedCategorical = options.dtype === 'categorical';
    this.dict = options.dictionary ?? new Dictionary();
  }

  get numRows(): number {
    return this.length;
  }

  append(value: unknown): void {
    if (value === null || value === undefined) return this.appendNull();
    const i = this.length;
    this.reserve(i + 1);
    this.setValid(i);
    switch (typeof value) {
      case 'number':
        this.appendNumber(value);
        break;
      case 'bigint':
        this.appendBigInt(value);
        break;
      case 'string':
        this.toKind('string');
        this.appendString(value);
        break;
      case 'boolean':
        if (this.kind === 'empty' || this.kind === 'bool') {
          this.kind = 'bool';
          this.nums[i] = value ? 1 : 0;
        } else {
          this.toKind('string');
          this.appendString(String(value));
        }
        break;
      default:
        if (value instanceof Date) {
          if (this.kind === 'empty' || this.kind === 'timestamp') {
            this.kind = 'timestamp';
            this.ensureBigs()[i] = BigInt(value.getTime()) * 1000n;
          } else {
            this.toKind('string');
            this.appendString(value.toISOString());
          }
          break;
        }
        throw new DfError('usage', `column '${this.name}', row ${this.rowsBefore + i}: cannot store a value of type ${describe(value)}`, {
          where: { column: this.name },
        });
    }
    this.length = i + 1;
  }

  appendNull(): void {
    const i = this.length;
    this.reserve(i + 1);
    this.validity[i >>> 3] &= ~(1 << (i & 7));
    this.nulls++;
    if (this.bigs !== null) this.bigs[i] = 0n;
    else this.nums[i] = 0;
    this.codes[i] = 0;
    this.offsets[i + 1] = this.byteEnd;
    this.length = i + 1;
  }

  /** Emits the rows appended since the last `finish()` as one column and starts a new chunk. */
  finish(): Column {
    const column = this.build();
    this.chunksFinished++;
    this.rowsBefore += column.length;
    // An all-null chunk says nothing about the column's type, so it does not move the floor.
    if (column.nullCount < column.length) this.floor = this.floor === null ? column.dtype : widen(this.floor, column.dtype);
    this.length = 0;
    this.nulls = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.byteEnd = 0;
    if (this.kind === 'int') this.bigs = null;
    return column;
  }

  private build(): Column {
    const n = this.length;
    const validity = this.nulls === 0 ? null : this.validity.slice(0, bitmapByteLength(n));
    if (n > 0 && validity !== null) clearTail(validity, n);
    const target = this.requested ?? this.inferDType();
    return this.materialize(target, n, validity);
  }

  private inferDType(): DType {
    switch (this.kind) {
      case 'empty':
        return this.floor ?? 'int8';
      case 'bool':
        return 'bool';
      case 'float':
        return this.floor !== null && (this.floor === 'utf8' || this.floor === 'categorical') ? this.floor : 'float64';
      case 'timestamp':
        return 'timestamp';
      case 'string':
        if (this.categorical && !this.forcedCategorical && this.looksLikeFreeText()) this.switchToUtf8();
        return this.categorical ? 'categorical' : 'utf8';
      case 'int': {
        const inferred = this.bigs !== null ? narrowestIntDType(this.bigMin, this.bigMax) : narrowestIntDType(this.min, this.max);
        return this.floor === null ? inferred : widen(this.floor, inferred);
      }
    }
  }

  private looksLikeFreeText(): boolean {
    const nonNull = this.length - this.nulls;
    return this.chunksFinished === 0 && nonNull >= CATEGORICAL_SHARE_MIN_ROWS && this.dict.size > nonNull * CATEGORICAL_MAX_DISTINCT_SHARE;
  }

  private materialize(dtype: DType, n: number, validity: Uint8Array | null): Column {
    const kind = this.kind;
    if (kind === 'string' && dtype !== 'utf8' && dtype !== 'categorical') {
      throw new DfError('usage', `column '${this.name}': strings cannot be stored as ${dtype}`, { where: { column: this.name } });
    }
    switch (dtype) {
      case 'utf8': {
        if (kind !== 'string' && kind !== 'empty') return this.stringified(n, false);
        if (this.categorical) this.switchToUtf8();
        const offsets = this.offsets.slice(0, n + 1);
        return new Utf8Column(offsets, this.bytes.slice(0, this.byteEnd), validity, this.nulls);
      }
      case 'categorical': {
        if (kind !== 'string' && kind !== 'empty') return this.stringified(n, true);
        if (!this.categorical) this.switchToCategorical();
        const codes = codeArrayFor(this.dict.size, n);
        codes.set(this.codes.subarray(0, n));
        return new CategoricalColumn(codes, this.dict, validity, this.nulls);
      }
      case 'bool': {
        this.expectKind(['bool', 'empty'], dtype);
        const bits = new Uint8Array(bitmapByteLength(n));
        for (let i = 0; i < n; i++) if (this.nums[i] !== 0) bits[i >>> 3] |= 1 << (i & 7);
        return new BoolColumn(bits, n, validity, this.nulls);
      }
      case 'int64':
      case 'timestamp': {
        if (dtype === 'int64') this.expectKind(['int', 'empty'], dtype);
        else this.expectKind(['timestamp', 'int', 'empty'], dtype);
        const values = new BigInt64Array(n);
        if (this.bigs !== null) values.set(this.bigs.subarray(0, n));
        else for (let i = 0; i < n; i++) values[i] = BigInt(this.nums[i]);
        return new BigIntColumn(dtype, values, validity, this.nulls);
      }
      case 'float32':
      case 'float64': {
        this.expectKind(['int', 'float', 'empty'], dtype);
        const values = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
        if (this.bigs !== null) for (let i = 0; i < n; i++) values[i] = Number(this.bigs[i]);
        else values.set(this.nums.subarray(0, n));
        return new NumberColumn(dtype, values, validity, this.nulls);
      }
      case 'date': {
        this.expectKind(['int', 'empty'], dtype);
        this.checkIntRange('int32', n);
        return new NumberColumn('date', Int32Array.from(this.nums.subarray(0, n)), validity, this.nulls);
      }
      default: {
        this.expectKind(['int', 'empty'], dtype);
        this.checkIntRange(dtype, n);
        const values = newNumberArray(dtype, n);
        if (this.bigs !== null) for (let i = 0; i < n; i++) values[i] = Number(this.bigs[i]);
        else values.set(this.nums.subarray(0, n));
        return new NumberColumn(dtype, values, validity, this.nulls);
      }
    }
  }

  private expectKind(kinds: Kind[], dtype: DType): void {
    if (!kinds.includes(this.kind)) {
      throw new DfError('usage', `column '${this.name}': ${this.kind} values cannot be stored as ${dtype}`, { where: { column: this.name } });
    }
  }

  private checkIntRange(dtype: IntDType, n: number): void {
    const [lo, hi] = INT_RANGES[dtype];
    for (let i = 0; i < n; i++) {
      if (this.nulls > 0 && (this.validity[i >>> 3] & (1 << (i & 7))) === 0) continue;
      const v = this.bigs !== null ? this.bigs[i] : this.nums[i];
      if (v < lo || v > hi) {
        throw new DfError('usage', `column '${this.name}', row ${this.rowsBefore + i}: value ${v} does not fit ${dtype}`, { where: { column: this.name } });
      }
    }
  }

  /** Non-string values asked to be stored as strings: format them as `String(value)` would. */
  private stringified(n: number, categorical: boolean): Column {
    const builder = new ColumnBuilder({ name: this.name, dtype: categorical ? 'categorical' : 'utf8', dictionary: this.dict });
    for (let i = 0; i < n; i++) builder.append(this.valueAt(i));
    return builder.finish();
  }

  private valueAt(i: number): unknown {
    if (this.nulls > 0 && (this.validity[i >>> 3] & (1 << (i & 7))) === 0) return null;
    if (this.kind === 'bool') return this.nums[i] !== 0 ? 'true' : 'false';
    if (this.kind === 'timestamp') return new Date(Number((this.bigs as BigInt64Array)[i] / 1000n)).toISOString();
    if (this.bigs !== null) return String(this.bigs[i]);
    return String(this.nums[i]);
  }

  private appendNumber(v: number): void {
    const i = this.length;
    if (this.kind === 'empty' || this.kind === 'int') {
      // -0 is an integer to JS but an integer array would store it as 0: keep it exact as a float.
      if (Number.isInteger(v) && !Object.is(v, -0)) {
        this.kind = 'int';
        if (this.bigs === null && Math.abs(v) <= MAX_SAFE) {
          this.nums[i] = v;
          if (v < this.min) this.min = v;
          if (v > this.max) this.max = v;
          return;
        }
        if (v >= -(2 ** 63) && v < 2 ** 63) return this.appendBigInt(BigInt(v));
      }
      this.toKind('float');
    }
    if (this.kind === 'float') {
      this.nums[i] = v;
      return;
    }
    this.toKind('string');
    this.appendString(String(v));
  }

  private appendBigInt(v: bigint): void {
    const i = this.length;
    if (this.kind === 'empty' || this.kind === 'int') {
      this.kind = 'int';
      if (v < INT64_MIN || v > INT64_MAX) {
        // Beyond int64: keep the magnitude as a float rather than wrap.
        this.toKind('float');
        this.nums[i] = Number(v);
        return;
      }
      if (this.bigs === null && v >= -BigInt(MAX_SAFE) && v <= BigInt(MAX_SAFE)) {
        return this.appendNumber(Number(v));
      }
      const bigs = this.ensureBigs();
      bigs[i] = v;
      if (v < this.bigMin) this.bigMin = v;
      if (v > this.bigMax) this.bigMax = v;
      return;
    }
    if (this.kind === 'float') {
      this.nums[i] = Number(v);
      return;
    }
    this.toKind('string');
    this.appendString(String(v));
  }

  private ensureBigs(): BigInt64Array {
    if (this.bigs === null) {
      // Only int and timestamp kinds get here, so the numbers so far are exact integers.
      const bigs = new BigInt64Array(this.nums.length);
      for (let j = 0; j < this.length; j++) bigs[j] = BigInt(this.nums[j]);
      this.bigs = bigs;
      const seen = this.min !== Infinity;
      this.bigMin = seen ? BigInt(this.min) : INT64_MAX;
      this.bigMax = seen ? BigInt(this.max) : INT64_MIN;
    }
    return this.bigs;
  }

  /** Moves the values appended so far to a wider kind (int -> float -> string). */
  private toKind(kind: Kind): void {
    if (this.kind === kind) return;
    const from = this.kind;
    if (kind === 'float' && from === 'int') {
      if (this.bigs !== null) {
        for (let j = 0; j < this.length; j++) this.nums[j] = Number(this.bigs[j]);
        this.bigs = null;
      }
    } else if (kind === 'string' && from !== 'empty') {
      const previous: unknown[] = [];
      for (let j = 0; j < this.length; j++) previous.push(this.valueAt(j));
      this.kind = 'string';
      this.bigs = null;
      const n = this.length;
      this.length = 0;
      this.nulls = 0;
      this.byteEnd = 0;
      for (let j = 0; j < n; j++) {
        const v = previous[j];
        if (v === null) this.appendNull();
        else {
          this.setValid(j);
          this.appendString(v as string);
          this.length = j + 1;
        }
      }
      return;
    }
    this.kind = kind;
  }

  private appendString(v: string): void {
    const i = this.length;
    if (this.categorical) {
      this.codes[i] = this.dict.intern(v);
      if (!this.forcedCategorical && this.dict.size > this.cap) this.switchToUtf8(i + 1);
      return;
    }
    const need = this.byteEnd + v.length * 3;
    if (need > this.bytes.length) this.bytes = grow(this.bytes, need);
    this.byteEnd += utf8Encoder.encodeInto(v, this.bytes.subarray(this.byteEnd)).written;
    this.offsets[i + 1] = this.byteEnd;
  }

  /** Re-encodes the first `rows` codes of this chunk as utf8 bytes; later chunks of this builder stay utf8. */
  private switchToUtf8(rows = this.length): void {
    if (!this.categorical) return;
    this.categorical = false;
    let end = 0;
    for (let j = 0; j < rows; j++) {
      if ((this.validity[j >>> 3] & (1 << (j & 7))) !== 0) {
        const bytes = this.dict.bytesOf(this.codes[j]);
        if (end + bytes.length > this.bytes.length) this.bytes = grow(this.bytes, end + bytes.length);
        this.bytes.set(bytes, end);
        end += bytes.length;
      }
      this.offsets[j + 1] = end;
    }
    this.byteEnd = end;
    // Chunks already emitted keep the old dictionary; new chunks are utf8 and need none.
    this.dict = new Dictionary();
  }

  private switchToCategorical(): void {
    this.categorical = true;
    for (let j = 0; j < this.length; j++) {
      this.codes[j] = this.dict.intern(utf8Decoder.decode(this.bytes.subarray(this.offsets[j], this.offsets[j + 1])));
    }
  }

  private setValid(i: number): void {
    this.validity[i >>> 3] |= 1 << (i & 7);
  }

  private reserve(rows: number): void {
    if (rows <= this.nums.length) return;
    const cap = Math.max(rows, this.nums.length * 2);
    this.nums = growTo(this.nums, cap, Float64Array);
    if (this.bigs !== null) this.bigs = growTo(this.bigs, cap, BigInt64Array);
    this.codes = growTo(this.codes, cap, Uint32Array);
    this.offsets = growTo(this.offsets, cap + 1, Int32Array);
    const validity = new Uint8Array(bitmapByteLength(cap));
    validity.set(this.validity);
    this.validity = validity;
  }
}

type GrowableArray = Float64Array | BigInt64Array | Uint32Array | Int32Array;

function growTo<T extends GrowableArray>(a: T, length: number, ctor: new (n: number) => T): T {
  const out = new ctor(length);
  (out as GrowableArray).set(a as never);
  return out;
}

function grow(bytes: Uint8Array, need: number): Uint8Array {
  const out = new Uint8Array(Math.max(need, bytes.length * 2));
  out.set(bytes);
  return out;
}

function clearTail(bits: Uint8Array, length: number): void {
  const tail = length & 7;
  if (tail !== 0) bits[bits.length - 1] &= (1 << tail) - 1;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? (value?.constructor?.name ?? 'object') : typeof value;
}

/** Builds one column from an array of values (one chunk). */
export function buildColumn(values: ArrayLike<unknown>, options: ColumnBuilderOptions = {}): Column {
  const builder = new ColumnBuilder(options);
  for (let i = 0; i < values.length; i++) builder.append(values[i]);
  return builder.finish();
}

/** The dtype a column keeps once a chunk has shown `next` after earlier chunks settled on `floor`. */
function widen(floor: DType, next: DType): DType {
  if (floor === next) return floor;
  const floorIsString = floor === 'utf8' || floor === 'categorical';
  const nextIsString = next === 'utf8' || next === 'categorical';
  if (nextIsString) return next;
  if (floorIsString) return floor;
  return supertype(floor, next);
}
