import { bitmapByteLength } from './bitmap.js';
import { CategoricalBuilder } from './builder/categorical-builder.js';
import { NumberBuilder } from './builder/number-builder.js';
import { Utf8Builder } from './builder/utf8-builder.js';
import { ValidityBuilder } from './builder/validity-builder.js';
import { BigIntColumn, BoolColumn, type Column, NumberColumn } from './column.js';
import { Dictionary } from './dictionary.js';
import { type DType, INT_RANGES, type IntDType, supertype } from './dtype.js';
import { DfError } from './errors/df-error.js';
import { newNumberArray } from './new-number-array.js';
import { utf8Decoder } from './utf8.js';

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
/** Rows a builder has room for at first. */
const INITIAL_ROWS = 64;

/**
 * Turns values (numbers, bigints, strings, booleans, Dates, null) into compact columns, one chunk per
 * `finish()`. Decisions persist across chunks: the integer width only grows, a categorical column keeps
 * one dictionary, and a column that fell back to utf8 stays utf8. The storage and its rules (narrowing, the
 * bigint take-over, validity, the dictionary and its cap, utf8 bytes) are core's typed builders (`builder/`);
 * this front end decides the kind of JS value it is given.
 */
export class ColumnBuilder {
  readonly name: string;
  private readonly requested: DType | undefined;
  private kind: Kind = 'empty';
  private length = 0;
  private readonly valid = new ValidityBuilder(INITIAL_ROWS);
  private readonly num = new NumberBuilder(INITIAL_ROWS);
  private cat: CategoricalBuilder;
  private readonly str = new Utf8Builder(INITIAL_ROWS);
  private categorical: boolean;
  private forcedCategorical: boolean;
  private floor: DType | null = null;
  private chunksFinished = 0;
  /** Rows emitted by earlier `finish()` calls, so that errors name the row of the whole column. */
  private rowsBefore = 0;

  constructor(options: ColumnBuilderOptions = {}) {
    this.name = options.name ?? 'column';
    this.requested = options.dtype;
    this.categorical = options.dtype !== 'utf8';
    this.forcedCategorical = options.dtype === 'categorical';
    const cap = this.forcedCategorical ? Infinity : (options.categoricalCap ?? DEFAULT_CATEGORICAL_CAP);
    this.cat = new CategoricalBuilder(INITIAL_ROWS, cap, options.dictionary ?? new Dictionary());
  }

  get numRows(): number {
    return this.length;
  }

  append(value: unknown): void {
    if (value === null || value === undefined) return this.appendNull();
    const i = this.length;
    this.reserve(i + 1);
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
          this.num.values[i] = value ? 1 : 0;
        } else {
          this.toKind('string');
          this.appendString(String(value));
        }
        break;
      default:
        if (value instanceof Date) {
          if (this.kind === 'empty' || this.kind === 'timestamp') {
            this.kind = 'timestamp';
            this.num.ensureBigs(this.length)[i] = BigInt(value.getTime()) * 1000n;
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
    this.valid.setNull(i);
    if (this.num.bigs !== null) this.num.bigs[i] = 0n;
    else this.num.values[i] = 0;
    this.cat.codes[i] = 0;
    this.str.offsets[i + 1] = this.str.dataEnd;
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
    this.valid.reset();
    this.num.min = Infinity;
    this.num.max = -Infinity;
    this.str.dataEnd = 0;
    if (this.kind === 'int') this.num.bigs = null;
    return column;
  }

  private build(): Column {
    const n = this.length;
    const validity = this.valid.snapshot(n);
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
        const inferred = this.num.narrowest();
        return this.floor === null ? inferred : widen(this.floor, inferred);
      }
    }
  }

  private looksLikeFreeText(): boolean {
    const nonNull = this.length - this.valid.nullCount;
    return this.chunksFinished === 0 && nonNull >= CATEGORICAL_SHARE_MIN_ROWS && this.cat.dict.size > nonNull * CATEGORICAL_MAX_DISTINCT_SHARE;
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
        return this.str.finish(n, validity, this.valid.nullCount);
      }
      case 'categorical': {
        if (kind !== 'string' && kind !== 'empty') return this.stringified(n, true);
        if (!this.categorical) this.switchToCategorical();
        return this.cat.finish(n, validity, this.valid.nullCount);
      }
      case 'bool': {
        this.expectKind(['bool', 'empty'], dtype);
        const bits = new Uint8Array(bitmapByteLength(n));
        for (let i = 0; i < n; i++) if (this.num.values[i] !== 0) bits[i >>> 3] |= 1 << (i & 7);
        return new BoolColumn(bits, n, validity, this.valid.nullCount);
      }
      case 'int64':
      case 'timestamp': {
        if (dtype === 'int64') this.expectKind(['int', 'empty'], dtype);
        else this.expectKind(['timestamp', 'int', 'empty'], dtype);
        const values = new BigInt64Array(n);
        if (this.num.bigs !== null) values.set(this.num.bigs.subarray(0, n));
        else for (let i = 0; i < n; i++) values[i] = BigInt(this.num.values[i]);
        return new BigIntColumn(dtype, values, validity, this.valid.nullCount);
      }
      case 'float32':
      case 'float64': {
        this.expectKind(['int', 'float', 'empty'], dtype);
        const values = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
        if (this.num.bigs !== null) for (let i = 0; i < n; i++) values[i] = Number(this.num.bigs[i]);
        else values.set(this.num.values.subarray(0, n));
        return new NumberColumn(dtype, values, validity, this.valid.nullCount);
      }
      case 'date': {
        this.expectKind(['int', 'empty'], dtype);
        this.checkIntRange('int32', n);
        return new NumberColumn('date', Int32Array.from(this.num.values.subarray(0, n)), validity, this.valid.nullCount);
      }
      default: {
        this.expectKind(['int', 'empty'], dtype);
        this.checkIntRange(dtype, n);
        const values = newNumberArray(dtype, n);
        if (this.num.bigs !== null) for (let i = 0; i < n; i++) values[i] = Number(this.num.bigs[i]);
        else values.set(this.num.values.subarray(0, n));
        return new NumberColumn(dtype, values, validity, this.valid.nullCount);
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
      if (this.valid.nullCount > 0 && !this.valid.isValid(i)) continue;
      const v = this.num.bigs !== null ? this.num.bigs[i] : this.num.values[i];
      if (v < lo || v > hi) {
        throw new DfError('usage', `column '${this.name}', row ${this.rowsBefore + i}: value ${v} does not fit ${dtype}`, { where: { column: this.name } });
      }
    }
  }

  /** Non-string values asked to be stored as strings: format them as `String(value)` would. */
  private stringified(n: number, categorical: boolean): Column {
    const builder = new ColumnBuilder({ name: this.name, dtype: categorical ? 'categorical' : 'utf8', dictionary: this.cat.dict });
    for (let i = 0; i < n; i++) builder.append(this.valueAt(i));
    return builder.finish();
  }

  private valueAt(i: number): unknown {
    if (this.valid.nullCount > 0 && !this.valid.isValid(i)) return null;
    if (this.kind === 'bool') return this.num.values[i] !== 0 ? 'true' : 'false';
    if (this.kind === 'timestamp') return new Date(Number((this.num.bigs as BigInt64Array)[i] / 1000n)).toISOString();
    if (this.num.bigs !== null) return String(this.num.bigs[i]);
    return String(this.num.values[i]);
  }

  private appendNumber(v: number): void {
    const i = this.length;
    if (this.kind === 'empty' || this.kind === 'int') {
      // -0 is an integer to JS but an integer array would store it as 0: keep it exact as a float.
      if (Number.isInteger(v) && !Object.is(v, -0)) {
        this.kind = 'int';
        if (this.num.bigs === null && Math.abs(v) <= MAX_SAFE) {
          this.num.values[i] = v;
          if (v < this.num.min) this.num.min = v;
          if (v > this.num.max) this.num.max = v;
          return;
        }
        if (v >= -(2 ** 63) && v < 2 ** 63) return this.appendBigInt(BigInt(v));
      }
      this.toKind('float');
    }
    if (this.kind === 'float') {
      this.num.values[i] = v;
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
        this.num.values[i] = Number(v);
        return;
      }
      if (this.num.bigs === null && v >= -BigInt(MAX_SAFE) && v <= BigInt(MAX_SAFE)) {
        return this.appendNumber(Number(v));
      }
      const bigs = this.num.ensureBigs(this.length);
      bigs[i] = v;
      if (v < this.num.bigMin) this.num.bigMin = v;
      if (v > this.num.bigMax) this.num.bigMax = v;
      return;
    }
    if (this.kind === 'float') {
      this.num.values[i] = Number(v);
      return;
    }
    this.toKind('string');
    this.appendString(String(v));
  }

  /** Moves the values appended so far to a wider kind (int -> float -> string). */
  private toKind(kind: Kind): void {
    if (this.kind === kind) return;
    const from = this.kind;
    if (kind === 'float' && from === 'int') {
      if (this.num.bigs !== null) {
        for (let j = 0; j < this.length; j++) this.num.values[j] = Number(this.num.bigs[j]);
        this.num.bigs = null;
      }
    } else if (kind === 'string' && from !== 'empty') {
      const previous: unknown[] = [];
      for (let j = 0; j < this.length; j++) previous.push(this.valueAt(j));
      this.kind = 'string';
      this.num.bigs = null;
      const n = this.length;
      this.length = 0;
      this.valid.nullCount = 0;
      this.str.dataEnd = 0;
      for (let j = 0; j < n; j++) {
        const v = previous[j];
        if (v === null) this.appendNull();
        else {
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
      this.cat.codes[i] = this.cat.dict.intern(v);
      if (this.cat.overCap) this.switchToUtf8(i + 1);
      return;
    }
    this.str.appendString(v, i);
  }

  /** Re-encodes the first `rows` codes of this chunk as utf8 bytes; later chunks of this builder stay utf8. */
  private switchToUtf8(rows = this.length): void {
    if (!this.categorical) return;
    this.categorical = false;
    this.str.setFromCodes(this.cat.codes, rows, this.cat.dict, this.valid.bits);
    // Chunks already emitted keep the old dictionary; new chunks are utf8 and need none.
    this.cat.dropDictionary();
  }

  private switchToCategorical(): void {
    this.categorical = true;
    for (let j = 0; j < this.length; j++) {
      this.cat.codes[j] = this.cat.dict.intern(utf8Decoder.decode(this.str.data.subarray(this.str.offsets[j], this.str.offsets[j + 1])));
    }
  }

  private reserve(rows: number): void {
    if (rows <= this.num.values.length) return;
    const cap = Math.max(rows, this.num.values.length * 2);
    this.num.resize(cap);
    this.cat.resize(cap);
    this.str.resize(cap);
    this.valid.resize(cap);
  }
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
