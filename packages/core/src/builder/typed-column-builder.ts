import { BigIntColumn, type Column, NumberColumn } from '../column.js';
import type { Dictionary } from '../dictionary.js';
import { type DType, isIntegerDType } from '../dtype.js';
import { allNullColumn } from './all-null-column.js';
import { CategoricalBuilder } from './categorical-builder.js';
import { NumberBuilder } from './number-builder.js';
import { Utf8Builder } from './utf8-builder.js';
import { ValidityBuilder } from './validity-builder.js';

/** What a column holds so far; it only moves up: null -> bool | int -> float -> string (date and timestamp are asked for). */
export type ValueKind = 'null' | 'bool' | 'int' | 'float' | 'string' | 'date' | 'timestamp';

export interface TypedColumnOptions {
  /** The kind the column starts as (inferred from a sample, or implied by `fixed`). */
  kind: ValueKind;
  /** The dtype announced in the schema: the lower bound of every chunk's integer dtype, and all-null chunks'. */
  announced: DType;
  /** A user-given dtype: chunks are always this dtype. */
  fixed?: DType;
  /** Rows per chunk: the storage grows up to this many rows, so small inputs stay small. */
  chunkSize: number;
  /**
   * Rows of storage made up front (default min(chunkSize, 1024)): a reader of thousands of columns asks for fewer,
   * since 1024 rows of every column of a 100,000-column header were 1.2 GB before the first row was read.
   */
  initialRows?: number;
  /** Distinct strings past which the column falls back from categorical to utf8 (ignored when `fixed` is categorical). */
  categoricalCap: number;
  dictionary?: Dictionary;
}

/**
 * The typed back end of a reader's column: the storage of the chunk being built (core's `NumberBuilder`,
 * `ValidityBuilder`, `CategoricalBuilder`, `Utf8Builder`), the kind it holds, and every rule that makes the
 * chunk compact: integers narrowed per chunk and never below an earlier chunk; one dictionary for all chunks
 * until the cap, then utf8; numbers that meet text become utf8 with earlier values as `String(value)`; validity
 * only with nulls; all-null chunks in the announced dtype. A reader's byte loops write straight into `num`,
 * `cat` and `str`, and call the methods here for anything that changes the layout.
 */
export class TypedColumnBuilder {
  kind: ValueKind;
  /** String storage is utf8 bytes (`str`), not dictionary codes (`cat`). */
  utf8 = false;
  /** The dictionary passed the cap in this column. */
  capExceeded = false;
  readonly fixed: DType | undefined;
  readonly announced: DType;
  readonly num: NumberBuilder;
  readonly valid: ValidityBuilder;
  /** Codes and dictionary: made with the column (all-null chunks share the dictionary), codes on first string. */
  readonly cat: CategoricalBuilder;
  str: Utf8Builder | null = null;
  /** Rows the storage holds now. */
  capacity: number;
  private readonly chunkSize: number;

  constructor(options: TypedColumnOptions) {
    this.fixed = options.fixed;
    this.kind = options.fixed === undefined ? options.kind : kindOfDType(options.fixed);
    this.announced = options.fixed ?? options.announced;
    this.chunkSize = options.chunkSize;
    this.capacity = Math.max(1, Math.min(options.chunkSize, options.initialRows ?? 1024, 1024));
    this.num = new NumberBuilder(this.capacity, isIntegerDType(this.announced) ? this.announced : null);
    this.valid = new ValidityBuilder(this.capacity);
    this.cat = new CategoricalBuilder(0, options.fixed === 'categorical' ? Infinity : options.categoricalCap, options.dictionary);
    if (this.kind === 'string') this.startStrings(0, options.fixed === 'utf8' || options.announced === 'utf8');
  }

  /** Room for `rows` rows of this chunk (never more than a chunk). */
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const cap = Math.min(this.chunkSize, Math.max(rows, this.capacity * 2));
    this.num.resize(cap);
    this.valid.resize(cap);
    if (this.cat.codes.length > 0) this.cat.resize(cap);
    this.str?.resize(cap);
    this.capacity = cap;
  }

  setNull(row: number): void {
    this.valid.setNull(row);
    switch (this.kind) {
      case 'string':
        if (this.utf8) (this.str as Utf8Builder).setEmpty(row);
        else this.cat.codes[row] = 0;
        return;
      case 'timestamp':
        this.num.ensureBigs(row)[row] = 0n;
        return;
      default:
        this.num.values[row] = 0;
        if (this.num.bigs !== null) this.num.bigs[row] = 0n;
    }
  }

  /** Switches to string storage; rows before `row` are all null (kind 'null') or rewritten by the caller. */
  startStrings(row: number, utf8: boolean): Utf8Builder {
    this.kind = 'string';
    this.utf8 = utf8;
    let str = this.str;
    if (utf8) {
      if (str === null) str = this.str = new Utf8Builder(this.capacity);
      str.start(row);
    } else {
      if (this.cat.codes.length < this.capacity) this.cat.resize(this.capacity);
      this.cat.codes.fill(0, 0, row);
    }
    return str as Utf8Builder;
  }

  /** Rows [0, row) become strings: the column holds numbers and text, so it becomes utf8 for good. */
  numbersToUtf8(row: number): void {
    const kind = this.kind;
    const from = kind === 'bool' || kind === 'date' || kind === 'timestamp' ? kind : 'number';
    if (from === 'timestamp') this.num.ensureBigs(row);
    this.startStrings(row, true).setFromNumbers(this.num, row, this.valid.bits, from);
    this.num.bigs = null;
    this.num.intFloor = null;
  }

  /** Rows [0, row) of dates become midnight timestamps: a date column met a timestamp. */
  datesToTimestamps(row: number): void {
    const bigs = this.num.ensureBigs(row);
    for (let i = 0; i < row; i++) bigs[i] *= 86_400_000_000n;
    this.kind = 'timestamp';
  }

  /** The dictionary passed the cap: rows [0, rows) of this chunk are re-encoded as utf8 bytes. */
  categoricalToUtf8(rows: number): void {
    const cat = this.cat;
    this.startStrings(0, true).setFromCodes(cat.codes, rows, cat.dict, this.valid.bits);
    cat.dropDictionary();
    this.capExceeded = true;
  }

  /** What a sample of `n` rows says about the column: its kind and the dtype to announce (the sample is consumed). */
  samplePlan(n: number): { kind: ValueKind; dtype: DType } {
    const kind = this.kind;
    const column = this.finish(n);
    if (kind === 'null') return { kind, dtype: 'utf8' };
    // Text mixed with numbers in the sample is still text as written: categorical unless past the cap.
    if (kind === 'string') return { kind, dtype: this.capExceeded || this.fixed === 'utf8' ? 'utf8' : 'categorical' };
    return { kind, dtype: column.dtype };
  }

  /** Emits rows [0, n) as one column and starts the next chunk. */
  finish(n: number): Column {
    const nullCount = this.valid.nullCount;
    const column = this.build(n, this.valid.finish(n), nullCount);
    this.num.reset();
    if (this.str !== null) this.str.dataEnd = 0;
    return column;
  }

  private build(n: number, validity: Uint8Array | null, nullCount: number): Column {
    switch (this.kind) {
      case 'int':
        return this.num.intColumn(this.fixed ?? this.num.intDType(n, nullCount), n, validity, nullCount);
      case 'float':
        return this.num.floatColumn(this.fixed === 'float32', n, validity, nullCount);
      case 'bool':
        return this.num.boolColumn(n, validity, nullCount);
      case 'date':
        return new NumberColumn('date', Int32Array.from(this.num.values.subarray(0, n)), validity, nullCount);
      case 'timestamp': {
        const out = new BigInt64Array(n);
        if (this.num.bigs !== null) out.set(this.num.bigs.subarray(0, n));
        return new BigIntColumn('timestamp', out, validity, nullCount);
      }
      case 'string':
        return this.utf8 ? (this.str as Utf8Builder).finish(n, validity, nullCount) : this.cat.finish(n, validity, nullCount);
      case 'null':
        return allNullColumn(this.announced, n, this.cat.dict);
    }
  }
}

/** The kind of values a column of `dtype` holds. */
export function kindOfDType(dtype: DType): ValueKind {
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
