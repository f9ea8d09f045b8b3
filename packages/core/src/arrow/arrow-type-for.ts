import type { DataType, Uint8, Uint16, Uint32 } from 'apache-arrow';
import type { DType } from '../dtype.js';
import { arrowModule } from './arrow-module.js';

export type ArrowKeyType = Uint8 | Uint16 | Uint32;

/** The Arrow type a dtype is written as; `categorical` needs the key width (from the code array). */
export function arrowTypeFor(dtype: DType, keyBytes: 1 | 2 | 4 = 4, dictionaryId?: number): DataType {
  const { Bool, DateDay, Dictionary: ArrowDictionary, Float32, Float64, Int8, Int16, Int32, Int64, TimestampMicrosecond, Uint8, Uint16, Uint32, Utf8 } = arrowModule();
  switch (dtype) {
    case 'bool':
      return new Bool();
    case 'int8':
      return new Int8();
    case 'int16':
      return new Int16();
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'uint8':
      return new Uint8();
    case 'uint16':
      return new Uint16();
    case 'uint32':
      return new Uint32();
    case 'float32':
      return new Float32();
    case 'float64':
      return new Float64();
    case 'utf8':
      return new Utf8();
    case 'categorical':
      return new ArrowDictionary(new Utf8(), keyTypeOf(keyBytes), dictionaryId);
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new TimestampMicrosecond();
  }
}

export function keyTypeOf(bytes: 1 | 2 | 4): ArrowKeyType {
  const { Uint8, Uint16, Uint32 } = arrowModule();
  return bytes === 1 ? new Uint8() : bytes === 2 ? new Uint16() : new Uint32();
}

/** Bytes per key of an Arrow dictionary type (0 if the type is not a dictionary). */
export function keyBytesOf(type: DataType): number {
  return arrowModule().DataType.isDictionary(type) ? type.indices.bitWidth / 8 : 0;
}
