import { DfError } from '../errors/df-error.js';

/** An Arrow column whose type has no df-stream dtype (lists, structs, maps, wide decimals, ...). */
export class UnsupportedArrowTypeError extends DfError {
  readonly column: string;
  readonly arrowType: string;

  constructor(column: string, arrowType: string, detail = '') {
    super('data', `column '${column}': unsupported type ${arrowType}${detail === '' ? '' : ` (${detail})`}`, { where: { column } });
    this.name = 'UnsupportedArrowTypeError';
    this.column = column;
    this.arrowType = arrowType;
  }
}

/** Arrow data that breaks its own layout rules (offsets past the end, keys outside the dictionary). */
export class InvalidArrowDataError extends DfError {
  readonly column: string;

  constructor(column: string, detail: string) {
    super('data', `column '${column}': invalid Arrow data: ${detail}`, { where: { column } });
    this.name = 'InvalidArrowDataError';
    this.column = column;
  }
}
