import { bitmapByteLength } from '../bitmap.js';
import { BigIntColumn, BoolColumn, type Column, NumberColumn } from '../column.js';
import { type DType, INT_RANGES, type IntDType, type NumberArray, narrowestIntDType } from '../dtype.js';
import { newNumberArray } from '../new-number-array.js';
import { widenInt } from './int-narrowing.js';

const INT64_MIN = INT_RANGES.int64[0];
const INT64_MAX = INT_RANGES.int64[1];
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Number storage of the chunk being built, and the integer narrowing rule. Values go into a float64 scratch
 * array (exact integers up to 2^53; a bigint array takes over beyond, `ensureBigs`), with the range seen
 * (`min`/`max`, or `bigMin`/`bigMax` once bigints are in use). A reader's hot loop writes `values` and the
 * range itself. At the end of a chunk the integers go out in the narrowest dtype that holds them, never
 * narrower than earlier chunks (`intFloor`): the column widens, it never wraps.
 */
export class NumberBuilder {
  values: Float64Array;
  bigs: BigInt64Array | null = null;
  /** `bigs` as 32-bit words (`setInt64`), remade when `bigs` is. */
  private words: Int32Array | null = null;
  min = Infinity;
  max = -Infinity;
  bigMin = INT64_MAX;
  bigMax = INT64_MIN;
  /** The widest integer dtype of earlier chunks (or a fixed one), the lower bound of the next. */
  intFloor: DType | null;

  constructor(capacity: number, intFloor: DType | null = null) {
    this.values = new Float64Array(capacity);
    this.intFloor = intFloor;
  }

  get capacity(): number {
    return this.values.length;
  }

  /**
   * Row `row` of the bigint array (made on need) holds the integer `v`, exact in a double (|v| <= 2^53): written as
   * two 32-bit words, since storing a number into a BigInt64Array makes a BigInt per value first (timestamps, one a
   * row). A big-endian host takes the BigInt path.
   */
  setInt64(row: number, v: number): void {
    const bigs = this.ensureBigs(row);
    if (!LITTLE_ENDIAN) {
      bigs[row] = BigInt(v);
      return;
    }
    if (this.words === null || this.words.buffer !== bigs.buffer) this.words = new Int32Array(bigs.buffer, bigs.byteOffset, bigs.length * 2);
    const hi = Math.floor(v / 4_294_967_296);
    // The low word as an unsigned 0..2^32-1 value: the Int32Array store wraps it to the same bits.
    this.words[2 * row] = v - hi * 4_294_967_296;
    this.words[2 * row + 1] = hi;
  }

  /** Room for `capacity` rows, keeping the values so far. */
  resize(capacity: number): void {
    const values = new Float64Array(capacity);
    values.set(this.values.subarray(0, Math.min(capacity, this.values.length)));
    this.values = values;
    if (this.bigs !== null) {
      const bigs = new BigInt64Array(capacity);
      bigs.set(this.bigs.subarray(0, Math.min(capacity, this.bigs.length)));
      this.bigs = bigs;
    }
  }

  /** The bigint array, made on first need from the `rows` integers so far (exact in float64). */
  ensureBigs(rows: number): BigInt64Array {
    if (this.bigs === null) {
      const bigs = new BigInt64Array(this.values.length);
      for (let i = 0; i < rows; i++) bigs[i] = BigInt(this.values[i]);
      this.bigs = bigs;
      const seen = this.min !== Infinity;
      this.bigMin = seen ? BigInt(this.min) : INT64_MAX;
      this.bigMax = seen ? BigInt(this.max) : INT64_MIN;
    }
    return this.bigs;
  }

  /** Whether an integer was recorded in the range since the last `reset`. */
  get seen(): boolean {
    return this.bigs !== null ? this.bigMin <= this.bigMax : this.min <= this.max;
  }

  /** The narrowest signed integer dtype holding the range seen. */
  narrowest(): IntDType {
    return this.bigs !== null ? narrowestIntDType(this.bigMin, this.bigMax) : narrowestIntDType(this.min, this.max);
  }

  /**
   * The chunk's integer dtype: the narrowest holding its values, never narrower than earlier chunks (then
   * the floor for the next). A chunk of no values (all null) takes the floor, or int8.
   */
  intDType(n: number, nullCount: number): DType {
    if (!this.seen || n === nullCount) return this.intFloor ?? 'int8';
    const widened = widenInt(this.intFloor, this.narrowest());
    this.intFloor = widened;
    return widened;
  }

  /** Rows [0, n) as integers of `dtype` (int64, or a dtype known to hold them). */
  intColumn(dtype: DType, n: number, validity: Uint8Array | null, nullCount: number): Column {
    if (dtype === 'int64') {
      const out = new BigInt64Array(n);
      if (this.bigs !== null) out.set(this.bigs.subarray(0, n));
      else for (let i = 0; i < n; i++) out[i] = BigInt(this.values[i]);
      return new BigIntColumn('int64', out, validity, nullCount);
    }
    const out = newNumberArray(dtype, n);
    narrowInto(out, this.values, n);
    return new NumberColumn(dtype as Exclude<IntDType, 'int64'>, out, validity, nullCount);
  }

  /** Rows [0, n) as float64 (a full scratch array is handed over, not copied) or float32. */
  floatColumn(float32: boolean, n: number, validity: Uint8Array | null, nullCount: number): Column {
    if (float32) return new NumberColumn('float32', Float32Array.from(this.values.subarray(0, n)), validity, nullCount);
    const out = n === this.values.length ? this.values : this.values.slice(0, n);
    if (out === this.values) this.values = new Float64Array(out.length);
    return new NumberColumn('float64', out, validity, nullCount);
  }

  /** Rows [0, n) (0 or 1) as a bit-packed bool column. */
  boolColumn(n: number, validity: Uint8Array | null, nullCount: number): Column {
    const bits = new Uint8Array(bitmapByteLength(n));
    for (let i = 0; i < n; i++) if (this.values[i] !== 0) bits[i >>> 3] |= 1 << (i & 7);
    return new BoolColumn(bits, n, validity, nullCount);
  }

  /** Starts the next chunk: no range seen, no bigints. */
  reset(): void {
    this.min = Infinity;
    this.max = -Infinity;
    this.bigs = null;
  }
}

/**
 * `out.set(values.subarray(0, n))` for integer values that fit `out`: V8's `set` from float64 into a narrower
 * integer array took 3.3 ns a value (2.2 into int32), this loop 1.6; 5e7 values in db-benchmark's file.
 * `| 0` turns a uint32 value past 2^31 negative; the Uint32Array store wraps it back.
 */
export function narrowInto(out: NumberArray, values: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = values[i] | 0;
}
