import { countUnset, getBit, sliceBits } from './bitmap.js';
import type { Dictionary } from './dictionary.js';
import type { BigIntDType, CodeArray, DType, NumberArray, NumberDType } from './dtype.js';
import { utf8Decoder } from './utf8.js';

/** A value as the public API returns it. int64 values beyond 2^53 come back as bigint, others as number. */
export type Value = number | bigint | string | boolean | null;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * One contiguous column of one chunk (Arrow's `Data`): a dtype, its typed-array storage and an optional
 * validity bitmap, present only when the column has nulls.
 */
abstract class ColumnBase {
  abstract readonly dtype: DType;
  readonly length: number;
  readonly validity: Uint8Array | null;
  readonly nullCount: number;

  constructor(length: number, validity: Uint8Array | null, nullCount?: number) {
    this.length = length;
    const nulls = validity === null ? 0 : (nullCount ?? countUnset(validity, length));
    // A bitmap without nulls is dropped so that "has a bitmap" means "has nulls".
    this.validity = nulls === 0 ? null : validity;
    this.nullCount = nulls;
  }

  isValid(i: number): boolean {
    return this.validity === null || getBit(this.validity, i);
  }

  /** The buffers this column owns (values, codes, offsets, bytes, validity). */
  abstract buffers(): ArrayBufferView[];

  /** Bytes of this column's own buffers; a categorical column's dictionary is not included. */
  get byteLength(): number {
    let n = 0;
    for (const b of this.buffers()) n += b.byteLength;
    return n;
  }

  abstract get(i: number): Value;
  /** Rows [start, end) as a column of their own: every array copied, none shared with this one. */
  abstract slice(start: number, end: number): Column;

  protected sliceValidity(start: number, end: number): Uint8Array | null {
    return this.validity === null ? null : sliceBits(this.validity, start, end);
  }

  protected validityBuffers(): ArrayBufferView[] {
    return this.validity === null ? [] : [this.validity];
  }
}

/** Integers up to 32 bits, floats, and dates (days since the epoch, int32). */
export class NumberColumn extends ColumnBase {
  constructor(
    readonly dtype: NumberDType,
    readonly values: NumberArray,
    validity: Uint8Array | null = null,
    nullCount?: number,
  ) {
    super(values.length, validity, nullCount);
  }

  buffers(): ArrayBufferView[] {
    return [this.values, ...this.validityBuffers()];
  }

  get(i: number): number | null {
    return this.isValid(i) ? this.values[i] : null;
  }

  slice(start: number, end: number): NumberColumn {
    return new NumberColumn(this.dtype, this.values.slice(start, end), this.sliceValidity(start, end));
  }
}

/** int64 and timestamp (microseconds since the epoch), stored exactly as 64-bit integers. */
export class BigIntColumn extends ColumnBase {
  constructor(
    readonly dtype: BigIntDType,
    readonly values: BigInt64Array,
    validity: Uint8Array | null = null,
    nullCount?: number,
  ) {
    super(values.length, validity, nullCount);
  }

  buffers(): ArrayBufferView[] {
    return [this.values, ...this.validityBuffers()];
  }

  get(i: number): number | bigint | null {
    if (!this.isValid(i)) return null;
    const v = this.values[i];
    return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v;
  }

  slice(start: number, end: number): BigIntColumn {
    return new BigIntColumn(this.dtype, this.values.slice(start, end), this.sliceValidity(start, end));
  }
}

/** Booleans, bit-packed like the validity bitmap. */
export class BoolColumn extends ColumnBase {
  readonly dtype = 'bool' as const;

  constructor(
    readonly values: Uint8Array,
    length: number,
    validity: Uint8Array | null = null,
    nullCount?: number,
  ) {
    super(length, validity, nullCount);
  }

  buffers(): ArrayBufferView[] {
    return [this.values, ...this.validityBuffers()];
  }

  get(i: number): boolean | null {
    return this.isValid(i) ? getBit(this.values, i) : null;
  }

  slice(start: number, end: number): BoolColumn {
    return new BoolColumn(sliceBits(this.values, start, end), end - start, this.sliceValidity(start, end));
  }
}

/** Strings as `length + 1` offsets into one UTF-8 byte buffer. */
export class Utf8Column extends ColumnBase {
  readonly dtype = 'utf8' as const;

  constructor(
    readonly offsets: Int32Array,
    readonly data: Uint8Array,
    validity: Uint8Array | null = null,
    nullCount?: number,
  ) {
    super(offsets.length - 1, validity, nullCount);
  }

  buffers(): ArrayBufferView[] {
    return [this.offsets, this.data, ...this.validityBuffers()];
  }

  get(i: number): string | null {
    return this.isValid(i) ? utf8Decoder.decode(this.bytesAt(i)) : null;
  }

  bytesAt(i: number): Uint8Array {
    return this.data.subarray(this.offsets[i], this.offsets[i + 1]);
  }

  slice(start: number, end: number): Utf8Column {
    const base = this.offsets[start];
    const offsets = this.offsets.slice(start, end + 1).map((o) => o - base);
    return new Utf8Column(offsets, this.data.slice(base, this.offsets[end]), this.sliceValidity(start, end));
  }
}

/** Dictionary-encoded strings: codes in the narrowest unsigned array + a dictionary shared by all chunks. */
export class CategoricalColumn extends ColumnBase {
  readonly dtype = 'categorical' as const;

  constructor(
    readonly codes: CodeArray,
    readonly dictionary: Dictionary,
    validity: Uint8Array | null = null,
    nullCount?: number,
  ) {
    super(codes.length, validity, nullCount);
  }

  buffers(): ArrayBufferView[] {
    return [this.codes, ...this.validityBuffers()];
  }

  get(i: number): string | null {
    return this.isValid(i) ? this.dictionary.get(this.codes[i]) : null;
  }

  slice(start: number, end: number): CategoricalColumn {
    return new CategoricalColumn(this.codes.slice(start, end), this.dictionary, this.sliceValidity(start, end));
  }
}

export type Column = NumberColumn | BigIntColumn | BoolColumn | Utf8Column | CategoricalColumn;

/** The narrowest unsigned code array able to index a dictionary of `size` entries. */
export function codeArrayFor(size: number, length: number): CodeArray {
  if (size <= 0x100) return new Uint8Array(length);
  if (size <= 0x10000) return new Uint16Array(length);
  return new Uint32Array(length);
}
