import type { DataType } from 'apache-arrow';
import type { DType } from '../dtype.js';
import { arrowModule } from './arrow-module.js';
import { UnsupportedArrowTypeError } from './unsupported-arrow-type-error.js';

/** Decimals up to this precision convert to float64 (a double holds 15 significant digits exactly). */
export const MAX_FLOAT_DECIMAL_PRECISION = 15;
/** Integral decimals up to this precision fit int64. */
export const MAX_INT_DECIMAL_PRECISION = 18;

/**
 * The dtype an Arrow type maps to before integer downcasting (the widest the column can be).
 * Throws `UnsupportedArrowTypeError` for types with no df-stream dtype.
 */
export function dtypeOfArrowType(type: DataType, column: string): DType {
  const { DataType: ArrowDataType, Type } = arrowModule();
  switch (type.typeId) {
    case Type.Null:
      return 'int8';
    case Type.Bool:
      return 'bool';
    case Type.Int:
    case Type.Int8:
    case Type.Int16:
    case Type.Int32:
    case Type.Int64:
    case Type.Uint8:
    case Type.Uint16:
    case Type.Uint32:
    case Type.Uint64:
      return intDType(type, column);
    case Type.Float:
    case Type.Float16:
    case Type.Float32:
    case Type.Float64:
      return ArrowDataType.isFloat(type) && type.precision === 2 ? 'float64' : 'float32';
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
    case Type.Binary:
    case Type.LargeBinary:
    case Type.BinaryView:
      return 'utf8';
    case Type.Dictionary:
      if (ArrowDataType.isDictionary(type) && isStringType(type.dictionary)) return 'categorical';
      throw new UnsupportedArrowTypeError(column, String(type), 'only dictionaries of strings are supported');
    case Type.Date:
    case Type.DateDay:
    case Type.DateMillisecond:
      return 'date';
    case Type.Timestamp:
    case Type.TimestampSecond:
    case Type.TimestampMillisecond:
    case Type.TimestampMicrosecond:
    case Type.TimestampNanosecond:
      return 'timestamp';
    case Type.Decimal:
      if (ArrowDataType.isDecimal(type)) {
        if (type.scale === 0 && type.precision <= MAX_INT_DECIMAL_PRECISION) return 'int64';
        if (type.precision <= MAX_FLOAT_DECIMAL_PRECISION) return 'float64';
      }
      throw new UnsupportedArrowTypeError(
        column,
        String(type),
        `decimals are read up to precision ${MAX_FLOAT_DECIMAL_PRECISION}, or ${MAX_INT_DECIMAL_PRECISION} with scale 0`,
      );
    default:
      throw new UnsupportedArrowTypeError(column, String(type));
  }
}

export function isStringType(type: DataType): boolean {
  const { DataType: ArrowDataType } = arrowModule();
  return (
    ArrowDataType.isUtf8(type) ||
    ArrowDataType.isLargeUtf8(type) ||
    ArrowDataType.isBinary(type) ||
    ArrowDataType.isLargeBinary(type) ||
    ArrowDataType.isUtf8View(type) ||
    ArrowDataType.isBinaryView(type)
  );
}

function intDType(type: DataType, column: string): DType {
  if (!arrowModule().DataType.isInt(type)) throw new UnsupportedArrowTypeError(column, String(type));
  if (type.isSigned) {
    return type.bitWidth === 8 ? 'int8' : type.bitWidth === 16 ? 'int16' : type.bitWidth === 32 ? 'int32' : 'int64';
  }
  // uint64 has no dtype of its own: values are read as int64 and refused if they do not fit.
  return type.bitWidth === 8 ? 'uint8' : type.bitWidth === 16 ? 'uint16' : type.bitWidth === 32 ? 'uint32' : 'int64';
}
