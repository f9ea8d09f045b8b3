/**
 * The logical types of df-stream. Each names one physical storage (see `Column`):
 * ints and floats are typed arrays, `int64`/`timestamp` are `BigInt64Array`, `bool` is bit-packed,
 * `utf8` is offsets + one byte buffer, `categorical` is codes + a shared `Dictionary`.
 */
export const DTYPES = ['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'float32', 'float64', 'utf8', 'categorical', 'date', 'timestamp'] as const;

export type DType = (typeof DTYPES)[number];
export type IntDType = 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32';
export type FloatDType = 'float32' | 'float64';
/** Dtypes whose values live in a number-valued typed array. */
export type NumberDType = Exclude<IntDType, 'int64'> | FloatDType | 'date';
/** Dtypes whose values live in a `BigInt64Array`. */
export type BigIntDType = 'int64' | 'timestamp';
export type StringDType = 'utf8' | 'categorical';

export type NumberArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;
export type CodeArray = Uint8Array | Uint16Array | Uint32Array;

export function isDType(name: string): name is DType {
  return (DTYPES as readonly string[]).includes(name);
}

export function isIntegerDType(dtype: DType): dtype is IntDType {
  return INT_RANGES[dtype as IntDType] !== undefined;
}

export function isFloatDType(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

export function isNumericDType(dtype: DType): dtype is IntDType | FloatDType {
  return isIntegerDType(dtype) || isFloatDType(dtype);
}

export function isStringDType(dtype: DType): dtype is StringDType {
  return dtype === 'utf8' || dtype === 'categorical';
}

/** Inclusive value range of each integer dtype (int64 as bigint bounds). */
export const INT_RANGES: Readonly<Record<IntDType, readonly [bigint, bigint]>> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 4294967295n],
};

/** Bytes per value of the dtypes stored in fixed-width arrays. */
export const BYTE_WIDTH: Readonly<Partial<Record<DType, number>>> = {
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  float32: 4,
  float64: 8,
  date: 4,
  timestamp: 8,
};

const SIGNED_LADDER = ['int8', 'int16', 'int32', 'int64'] as const;

/** The narrowest signed integer dtype holding every value in [min, max] (the downcast rule). */
export function narrowestIntDType(min: number | bigint, max: number | bigint): 'int8' | 'int16' | 'int32' | 'int64' {
  for (const dtype of SIGNED_LADDER) {
    const [lo, hi] = INT_RANGES[dtype];
    if (min >= lo && max <= hi) return dtype;
  }
  return 'int64';
}

/** True if every value of `from` is exactly representable in `to`. */
export function intFits(from: IntDType, to: IntDType): boolean {
  const [a, b] = INT_RANGES[from];
  const [c, d] = INT_RANGES[to];
  return a >= c && b <= d;
}

/**
 * The dtype two chunks of one column widen to when they disagree (a later chunk saw a wider value).
 * Integers widen to the narrowest integer holding both, then to float64; anything with strings becomes utf8.
 */
export function supertype(a: DType, b: DType): DType {
  if (a === b) return a;
  if (isIntegerDType(a) && isIntegerDType(b)) {
    if (intFits(a, b)) return b;
    if (intFits(b, a)) return a;
    const [a0, a1] = INT_RANGES[a];
    const [b0, b1] = INT_RANGES[b];
    const lo = a0 < b0 ? a0 : b0;
    const hi = a1 > b1 ? a1 : b1;
    if (hi > INT_RANGES.int64[1]) return 'float64';
    return narrowestIntDType(lo, hi);
  }
  if (isNumericDType(a) && isNumericDType(b)) return 'float64';
  if (isStringDType(a) && isStringDType(b)) return 'utf8';
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp';
  return 'utf8';
}
