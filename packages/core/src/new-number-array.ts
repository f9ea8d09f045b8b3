import type { DType, NumberArray } from './dtype.js';
import { DfError } from './errors/df-error.js';

/** A zeroed typed array of `n` values in the storage of a number dtype (`date` is int32 days). */
export function newNumberArray(dtype: DType, n: number): NumberArray {
  switch (dtype) {
    case 'int8':
      return new Int8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'uint8':
      return new Uint8Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int32':
    case 'date':
      return new Int32Array(n);
    default:
      throw new DfError('internal', `${dtype} is not stored in a number array`);
  }
}
